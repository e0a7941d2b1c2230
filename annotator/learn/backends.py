"""Sequence learners behind one small interface: a linear-chain CRF (CRFsuite) and
the pure-Python averaged perceptron, compared in ``bench/eval_learning.py``.

A backend trains on feature lists and tag lists and returns the model as bytes
(CRFsuite's binary file, or JSON); a tagger made from those bytes returns each
token's tag and its confidence (the CRF's marginal probability).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from typing import Protocol

from annotator.core.learn.perceptron import AveragedPerceptron, GreedyTagger

__all__ = ["Backend", "Tagger", "BACKENDS", "backend", "CRF_MAGIC"]

Step = Callable[[int, int], None]  # (iterations done, planned); may raise to cancel
CRF_MAGIC = b"lCRF"


class Tagger(Protocol):
    def tag(self, xseq: list[list[str]], *, every_token: bool = False) -> tuple[list[str], list[float]]: ...


class Backend(Protocol):
    name: str
    suffix: str

    def train(self, xs: list[list[list[str]]], ys: list[list[str]], step: Step) -> bytes: ...

    def load(self, blob: bytes) -> Tagger: ...


class _CrfTagger:
    """Viterbi tags, each with its marginal probability as the confidence. (Posterior
    decoding, a token in L when P(B-L) + P(I-L) >= 0.4, was tried: it split long
    contents and lost more than it gained.)"""

    def __init__(self, blob: bytes) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(blob)

    def tag(self, xseq: list[list[str]], *, every_token: bool = False) -> tuple[list[str], list[float]]:
        """Tags and confidences; outside spans the confidence is 1.0 unless ``every_token``."""
        tagger = self._tagger
        tags = tagger.tag(xseq)
        conf = []
        for i, t in enumerate(tags):
            if t == "O" and not every_token:
                conf.append(1.0)
                continue
            p = tagger.marginal(t, i)
            conf.append(p if p == p else 0.5)  # NaN from a model trained without probabilities
        return tags, conf


class CrfBackend:
    """L-BFGS with elastic-net regularisation: c1 prunes the rare features (a small
    model file), c2 keeps the weights smooth."""

    name = "crf"
    suffix = ".crfsuite"

    def __init__(self, algorithm: str = "lbfgs", **params: float) -> None:
        self.algorithm = algorithm
        defaults: dict[str, float] = {"max_iterations": 60}
        if algorithm == "lbfgs":
            defaults.update(c1=0.3, c2=0.1)  # tuned on PolNeAR dev (0.05/0.01 overfits: 0.99 F1 on train)
        self.params = {**defaults, **params, "feature.possible_transitions": True}

    def train(self, xs: list[list[list[str]]], ys: list[list[str]], step: Step) -> bytes:
        import pycrfsuite

        planned = int(self.params["max_iterations"])

        class _Trainer(pycrfsuite.Trainer):  # type: ignore[misc]
            # Silent: the default handlers print every event.
            def on_start(self, log: str) -> None: ...
            def on_featgen_progress(self, log: str, percent: float) -> None: ...
            def on_featgen_end(self, log: str) -> None: ...
            def on_prepared(self, log: str) -> None: ...
            def on_prepare_error(self, log: str) -> None: ...
            def on_optimization_end(self, log: str) -> None: ...
            def on_end(self, log: str) -> None: ...

            def on_iteration(self, log: str, info: dict) -> None:
                step(int(info.get("num", 0)), planned)  # an exception here stops training

        trainer = _Trainer(algorithm=self.algorithm, verbose=True)
        trainer.set_params(self.params)
        for x, y in zip(xs, ys, strict=True):
            trainer.append(x, y)
        fd, path = tempfile.mkstemp(suffix=self.suffix)
        os.close(fd)
        try:
            trainer.train(path)
            with open(path, "rb") as fh:
                return fh.read()
        finally:
            os.unlink(path)

    def load(self, blob: bytes) -> Tagger:
        if not blob.startswith(CRF_MAGIC):
            raise ValueError("not a CRFsuite model")
        return _CrfTagger(blob)


class PerceptronBackend:
    name = "perceptron"
    suffix = ".json"

    def __init__(self, epochs: int = 5) -> None:
        self.epochs = epochs

    def train(self, xs: list[list[list[str]]], ys: list[list[str]], step: Step) -> bytes:
        tagger = GreedyTagger.train(xs, ys, epochs=self.epochs, step=step)
        return json.dumps(tagger.model.to_dict(), separators=(",", ":")).encode("utf-8")

    def load(self, blob: bytes) -> Tagger:
        return GreedyTagger(AveragedPerceptron.from_dict(json.loads(blob.decode("utf-8"))))


BACKENDS: dict[str, Callable[[], Backend]] = {"crf": CrfBackend, "perceptron": PerceptronBackend}


def backend(name: str) -> Backend:
    try:
        return BACKENDS[name]()
    except KeyError:
        raise ValueError(f"no learner {name!r}; learners: {', '.join(BACKENDS)}") from None
