"""Hand-computed cases for every agreement measure, including the edge cases."""

from __future__ import annotations

from collections import Counter

import pytest

from annotator.core.agreement import (
    Layer,
    StoryLayers,
    cohen_kappa,
    coincidences,
    f1,
    krippendorff_alpha,
    percent_agreement,
    project_agreement,
    story_agreement,
)
from annotator.core.agreement.matching import exact_count, overlap_matching
from annotator.core.model import Document, Relation, Span
from annotator.core.text import text_hash

TEXT = "Police said the road was closed. The mayor said it would reopen in May."
#       0         1         2         3         4         5         6         7
#       0123456789012345678901234567890123456789012345678901234567890123456789012


def doc(text: str = TEXT) -> Document:
    return Document("d1", "Story", text, text_hash(text))


def sp(label: str, *frags: tuple[int, int], who: str = "a", text: str = TEXT, **attrs) -> Span:
    return Span.create(doc(text), label, frags, annotator=who, attributes=attrs)


def story(*layers: Layer, text: str = TEXT) -> StoryLayers:
    return StoryLayers("d1", text, list(layers), "Story")


# -- the raw measures ------------------------------------------------------------------


def test_f1_counts_and_undefined():
    assert f1(0, 0, 0) is None
    assert f1(1, 2, 2) == 0.5
    assert f1(0, 3, 0) == 0.0
    assert f1(2, 2, 2) == 1.0


def test_cohen_kappa_by_hand():
    # a = [Q, Q, O, O], b = [Q, O, O, O]: po = 3/4, pe = .5·.25 + .5·.75 = .5 -> kappa .5
    table = Counter(zip("QQOO", "QOOO", strict=True))
    assert cohen_kappa(table) == pytest.approx(0.5)
    assert percent_agreement(table) == pytest.approx(0.75)


def test_cohen_kappa_edge_cases():
    assert cohen_kappa({}) is None  # nothing to compare
    assert cohen_kappa({("O", "O"): 7}) is None  # no variation: 0/0
    assert cohen_kappa({("X", "Y"): 5}) == 0.0  # constant but different: po = pe = 0
    assert cohen_kappa(Counter(zip("ABAB", "ABAB", strict=True))) == 1.0
    assert cohen_kappa(Counter(zip("ABAB", "BABA", strict=True))) == pytest.approx(-1.0)


def test_krippendorff_alpha_by_hand():
    # Units (a,a) (a,b) (b,b) (b,b): o_aa = 2, o_ab = o_ba = 1, o_bb = 4; n_a = 3, n_b = 5, n = 8.
    # De = (64 - 9 - 25) / 7 = 30/7, Do = 2 -> alpha = 1 - 14/30.
    table = coincidences([("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")])
    assert table[("a", "a")] == 2 and table[("a", "b")] == 1 and table[("b", "b")] == 4
    assert krippendorff_alpha(table) == pytest.approx(1 - 14 / 30)


def test_krippendorff_alpha_missing_values_and_weights():
    # A unit with one value is not pairable; a weighted map equals repeated units.
    plain = coincidences([("a", "b", None), ("b", "b", "b"), ("a", None, None)])
    weighted = coincidences({("a", "b", None): 1, ("b", "b", "b"): 1, ("a", None, None): 5})
    assert plain == weighted
    assert plain[("a", "b")] == 1 and plain[("b", "b")] == 3  # 3·2 ordered pairs / (3 - 1)


def test_krippendorff_alpha_edge_cases():
    assert krippendorff_alpha({}) is None
    assert krippendorff_alpha(coincidences([("a", "a"), ("a", "a")])) is None  # one category
    assert krippendorff_alpha(coincidences([("a", "a"), ("b", "b")])) == 1.0


# -- span matching -------------------------------------------------------------------


def test_exact_count_is_a_multiset_count():
    a = [sp("QUOTE", (0, 6)), sp("QUOTE", (0, 6)), sp("QUOTE", (7, 11))]
    b = [sp("QUOTE", (0, 6), who="b"), sp("QUOTE", (7, 12), who="b")]
    assert exact_count(a, b) == 1


def test_overlap_matching_is_maximum_not_greedy():
    # a1 equals b1, but taking that exact pair first leaves a2 and b2 without partners;
    # the maximum matching pairs a1-b2 and a2-b1.
    a = [sp("QUOTE", (0, 10)), sp("QUOTE", (9, 15))]
    b = [sp("QUOTE", (0, 10), who="b"), sp("QUOTE", (0, 3), who="b")]
    pairs = overlap_matching(a, b)
    assert sorted(pairs) == [(0, 1), (1, 0)]
    r = story_agreement(story(Layer("a", a), Layer("b", b)))
    assert r.agreement.pairs[0].span_f1_overlap == 1.0
    assert r.agreement.pairs[0].span_f1_exact == 0.5


