"""Train a span and link model from one annotator's stories; suggest with it.

Labels go into tag layers (``plan_layers``); each layer is a sequence tagger over
paragraphs, and a later layer also sees the tags of the earlier ones (gold while
training, predicted when suggesting), so a label that sits on another's spans is
learned as easily as it is annotated. Links are scored by ``LinkModel`` over the
spans the taggers found. A share of the stories is held out to score the model
before it is saved; those scores travel in the model file.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.learn.data import LabelScore, TrainingStory, score_links, score_spans
from annotator.core.learn.features import BUCKETS, CORE, sequences, token_features, word_count
from annotator.core.learn.features import Sequence as TokenSequence
from annotator.core.learn.links import LinkExample, LinkModel
from annotator.core.learn.tagging import Layer, decode, encode, plan_layers
from annotator.core.model import Origin, now_iso
from annotator.core.schema import Schema
from annotator.core.suggest.suggester import Suggestion

from .backends import Backend, Tagger, backend

__all__ = ["LearnError", "TrainingCancelled", "Recommender", "train_recommender", "MIN_STORIES", "MIN_SPANS"]

MIN_STORIES = 2  # stories with at least one span
MIN_SPANS = 5  # spans of a label before it is learned
FORMAT_VERSION = 1
Progress = Callable[[str, float], None]  # (what is happening, fraction done 0..1)


class LearnError(ValueError):
    """Training or suggesting cannot go ahead; the message says why, for the user."""


class TrainingCancelled(Exception):
    pass


def _nearest(tags: list[str]) -> tuple[list[str], list[str]]:
    """For each token, the label and distance of the nearest span starting before and after it."""
    n = len(tags)
    starts = [
        t[2:] if t[0] == "B" or (t[0] == "I" and (k == 0 or tags[k - 1][2:] != t[2:])) else ""
        for k, t in enumerate(tags)
    ]
    left = [""] * n
    last, last_at = "", -1
    for k in range(n):
        if last:
            left[k] = f"{last}:{BUCKETS[min(k - last_at, 36)]}"
        if starts[k]:
            last, last_at = starts[k], k
    right = [""] * n
    nxt, nxt_at = "", n
    for k in range(n - 1, -1, -1):
        if nxt:
            right[k] = f"{nxt}:{BUCKETS[min(nxt_at - k, 36)]}"
        if starts[k]:
            nxt, nxt_at = starts[k], k
    return left, right


def _stacked(first: list[list[str]], earlier: Sequence[list[str]]) -> list[list[str]]:
    """A later layer's features: the token's own (all of them, or the core ones) and the
    earlier layers' tags at and around it, with the nearest earlier span on each side."""
    n = len(first)
    near = [_nearest(tags) for tags in earlier]
    out = []
    for i, feats in enumerate(first):
        extra = list(feats)
        for j, tags in enumerate(earlier):
            extra.append(f"L{j}={tags[i]}")
            extra.append(f"L{j}-1={tags[i - 1] if i else '<s>'}")
            extra.append(f"L{j}+1={tags[i + 1] if i + 1 < n else '</s>'}")
            extra.append(f"L{j}<{near[j][0][i]}")
            extra.append(f"L{j}>{near[j][1][i]}")
        out.append(extra)
    return out


def _layer_input(
    layer: Layer, base: list[list[str]], core: list[list[str]], earlier: Sequence[list[str]]
) -> list[list[str]]:
    if not earlier:
        return base
    return _stacked(base if layer.rich else core, earlier)


