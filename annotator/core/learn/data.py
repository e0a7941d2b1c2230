"""What a learner sees of a story, and how its suggestions are scored against gold.

Scores follow the attribution literature (PARC, PolNeAR): a suggested span matches
a gold span of its label when it covers at least half of the gold span's
characters (``overlap``), or when its fragments are the same (``exact``); each
gold span is matched at most once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = ["TrainingStory", "LabelScore", "score_spans", "score_links", "span_matching", "covered", "matches"]

Frags = tuple[tuple[int, int], ...]


@dataclass
class TrainingStory:
    """One story of one annotator's layer: spans as (key, label, fragments), links as (type, from key, to key)."""

    doc_id: str
    text: str
    spans: list[tuple[str, str, Frags]] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class LabelScore:
    gold: int = 0
    predicted: int = 0
    overlap_hits: int = 0
    exact_hits: int = 0

    @staticmethod
    def _f1(hits: int, predicted: int, gold: int) -> float:
        return 2 * hits / (predicted + gold) if predicted + gold else 0.0

    @property
    def overlap_f1(self) -> float:
        return self._f1(self.overlap_hits, self.predicted, self.gold)

    @property
    def exact_f1(self) -> float:
        return self._f1(self.exact_hits, self.predicted, self.gold)

    @property
    def overlap_precision(self) -> float:
        return self.overlap_hits / self.predicted if self.predicted else 0.0

    @property
    def overlap_recall(self) -> float:
        return self.overlap_hits / self.gold if self.gold else 0.0

    def add(self, other: LabelScore) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.overlap_hits += other.overlap_hits
        self.exact_hits += other.exact_hits

    def as_dict(self) -> dict[str, float | int]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "overlap_f1": round(self.overlap_f1, 4),
            "exact_f1": round(self.exact_f1, 4),
        }


def covered(gold: Frags, pred: Frags) -> int:
    """Characters of ``gold`` that ``pred`` covers."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in gold for s2, e2 in pred)


def matches(gold: Sequence[Frags], pred: Sequence[Frags]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs, one to one, best coverage first."""
    pairs = []
    for gi, g in enumerate(gold):
        size = sum(e - s for s, e in g)
        for pi, p in enumerate(pred):
            c = covered(g, p)
            if c * 2 >= size and c:
                pairs.append((-c, gi, pi))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def score_spans(gold: Iterable[tuple[str, Frags]], predicted: Iterable[tuple[str, Frags]]) -> dict[str, LabelScore]:
    """Per-label scores for one story."""
    g_by: dict[str, list[Frags]] = defaultdict(list)
    p_by: dict[str, list[Frags]] = defaultdict(list)
    for label, frags in gold:
        g_by[label].append(frags)
    for label, frags in predicted:
        p_by[label].append(frags)
    out = {}
    for label in set(g_by) | set(p_by):
        g, p = g_by[label], p_by[label]
        exact = len(set(g) & set(p))
        out[label] = LabelScore(len(g), len(p), len(matches(g, p)), exact)
    return out


def span_matching(gold: dict[str, tuple[str, Frags]], pred: dict[str, tuple[str, Frags]]) -> dict[str, str]:
    """Gold key -> predicted key for spans that match (same label, overlap rule)."""
    out: dict[str, str] = {}
    for label in {lb for lb, _ in gold.values()}:
        gk = [k for k, (lb, _) in gold.items() if lb == label]
        pk = [k for k, (lb, _) in pred.items() if lb == label]
        for gi, pi in matches([gold[k][1] for k in gk], [pred[k][1] for k in pk]):
            out[gk[gi]] = pk[pi]
    return out


def score_links(
    gold: dict[str, tuple[str, Frags]],
    gold_links: Iterable[tuple[str, str, str]],
    pred: dict[str, tuple[str, Frags]],
    pred_links: Iterable[tuple[str, str, str]],
) -> LabelScore:
    """Links whose type and both ends match (``overlap_hits``); ``exact_hits`` is unused."""
    to_pred = span_matching(gold, pred)
    predicted = {(t, a, b) for t, a, b in pred_links}
    gold_set = {(t, a, b) for t, a, b in gold_links if a in gold and b in gold}
    hits = sum(1 for t, a, b in gold_set if (t, to_pred.get(a), to_pred.get(b)) in predicted)
    return LabelScore(len(gold_set), len(predicted), hits, 0)