def test_overlap_matching_prefers_exact_partner():
    a = [sp("QUOTE", (0, 10))]
    b = [sp("QUOTE", (0, 4), who="b"), sp("QUOTE", (0, 10), who="b"), sp("QUOTE", (5, 20), who="b")]
    assert overlap_matching(a, b) == [(0, 1)]


def test_fragments_overlap_only_where_they_cover_text():
    # A two-fragment span around a gap does not overlap a span inside the gap.
    a = [sp("QUOTE", (0, 6), (25, 31))]
    b = [sp("QUOTE", (12, 20), who="b")]
    assert overlap_matching(a, b) == []
    assert overlap_matching(a, [sp("QUOTE", (28, 40), who="b")]) == [(0, 0)]


# -- whole stories ----------------------------------------------------------------------


def test_identical_layers_score_one():
    spans = [sp("ATTRIBUTION", (0, 11), source="Police"), sp("CLAIM", (12, 31))]
    a = Layer("a", spans)
    b = Layer("b", [s.with_changes(annotator="b") for s in spans])
    r = story_agreement(story(a, b)).agreement
    p = r.pairs[0]
    assert (p.span_f1_exact, p.span_f1_overlap, p.token_kappa) == (1.0, 1.0, 1.0)
    assert p.per_label["CLAIM"].token_kappa == 1.0
    assert r.alpha == 1.0
    assert p.attributes["ATTRIBUTION.source"].agreement == 1.0


def test_disjoint_layers():
    a = Layer("a", [sp("CLAIM", (12, 31))])
    b = Layer("b", [sp("CLAIM", (37, 71), who="b")])
    p = story_agreement(story(a, b)).agreement.pairs[0]
    assert p.span_f1_exact == 0.0 and p.span_f1_overlap == 0.0
    assert p.token_kappa < 0  # each marked what the other left out


def test_empty_layers_are_undefined_not_perfect():
    r = story_agreement(story(Layer("a", []), Layer("b", []))).agreement
    p = r.pairs[0]
    assert p.span_f1_exact is None and p.span_f1_overlap is None
    assert p.token_kappa is None  # every token "O" on both sides: no variation
    assert r.alpha is None
    one_empty = story_agreement(story(Layer("a", [sp("CLAIM", (0, 11))]), Layer("b", []))).agreement
    assert one_empty.pairs[0].span_f1_exact == 0.0


def test_single_annotator_has_no_pairs_and_no_alpha():
    s = story_agreement(story(Layer("a", [sp("CLAIM", (12, 31))])))
    assert s.agreement.pairs == []
    assert s.agreement.alpha is None
    assert s.disagreement is None


def test_token_kappa_by_hand_with_labels():
    text = "aa bb cc dd"
    a = Layer("a", [sp("QUOTE", (0, 5), text=text)])  # tokens 0, 1
    b = Layer("b", [sp("QUOTE", (0, 2), who="b", text=text)])  # token 0
    p = story_agreement(story(a, b, text=text)).agreement.pairs[0]
    assert p.token_kappa == pytest.approx(0.5)
    assert p.per_label["QUOTE"].token_kappa == pytest.approx(0.5)


def test_overlapping_labels_make_a_combined_category():
    text = "aa bb cc dd"
    # a: CLAIM over all four tokens, QUOTE over token 1; b: the same CLAIM, QUOTE over token 2.
    a = Layer("a", [sp("CLAIM", (0, 11), text=text), sp("QUOTE", (3, 5), text=text)])
    b = Layer("b", [sp("CLAIM", (0, 11), who="b", text=text), sp("QUOTE", (6, 8), who="b", text=text)])
    p = story_agreement(story(a, b, text=text)).agreement.pairs[0]
    assert p.per_label["CLAIM"].token_kappa is None  # all tokens in CLAIM on both sides
    # QUOTE as in/out: a = [0,1,0,0], b = [0,0,1,0]: po = .5, pe = .625 -> kappa = -1/3
    assert p.per_label["QUOTE"].token_kappa == pytest.approx(-1 / 3)
    # overall categories: a = [C, C+Q, C, C], b = [C, C, C+Q, C] -> same table as QUOTE
    assert p.token_kappa == pytest.approx(-1 / 3)


def test_a_token_cut_by_a_span_counts_as_covered():
    text = "unbelievable claims"
    a = Layer("a", [sp("CLAIM", (2, 5), text=text)])
    b = Layer("b", [sp("CLAIM", (0, 12), who="b", text=text)])
    p = story_agreement(story(a, b, text=text)).agreement.pairs[0]
    assert p.token_kappa == 1.0
    assert p.span_f1_exact == 0.0 and p.span_f1_overlap == 1.0


