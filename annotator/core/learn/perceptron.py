"""An averaged perceptron (multi-class, string features), and a greedy tagger on it.

Pure Python and small: it scores the link candidates (a handful per span) and is
the pure-Python sequence learner compared with the CRF in ``bench/eval_learning.py``.
Weights are plain dicts, saved as JSON, so a model file never holds code.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .tagging import OUTSIDE

__all__ = ["AveragedPerceptron", "GreedyTagger"]


class AveragedPerceptron:
    def __init__(self, classes: Iterable[str] = ()) -> None:
        self.classes = sorted(set(classes))
        self.weights: dict[str, dict[str, float]] = {}
        # Averaging bookkeeping (training only).
        self._totals: dict[tuple[str, str], float] = defaultdict(float)
        self._stamps: dict[tuple[str, str], int] = defaultdict(int)
        self._i = 0

    def scores(self, features: Iterable[str]) -> dict[str, float]:
        out = dict.fromkeys(self.classes, 0.0)
        w = self.weights
        for f in features:
            row = w.get(f)
            if row:
                for c, v in row.items():
                    out[c] += v
        return out

    def predict(self, features: Iterable[str]) -> str:
        sc = self.scores(features)
        return max(self.classes, key=lambda c: (sc[c], c))

    def update(self, truth: str, guess: str, features: Sequence[str]) -> None:
        self._i += 1
        if truth == guess:
            return
        for f in features:
            row = self.weights.setdefault(f, {})
            for c, delta in ((truth, 1.0), (guess, -1.0)):
                key = (f, c)
                v = row.get(c, 0.0)
                self._totals[key] += (self._i - self._stamps[key]) * v
                self._stamps[key] = self._i
                row[c] = v + delta

    def average(self) -> None:
        for f, row in self.weights.items():
            for c, v in list(row.items()):
                key = (f, c)
                total = self._totals[key] + (self._i - self._stamps[key]) * v
                avg = round(total / max(self._i, 1), 4)
                if avg:
                    row[c] = avg
                else:
                    del row[c]
        self.weights = {f: row for f, row in self.weights.items() if row}
        self._totals.clear()
        self._stamps.clear()

    def to_dict(self) -> dict[str, Any]:
        return {"classes": self.classes, "weights": self.weights}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AveragedPerceptron:
        p = cls(str(c) for c in d["classes"])
        p.weights = {str(f): {str(c): float(v) for c, v in row.items()} for f, row in d["weights"].items()}
        return p


def softmax_top(scores: dict[str, float], best: str) -> float:
    top = max(scores.values())
    total = sum(math.exp(v - top) for v in scores.values())
    return math.exp(scores[best] - top) / total


class GreedyTagger:
    """Left to right, each tag chosen with the previous two tags as features."""

    def __init__(self, model: AveragedPerceptron) -> None:
        self.model = model

    @staticmethod
    def _with_history(feats: list[str], p1: str, p2: str) -> list[str]:
        return [*feats, "t-1=" + p1, "t-2=" + p1 + "|" + p2, "t-1w=" + p1 + "|" + feats[1]]

    def tag(self, xseq: list[list[str]], *, every_token: bool = False) -> tuple[list[str], list[float]]:
        tags: list[str] = []
        conf: list[float] = []
        p1 = p2 = "<s>"
        for feats in xseq:
            sc = self.model.scores(self._with_history(feats, p1, p2))
            best = max(sc, key=lambda c: (sc[c], c))
            tags.append(best)
            conf.append(softmax_top(sc, best))
            p1, p2 = best, p1
        return tags, conf

    @classmethod
    def train(
        cls,
        xs: list[list[list[str]]],
        ys: list[list[str]],
        *,
        epochs: int = 5,
        seed: int = 7,
        step: Callable[[int, int], None] = lambda done, total: None,
    ) -> GreedyTagger:
        model = AveragedPerceptron({t for y in ys for t in y} | {OUTSIDE})
        order = list(range(len(xs)))
        rng = random.Random(seed)
        for epoch in range(epochs):
            rng.shuffle(order)
            for k in order:
                p1 = p2 = "<s>"
                for feats, truth in zip(xs[k], ys[k], strict=True):
                    full = cls._with_history(feats, p1, p2)
                    guess = model.predict(full)
                    model.update(truth, guess, full)
                    p1, p2 = guess, p1
            step(epoch + 1, epochs)
        model.average()
        return cls(model)