@dataclass
class Recommender:
    info: dict[str, Any]
    layers: list[Layer]
    blobs: list[bytes]
    links: LinkModel | None
    learner: str = "crf"
    _taggers: list[Tagger] = field(default_factory=list, repr=False)

    @property
    def name(self) -> str:
        return str(self.info.get("name", "model"))

    @property
    def labels(self) -> list[str]:
        return [label for layer in self.layers for label in layer.labels]

    @property
    def link_types(self) -> list[str]:
        return sorted({lt.name for lt in self.links.types}) if self.links else []

    def taggers(self) -> list[Tagger]:
        if not self._taggers:
            be = backend(self.learner)
            self._taggers = [be.load(blob) for blob in self.blobs]
        return self._taggers

    # -- checking --------------------------------------------------------------------
    def check_schema(self, schema: Schema) -> None:
        """Refuse a project whose schema lacks the model's labels or link types."""
        missing = [label for label in self.labels if schema.label(label) is None]
        if missing:
            trained = self.info.get("schema", {}).get("name", "another")
            raise LearnError(
                f"model {self.name!r} was trained for schema {trained!r} with labels {', '.join(self.labels)}; "
                f"this project's schema {schema.name!r} has no {', '.join(missing)} "
                f"(it has {', '.join(schema.label_names)})"
            )

    # -- suggesting ------------------------------------------------------------------
    def _tag_paragraphs(
        self, text: str, every_token: bool = False
    ) -> list[tuple[TokenSequence, list[list[str]], list[list[float]]]]:
        out = []
        taggers = self.taggers()
        for seq in sequences(text):
            base = token_features(seq)
            core = [f[:CORE] for f in base]
            tags: list[list[str]] = []
            confs: list[list[float]] = []
            for layer, tagger in zip(self.layers, taggers, strict=True):
                t, c = tagger.tag(_layer_input(layer, base, core, tags), every_token=every_token)
                tags.append(t)
                confs.append(c)
            out.append((seq, tags, confs))
        return out

    def suggest(self, text: str) -> list[Suggestion]:
        """Spans and links for one story, in text order, with origin "learned"."""
        found: list[tuple[str, int, int, float]] = []
        for seq, tags, confs in self._tag_paragraphs(text):
            for t, c in zip(tags, confs, strict=True):
                found += decode(seq, t, c)
        found.sort(key=lambda f: (f[1], f[2], f[0]))
        note = f"learned by model {self.name}"
        ids = [f"m{n}" for n in range(1, len(found) + 1)]
        links: dict[str, list[tuple[str, str]]] = {}
        if self.links is not None and found:
            spans = [(sid, label, s, e) for sid, (label, s, e, _) in zip(ids, found, strict=True)]
            for rtype, a, b, _score in self.links.predict(text, spans):
                links.setdefault(a, []).append((b, rtype))
        out = []
        for sid, (label, s, e, conf) in zip(ids, found, strict=True):
            mine = links.get(sid, [])
            out.append(
                Suggestion(
                    sid,
                    label,
                    ((s, e),),
                    {},
                    round(conf, 3),
                    tuple(b for b, _ in mine),
                    origin=Origin.LEARNED,
                    note=note,
                    link_types=tuple(t for _, t in mine),
                )
            )
        return out

    def uncertainty(self, text: str) -> float:
        """Expected tag errors per 100 tokens (1 - the best tag's probability, summed)."""
        total = 0.0
        n = 0
        for _seq, _tags, confs in self._tag_paragraphs(text, every_token=True):
            for layer in confs:
                total += sum(1.0 - c for c in layer)
                n += len(layer)
        return 100.0 * total / n if n else 0.0


# -- training -------------------------------------------------------------------------
def _usable(stories: Sequence[TrainingStory], schema: Schema) -> tuple[list[str], list[str]]:
    """Labels with enough examples, and notes about the rest; LearnError if nothing is learnable."""
    counts = Counter(label for st in stories for _, label, _ in st.spans if schema.label(label) is not None)
    annotated = sum(1 for st in stories if st.spans)
    if annotated < MIN_STORIES or not counts:
        raise LearnError(
            f"too little data to learn from: {annotated} annotated stories and {sum(counts.values())} spans; "
            f"a model needs at least {MIN_STORIES} annotated stories and {MIN_SPANS} spans of a label"
        )
    keep = sorted(label for label, n in counts.items() if n >= MIN_SPANS)
    if not keep:
        best = ", ".join(f"{label} {n}" for label, n in counts.most_common())
        raise LearnError(
            f"too little data to learn from: no label has {MIN_SPANS} spans yet ({best}); annotate a few more"
        )
    notes = [
        f"{label}: only {n} spans, not learned (needs {MIN_SPANS})"
        for label, n in sorted(counts.items())
        if n < MIN_SPANS
    ]
    return keep, notes


def _split(stories: list[TrainingStory], holdout: float) -> tuple[list[TrainingStory], list[TrainingStory]]:
    annotated = sorted((s for s in stories if s.spans), key=lambda s: s.doc_id)
    n_out = int(len(annotated) * holdout) if len(annotated) >= 10 else 0
    if n_out == 0:
        return annotated, []
    step = len(annotated) / n_out
    out_ids = {annotated[int(k * step)].doc_id for k in range(n_out)}
    return [s for s in annotated if s.doc_id not in out_ids], [s for s in annotated if s.doc_id in out_ids]