def test_attribute_agreement_by_hand():
    a = Layer(
        "a",
        [
            sp("QUOTE", (0, 11), type="direct"),
            sp("QUOTE", (12, 31), type="direct"),
            sp("QUOTE", (33, 44), type="direct"),
        ],
    )
    b = Layer(
        "b",
        [
            sp("QUOTE", (0, 11), who="b", type="direct"),
            sp("QUOTE", (12, 31), who="b", type="indirect"),
            sp("QUOTE", (33, 44), who="b"),
        ],
    )
    attr = story_agreement(story(a, b)).agreement.pairs[0].attributes["QUOTE.type"]
    assert attr.pairs == 3
    assert attr.agreement == pytest.approx(1 / 3)
    # rows: direct 3; columns: direct 1, indirect 1, none 1 -> pe = 1/3 = po -> kappa 0
    assert attr.kappa == pytest.approx(0.0)


def test_text_attributes_compare_case_and_space_insensitively():
    a = Layer("a", [sp("ATTRIBUTION", (33, 46), source="The  Mayor")])
    b = Layer("b", [sp("ATTRIBUTION", (33, 46), who="b", source="the mayor")])
    attr = story_agreement(story(a, b)).agreement.pairs[0].attributes["ATTRIBUTION.source"]
    assert attr.agreement == 1.0 and attr.kappa is None  # one value throughout


def _linked(who: str, link: bool) -> Layer:
    att = sp("ATTRIBUTION", (0, 11), who=who)
    claim = sp("CLAIM", (12, 31), who=who)
    rels = [Relation.create("d1", "attributes", att.id, claim.id, annotator=who)] if link else []
    return Layer(who, [att, claim], rels)


def test_links_between_matched_spans():
    both = story_agreement(story(_linked("a", True), _linked("b", True))).agreement.pairs[0]
    assert both.relation_f1 == 1.0
    one = story_agreement(story(_linked("a", True), _linked("b", False))).agreement.pairs[0]
    assert one.relation_f1 == 0.0
    none = story_agreement(story(_linked("a", False), _linked("b", False))).agreement.pairs[0]
    assert none.relation_f1 is None


def test_link_of_unmatched_span_does_not_count():
    a = _linked("a", True)
    att = sp("ATTRIBUTION", (33, 46), who="b")  # b credits someone else
    claim = sp("CLAIM", (12, 31), who="b")
    b = Layer("b", [att, claim], [Relation.create("d1", "attributes", att.id, claim.id, annotator="b")])
    assert story_agreement(story(a, b)).agreement.pairs[0].relation_f1 == 0.0


def test_project_pools_counts_instead_of_averaging():
    s1 = story(Layer("a", [sp("CLAIM", (0, 11))]), Layer("b", [sp("CLAIM", (0, 11), who="b")]))
    four = [sp("CLAIM", (i, i + 2)) for i in (0, 3, 6, 9)]
    s2 = StoryLayers("d2", TEXT, [Layer("a", four), Layer("b", [])], "Two")
    r = project_agreement([s1, s2])
    p = r.overall.pairs[0]
    assert p.stories == 2
    assert p.span_f1_exact == pytest.approx(2 * 1 / (5 + 1))  # not (1.0 + 0.0) / 2
    assert [s.doc_id for s in r.by_disagreement()] == ["d2", "d1"]


def test_three_annotators_pairs_and_alpha():
    spans = [sp("CLAIM", (12, 31))]
    layers = [Layer(n, [s.with_changes(annotator=n) for s in spans]) for n in ("c", "a", "b")]
    r = story_agreement(story(*layers)).agreement
    assert [(p.a, p.b) for p in r.pairs] == [("a", "b"), ("a", "c"), ("b", "c")]
    assert r.alpha == 1.0 and r.per_label_alpha["CLAIM"] == 1.0


def test_project_json_shape():
    s1 = story(_linked("a", True), _linked("b", True))
    d = project_agreement([s1], labels=["QUOTE"]).to_dict()
    assert set(d) >= {"pairs", "overall", "per_story"}
    pair = d["pairs"][0]
    assert {"a", "b", "span_f1_exact", "span_f1_overlap", "token_kappa", "per_label"} <= set(pair)
    assert pair["per_label"]["QUOTE"]["span_f1_exact"] is None  # asked for, never used
    assert d["overall"]["alpha"] == 1.0
    assert d["per_story"][0]["doc_id"] == "d1"
