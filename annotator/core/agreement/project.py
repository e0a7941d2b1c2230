"""Agreement for one story and for a whole project (counts pooled across stories)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .counts import GroupCounts, StoryLayers, count_story
from .scores import GroupAgreement, score_group

__all__ = ["StoryAgreement", "ProjectAgreement", "story_agreement", "project_agreement"]


@dataclass(frozen=True)
class StoryAgreement:
    doc_id: str
    title: str
    agreement: GroupAgreement

    @property
    def disagreement(self) -> float | None:
        """1 − mean pairwise exact span F1: the share of spans adjudication must look at.

        ``None`` for a story with fewer than two annotators (or nothing marked).
        """
        mean = self.agreement.mean("span_f1_exact")
        return None if mean is None else 1.0 - mean

    def to_dict(self) -> dict[str, Any]:
        d = self.disagreement
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "disagreement": None if d is None else round(d, 4),
            "overall": self.agreement.overall_dict(),
            "pairs": [p.to_dict() for p in self.agreement.pairs],
        }


@dataclass(frozen=True)
class ProjectAgreement:
    labels: list[str]
    overall: GroupAgreement
    stories: list[StoryAgreement]

    def by_disagreement(self) -> list[StoryAgreement]:
        """Stories worst first; stories that cannot be compared come last."""
        return sorted(
            self.stories,
            key=lambda s: (s.disagreement is None, -(s.disagreement or 0.0), s.title, s.doc_id),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "pairs": [p.to_dict() for p in self.overall.pairs],
            "overall": self.overall.overall_dict(),
            "per_story": [s.to_dict() for s in self.stories],
        }


def _labels(bit_of: dict[str, int], wanted: Iterable[str] | None) -> list[str]:
    return sorted(set(bit_of) | set(wanted or ()))


def story_agreement(story: StoryLayers, *, labels: Iterable[str] | None = None) -> StoryAgreement:
    bit_of: dict[str, int] = {}
    gc = count_story(story, bit_of)
    scored = score_group(gc, bit_of, _labels(bit_of, labels))
    return StoryAgreement(story.doc_id, story.title, scored)


def project_agreement(
    stories: Iterable[StoryLayers],
    *,
    labels: Iterable[str] | None = None,
    per_story: bool = True,
    step: Callable[[StoryLayers], None] | None = None,
) -> ProjectAgreement:
    """Pairwise and group agreement over all stories, pooling tokens and spans.

    A pair of annotators is compared on the stories where both have a layer;
    alpha treats an annotator without a layer on a story as missing data there.
    ``step`` is called before each story (progress and cancellation).
    """
    wanted = list(labels or ())
    bit_of: dict[str, int] = {lb: 1 << i for i, lb in enumerate(sorted(wanted))}
    total = GroupCounts()
    kept: list[tuple[StoryLayers, GroupCounts]] = []
    for story in stories:
        if step is not None:
            step(story)
        gc = count_story(story, bit_of)
        total.add(gc)
        if per_story:
            kept.append((story, gc))
    names = _labels(bit_of, wanted)
    results = [StoryAgreement(s.doc_id, s.title, score_group(gc, bit_of, names)) for s, gc in kept]
    return ProjectAgreement(names, score_group(total, bit_of, names), results)