def _layer_data(stories: Sequence[TrainingStory], layers: list[Layer]) -> list[tuple[list, list]]:
    data: list[tuple[list, list]] = [([], []) for _ in layers]
    for st in stories:
        labelled = [(label, frags) for _, label, frags in st.spans]
        for seq in sequences(st.text):
            base = token_features(seq)
            core = [f[:CORE] for f in base]
            gold: list[list[str]] = []
            for k, layer in enumerate(layers):
                tags = encode(seq, labelled, layer.labels)
                data[k][0].append(_layer_input(layer, base, core, gold))
                data[k][1].append(tags)
                gold.append(tags)
    return data


def train_recommender(
    stories: Sequence[TrainingStory],
    schema: Schema,
    *,
    name: str,
    annotator: str = "",
    learner: str = "crf",
    holdout: float = 0.1,
    progress: Progress = lambda what, done: None,
    cancelled: Callable[[], bool] = lambda: False,
    backend_obj: Backend | None = None,
) -> Recommender:
    started = time.monotonic()
    labels, notes = _usable(stories, schema)
    chosen = set(labels)
    trimmed = [
        TrainingStory(
            s.doc_id,
            s.text,
            [sp for sp in s.spans if sp[1] in chosen],
            s.links,
        )
        for s in stories
    ]
    train, held = _split(trimmed, holdout)
    layers = plan_layers([[(label, frags) for _, label, frags in s.spans] for s in train])
    be = backend_obj or backend(learner)

    def check() -> None:
        if cancelled():
            raise TrainingCancelled()

    progress("reading features", 0.02)
    data = _layer_data(train, layers)
    check()
    blobs = []
    share = 0.8 / len(layers)
    for k, (xs, ys) in enumerate(data):
        base = 0.1 + k * share

        def step(done: int, planned: int, base: float = base, k: int = k) -> None:
            check()
            progress(f"layer {k + 1} of {len(layers)}: iteration {done}", base + share * min(done / planned, 1.0))

        blobs.append(be.train(xs, ys, step))
    check()
    progress("learning links", 0.9)
    examples = [
        LinkExample(
            s.text,
            [(key, label, frags[0][0], frags[-1][1]) for key, label, frags in s.spans],
            list(s.links),
        )
        for s in train
    ]
    link_model = LinkModel.train(examples, cancelled=cancelled) if any(s.links for s in train) else None
    check()
    if link_model is not None and not link_model.types:
        link_model = None
    model = Recommender({}, layers, blobs, link_model, be.name)
    elapsed = time.monotonic() - started
    progress("scoring held-out stories", 0.95)
    scores = evaluate(model, held) if held else {}
    model.info = {
        "format": FORMAT_VERSION,
        "name": name,
        "created": now_iso(),
        "learner": be.name,
        "schema": {"name": schema.name, "fingerprint": schema.fingerprint(), **_schema_part(schema, labels)},
        "training": {
            "annotator": annotator,
            "stories": len(train),
            "held_out_stories": len(held),
            "words": sum(word_count(s.text) for s in train),
            "spans": dict(sorted(Counter(label for s in train for _, label, _ in s.spans).items())),
            "links": sum(len(s.links) for s in train),
            "seconds": round(elapsed, 1),
        },
        "scores": scores,
        "notes": notes,
    }
    progress("done", 1.0)
    return model


def _schema_part(schema: Schema, labels: list[str]) -> dict[str, Any]:
    return {
        "labels": labels,
        "relations": [r.to_dict() for r in schema.relations if set(r.sources) & set(labels)],
    }


def evaluate(model: Recommender, stories: Sequence[TrainingStory]) -> dict[str, Any]:
    """Per-label overlap and exact F1 and link F1 of the model on stories it did not see."""
    per_label: dict[str, LabelScore] = {label: LabelScore() for label in model.labels}
    links = LabelScore()
    for st in stories:
        sugs = model.suggest(st.text)
        gold = [(label, frags) for _, label, frags in st.spans]
        for label, sc in score_spans(gold, [(s.label, s.fragments) for s in sugs]).items():
            per_label.setdefault(label, LabelScore()).add(sc)
        pred_links = [(t, s.id, b) for s in sugs for b, t in zip(s.links, s.link_types, strict=True)]
        links.add(
            score_links(
                {k: (label, frags) for k, label, frags in st.spans},
                st.links,
                {s.id: (s.label, s.fragments) for s in sugs},
                pred_links,
            )
        )
    out: dict[str, Any] = {"labels": {k: v.as_dict() for k, v in sorted(per_label.items())}}
    if links.gold or links.predicted:
        out["links"] = {"gold": links.gold, "predicted": links.predicted, "f1": round(links.overlap_f1, 4)}
    return out
