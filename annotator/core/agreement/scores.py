"""Scoring pooled counts into the figures people read, and their JSON form."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .counts import GroupCounts, PairCounts
from .measures import cohen_kappa, f1, krippendorff_alpha, percent_agreement

__all__ = [
    "LabelScores",
    "AttributeScores",
    "PairAgreement",
    "GroupAgreement",
    "score_pair",
    "score_group",
    "METRICS",
]

# The pairwise figures a chart or table can show, with a readable name.
METRICS = {
    "span_f1_exact": "span F1 (exact)",
    "span_f1_overlap": "span F1 (overlap)",
    "token_kappa": "token kappa",
}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@dataclass(frozen=True)
class LabelScores:
    span_f1_exact: float | None
    span_f1_overlap: float | None
    token_kappa: float | None
    spans_a: int
    spans_b: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "span_f1_exact": _r(self.span_f1_exact),
            "span_f1_overlap": _r(self.span_f1_overlap),
            "token_kappa": _r(self.token_kappa),
            "spans_a": self.spans_a,
            "spans_b": self.spans_b,
        }


@dataclass(frozen=True)
class AttributeScores:
    """Agreement on one attribute over matched spans where at least one side set it."""

    pairs: int
    agreement: float | None
    kappa: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"pairs": self.pairs, "agreement": _r(self.agreement), "kappa": _r(self.kappa)}


@dataclass(frozen=True)
class PairAgreement:
    a: str
    b: str
    stories: int
    span_f1_exact: float | None
    span_f1_overlap: float | None
    token_kappa: float | None
    relation_f1: float | None
    spans_a: int
    spans_b: int
    matched_exact: int
    matched_overlap: int
    per_label: dict[str, LabelScores] = field(default_factory=dict)
    attributes: dict[str, AttributeScores] = field(default_factory=dict)

    def metric(self, name: str, label: str | None = None) -> float | None:
        if label is None:
            return getattr(self, name)
        scores = self.per_label.get(label)
        return getattr(scores, name) if scores else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "stories": self.stories,
            "span_f1_exact": _r(self.span_f1_exact),
            "span_f1_overlap": _r(self.span_f1_overlap),
            "token_kappa": _r(self.token_kappa),
            "relation_f1": _r(self.relation_f1),
            "spans_a": self.spans_a,
            "spans_b": self.spans_b,
            "matched_exact": self.matched_exact,
            "matched_overlap": self.matched_overlap,
            "per_label": {k: v.to_dict() for k, v in sorted(self.per_label.items())},
            "attributes": {k: v.to_dict() for k, v in sorted(self.attributes.items())},
        }


@dataclass(frozen=True)
class GroupAgreement:
    annotators: list[str]
    stories: int
    tokens: int
    alpha: float | None
    per_label_alpha: dict[str, float | None]
    pairs: list[PairAgreement]

    def pair(self, a: str, b: str) -> PairAgreement | None:
        for p in self.pairs:
            if (p.a, p.b) in ((a, b), (b, a)):
                return p
        return None

    def mean(self, name: str, label: str | None = None) -> float | None:
        """Mean of a pairwise figure over the pairs where it is defined."""
        values = [v for p in self.pairs if (v := p.metric(name, label)) is not None]
        return sum(values) / len(values) if values else None

    def overall_dict(self) -> dict[str, Any]:
        return {
            "annotators": self.annotators,
            "stories": self.stories,
            "tokens": self.tokens,
            "alpha": _r(self.alpha),
            "per_label": {
                lb: {"alpha": _r(a), **{m: _r(self.mean(m, lb)) for m in METRICS}}
                for lb, a in sorted(self.per_label_alpha.items())
            },
            **{f"mean_{m}": _r(self.mean(m)) for m in METRICS},
            "mean_relation_f1": _r(self.mean("relation_f1")),
        }


def _binary(table: Mapping[tuple[int, int], float], bit: int) -> dict[tuple[bool, bool], float]:
    out: dict[tuple[bool, bool], float] = {}
    for (x, y), n in table.items():
        key = (bool(x & bit), bool(y & bit))
        out[key] = out.get(key, 0) + n
    return out


def score_pair(a: str, b: str, pc: PairCounts, bit_of: Mapping[str, int], labels: list[str]) -> PairAgreement:
    per_label = {}
    for label in labels:
        na, nb = pc.n_a[label], pc.n_b[label]
        bit = bit_of.get(label, 0)
        per_label[label] = LabelScores(
            f1(pc.exact[label], na, nb),
            f1(pc.overlap[label], na, nb),
            cohen_kappa(_binary(pc.tokens, bit)) if bit else None,
            na,
            nb,
        )
    na, nb = sum(pc.n_a[lb] for lb in labels), sum(pc.n_b[lb] for lb in labels)
    exact = sum(pc.exact[lb] for lb in labels)
    overlap = sum(pc.overlap[lb] for lb in labels)
    attrs = {
        key: AttributeScores(int(sum(t.values())), percent_agreement(t), cohen_kappa(t))
        for key, t in pc.attributes.items()
        if key.split(".", 1)[0] in labels
    }
    return PairAgreement(
        a=a,
        b=b,
        stories=pc.stories,
        span_f1_exact=f1(exact, na, nb),
        span_f1_overlap=f1(overlap, na, nb),
        token_kappa=cohen_kappa(pc.tokens),
        relation_f1=f1(pc.rel_matched, pc.rel_a, pc.rel_b),
        spans_a=na,
        spans_b=nb,
        matched_exact=exact,
        matched_overlap=overlap,
        per_label=per_label,
        attributes=attrs,
    )


def _mapped(table: Mapping[tuple[Hashable, Hashable], float], bit: int) -> Counter[tuple[Hashable, Hashable]]:
    out: Counter[tuple[Hashable, Hashable]] = Counter()
    for (c, k), o in table.items():
        out[(bool(c & bit), bool(k & bit))] += o  # type: ignore[operator,assignment]  # int masks; float weights
    return out


def score_group(gc: GroupCounts, bit_of: Mapping[str, int], labels: list[str]) -> GroupAgreement:
    pairs = [score_pair(a, b, pc, bit_of, labels) for (a, b), pc in sorted(gc.pairs.items())]
    per_label_alpha = {
        lb: krippendorff_alpha(_mapped(gc.coincidence, bit_of[lb])) if lb in bit_of else None for lb in labels
    }
    return GroupAgreement(
        annotators=sorted(gc.annotators),
        stories=gc.stories,
        tokens=gc.tokens,
        alpha=krippendorff_alpha(gc.coincidence),
        per_label_alpha=per_label_alpha,
        pairs=pairs,
    )
