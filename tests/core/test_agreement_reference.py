"""Our measures against the reference libraries (scikit-learn, krippendorff, scipy) on random data."""

from __future__ import annotations

import math
import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

krippendorff = pytest.importorskip("krippendorff")
sklearn_metrics = pytest.importorskip("sklearn.metrics")
scipy_optimize = pytest.importorskip("scipy.optimize")

from annotator.core.agreement import (  # noqa: E402
    Layer,
    StoryLayers,
    category_name,
    cohen_kappa,
    coincidences,
    krippendorff_alpha,
    project_agreement,
)
from annotator.core.agreement.matching import overlap_matching  # noqa: E402
from annotator.core.model import Document, Span  # noqa: E402
from annotator.core.text import text_hash  # noqa: E402
from annotator.core.tokens import token_spans  # noqa: E402

LABELS = ("ATTRIBUTION", "CLAIM", "QUOTE")
WORDS = ("the", "mayor", "said", "“we", "will", "rebuild”", "police", "🙂", "東京", "naïve", "—")


def _same(ours: float | None, theirs: float) -> bool:
    if ours is None:
        return math.isnan(theirs)
    return ours == pytest.approx(theirs, abs=1e-9)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("OABC"), st.sampled_from("OABC")), min_size=1, max_size=60))
def test_cohen_kappa_matches_sklearn(pairs):
    a, b = zip(*pairs, strict=True)
    ours = cohen_kappa(Counter(pairs))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = sklearn_metrics.cohen_kappa_score(a, b)
    assert _same(ours, theirs)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda m: st.lists(
            st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=m, max_size=m),
            min_size=2,
            max_size=40,
        )
    )
)
@pytest.mark.slow
def test_krippendorff_alpha_matches_package(units):
    data = np.array([[np.nan if v is None else v for v in u] for u in units], dtype=float).T
    ours = krippendorff_alpha(coincidences([tuple(u) for u in units]))
    if ours is None:  # undefined for us: the package refuses or gives NaN
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
            except (ValueError, ZeroDivisionError):
                return
        assert math.isnan(theirs)
        return
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert ours == pytest.approx(theirs, abs=1e-9)


def _random_text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60)))


def _random_layer(rng: random.Random, doc: Document, who: str) -> Layer:
    spans = []
    n = len(doc.text)
    for _ in range(rng.randint(0, 8)):
        s = rng.randrange(n)
        e = min(n, s + rng.randint(1, 25))
        frags = [(s, e)]
        if rng.random() < 0.2 and e + 3 < n:
            frags.append((e + 2, min(n, e + 2 + rng.randint(1, 10))))
        spans.append(Span.create(doc, rng.choice(LABELS), frags, annotator=who))
    return Layer(who, spans)


def _naive_categories(text: str, layer: Layer) -> list[str]:
    """Independent token labelling: a direct scan, no bisect, names not bits."""
    out = []
    for ts, te in token_spans(text):
        labels = sorted({s.label for s in layer.spans for fs, fe in s.fragments if fs < te and ts < fe})
        out.append("+".join(labels) if labels else "O")
    return out


def _random_project(seed: int, annotators: int = 3) -> list[StoryLayers]:
    rng = random.Random(seed)
    stories = []
    for i in range(rng.randint(1, 6)):
        text = _random_text(rng)
        doc = Document(f"d{i}", f"Story {i}", text, text_hash(text))
        names = [n for n in "abcde"[:annotators] if rng.random() < 0.8] or ["a"]
        stories.append(StoryLayers(doc.id, text, [_random_layer(rng, doc, n) for n in names], doc.title))
    return stories


@pytest.mark.parametrize("seed", range(40))
def test_pooled_token_kappa_and_alpha_match_references(seed):
    stories = _random_project(seed)
    result = project_agreement(stories)
    names = sorted({layer.annotator for s in stories for layer in s.layers})
    cats: dict[str, list[str | None]] = {n: [] for n in names}
    for s in stories:
        present = {layer.annotator: layer for layer in s.layers}
        ntok = len(token_spans(s.text))
        for n in names:
            cats[n] += _naive_categories(s.text, present[n]) if n in present else [None] * ntok
    import warnings

    for pair in result.overall.pairs:
        both = [(x, y) for x, y in zip(cats[pair.a], cats[pair.b], strict=True) if x is not None and y is not None]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = (
                sklearn_metrics.cohen_kappa_score([x for x, _ in both], [y for _, y in both]) if both else float("nan")
            )
        assert _same(pair.token_kappa, theirs), (pair.a, pair.b)
        for label in result.labels:
            bin_a = [label in x.split("+") for x, _ in both]
            bin_b = [label in y.split("+") for _, y in both]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ref = sklearn_metrics.cohen_kappa_score(bin_a, bin_b) if both else float("nan")
            assert _same(pair.per_label[label].token_kappa, ref), (pair.a, pair.b, label)
    codes = {c: i for i, c in enumerate(sorted({c for v in cats.values() for c in v if c}))}
    data = np.array([[np.nan if c is None else codes[c] for c in cats[n]] for n in names], dtype=float)
    alpha = result.overall.alpha
    if alpha is None:
        with pytest.raises(ValueError):  # a single value in the whole domain
            krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    else:
        theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert alpha == pytest.approx(theirs, abs=1e-9)


@pytest.mark.parametrize("seed", range(60))
def test_overlap_matching_is_as_large_as_an_optimal_assignment(seed):
    rng = random.Random(1000 + seed)
    text = _random_text(rng)
    doc = Document("d", "t", text, text_hash(text))
    a = [s for s in _random_layer(rng, doc, "a").spans]
    b = [s for s in _random_layer(rng, doc, "b").spans]
    pairs = overlap_matching(a, b)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    for i, j in pairs:
        assert a[i].overlaps(b[j].start, b[j].end) or any(a[i].overlaps(s, e) for s, e in b[j].fragments)
    if not a or not b:
        assert pairs == []
        return
    cost = np.array([[0 if any(x.overlaps(s, e) for s, e in y.fragments) else 1 for y in b] for x in a])
    rows, cols = scipy_optimize.linear_sum_assignment(cost)
    best = int(sum(1 for r, c in zip(rows, cols, strict=True) if cost[r, c] == 0))
    assert len(pairs) == best


def test_category_names():
    assert category_name(0, LABELS) == "O"
    assert category_name(0b101, LABELS) == "ATTRIBUTION+QUOTE"


@pytest.mark.parametrize("seed", range(25))
def test_renaming_annotators_changes_no_figure(seed):
    """Pairs are symmetric: swapping who is "a" and who is "b" gives the same numbers."""
    stories = _random_project(500 + seed, annotators=2)
    rename = {"a": "zed", "b": "amy"}  # reverses the sort order of the pair
    swapped = [
        StoryLayers(s.doc_id, s.text, [Layer(rename[x.annotator], x.spans) for x in s.layers], s.title) for s in stories
    ]
    one, two = project_agreement(stories).overall, project_agreement(swapped).overall
    if not one.pairs:
        assert not two.pairs
        return
    (p,), (q,) = one.pairs, two.pairs
    for name in ("span_f1_exact", "span_f1_overlap", "token_kappa"):
        x, y = getattr(p, name), getattr(q, name)
        assert (x is None and y is None) or x == pytest.approx(y)
        for v in (x, y):
            assert v is None or -1.0 - 1e-9 <= v <= 1.0 + 1e-9
    assert (p.spans_a, p.spans_b) == (q.spans_b, q.spans_a)
    assert one.alpha == two.alpha or one.alpha == pytest.approx(two.alpha)
