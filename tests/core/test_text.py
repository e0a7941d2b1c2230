from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text import Utf16Map, fragment_text, normalise, text_hash

TRICKY = [
    "a",
    " ",
    "\n",
    "é",
    "e\u0301",
    "😀",
    "👩\u200d👩\u200d👧",
    "𝔘",
    "中",
    "한",
    "\u05e9\u05dc\u05d5\u05dd",
    "\r\n",
    "\r",
    "\ufeff",
    "\u00a0",
    "\u2029",
]
texts = st.lists(st.sampled_from(TRICKY) | st.text(max_size=3), max_size=40).map("".join)


def test_normalise_line_endings_and_bom():
    n = normalise("\ufeffone\r\ntwo\rthree\n")
    assert n.text == "one\ntwo\nthree\n"
    assert n.newline == "mixed"
    assert normalise("a\r\nb\r\n").newline == "CRLF"
    assert normalise("a").newline == "none"


def test_hash_is_of_normalised_utf8():
    assert text_hash("a\nb") == text_hash(normalise("a\r\nb").text)


@given(texts)
def test_utf16_map_round_trips_every_code_point(raw):
    text = normalise(raw).text
    m = Utf16Map(text)
    assert m.length_u16 == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        u = m.cp_to_utf16(cp)
        assert u == len(text[:cp].encode("utf-16-le")) // 2
        assert m.utf16_to_cp(u) == cp
        assert m.utf16_to_cp_end(u) == cp


def test_positions_inside_surrogate_pairs_snap():
    m = Utf16Map("a😀b")
    assert m.utf16_to_cp(2) == 1  # low surrogate -> start of the emoji
    assert m.utf16_to_cp_end(2) == 2  # ... or just after it, for an end


def test_fragment_text_joins_with_one_space():
    assert fragment_text("abc def ghi", [(0, 3), (8, 11)]) == "abc ghi"
