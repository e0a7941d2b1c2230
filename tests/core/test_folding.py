"""Folding for matching: what counts as the same text, and exact offsets back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.folding import fold


def test_quote_style_dashes_spaces_and_unicode_forms_fold_to_one_text():
    a = fold("“It’s ill-founded,” she said — twice.\n\nNext")
    b = fold('"It\'s ill-founded," she said\u00a0-- twice.  Next')
    assert a.text == b.text == '"It\'s ill-founded," she said-twice. Next'
    assert fold("cafe\u0301 \ufb01ne\u2026").text == "café fine..."  # NFC, ligature, ellipsis
    assert fold("x\u00b2 \u00bd").text == "x\u00b2 \u00bd"  # superscripts and fractions keep their meaning


def test_a_folded_place_maps_back_to_exact_stored_offsets():
    raw = "Mayor  said:\u00a0“no — never”.\n\nEnd"
    f = fold(raw)
    i = f.text.index('"no-never"')
    s, e = f.raw_range(i, i + len('"no-never"'))
    assert raw[s:e] == "“no — never”"
    assert f.folded_range(s, e) == (i, i + len('"no-never"'))


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab .,-—“”‘’\n\u00a0\u200be\u0301\ufb01😀")), max_size=40))
def test_offset_maps_are_monotone_and_cover_the_text(raw):
    f = fold(raw)
    starts = [f.raw_start(i) for i in range(len(f.text) + 1)]
    ends = [f.raw_end(i) for i in range(len(f.text) + 1)]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert starts[-1] == len(raw) and ends[0] == 0
    assert raw[ends[-1] :].strip("\u200b") == ""  # only dropped characters lie past the last one
    for i in range(len(f.text)):
        assert starts[i] < ends[i + 1]  # every folded character comes from some stored text
    for s in range(len(raw) + 1):
        assert 0 <= f.folded_start(s) <= len(f.text)
