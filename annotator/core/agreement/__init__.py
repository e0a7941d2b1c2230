"""Inter-annotator agreement, pure Python.

What is measured, for every pair of annotators, per label and overall:

- **span F1, exact**: a span matches when the other annotator has one with the same
  label and the same fragments. F1 = 2·matches / (|A| + |B|), symmetric.
- **span F1, overlap**: same label and at least one shared character, paired one to
  one by a maximum matching (see :mod:`.matching`).
- **token kappa**: Cohen's kappa over the tokens of
  :func:`annotator.core.tokens.token_spans`, each token labelled by the spans covering
  it (see :mod:`.token_labels`); per label as in/out, overall with one category per
  token ("O", a label, or labels joined by "+").
- **attributes** of overlap-matched spans: per ``LABEL.attribute``, percentage
  agreement and Cohen's kappa over matched pairs where at least one side set it
  (a missing value is a value; text is compared case- and space-insensitively).
- **links**: F1 of relations whose both ends are matched spans with the same type.

And across all annotators: Krippendorff's alpha (nominal) on the token labelling,
overall and per label. Per story and per project; project figures pool the counts.

Undefined is ``None``, never a made-up number: F1 when both sides are empty, kappa
when there are no tokens or no variation (both used one category throughout),
alpha with fewer than two annotators or a single category. Identical non-empty
layers score 1.0; disjoint layers score F1 0.0.
"""

from __future__ import annotations

from .counts import Layer, StoryLayers
from .measures import cohen_kappa, coincidences, f1, krippendorff_alpha, percent_agreement
from .project import ProjectAgreement, StoryAgreement, project_agreement, story_agreement
from .scores import METRICS, AttributeScores, GroupAgreement, LabelScores, PairAgreement
from .token_labels import TokenGrid, category_name

__all__ = [
    "Layer",
    "StoryLayers",
    "StoryAgreement",
    "ProjectAgreement",
    "GroupAgreement",
    "PairAgreement",
    "LabelScores",
    "AttributeScores",
    "METRICS",
    "story_agreement",
    "project_agreement",
    "f1",
    "cohen_kappa",
    "percent_agreement",
    "coincidences",
    "krippendorff_alpha",
    "TokenGrid",
    "category_name",
]
