"""Properties of re-anchoring over generated edits: a span is either placed on
exactly its old words (and says so) or flagged for review; never moved silently."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotator.core.anchoring import EXACT, MOVED, anchor_fragments
from annotator.core.folding import fold

pytestmark = pytest.mark.slow  # fuzzing and processes: ./test.sh -m 'not slow' skips them

WORDS = ["the", "mayor", "said", "council", "vote", "“no”", "😀", "서울", "bridge", "said,", "Friday", "e\u0301t\u00e9"]


def _occurrences(text: str, quote: str) -> int:
    """Overlapping occurrences (str.count skips overlaps: "the the" in "the the the")."""
    return sum(text.startswith(quote, i) for i in range(len(text)))


def _clean(text: str, s: int, e: int) -> bool:
    """A span as the window makes one: no space at its edges, no mark cut from its letter."""
    inner = text[s:e]
    cut = unicodedata.combining(text[s]) or (e < len(text) and unicodedata.combining(text[e]))
    return bool(inner.strip()) and inner == inner.strip() and not cut


texts = st.lists(st.sampled_from(WORDS), min_size=8, max_size=60).map(" ".join)


@st.composite
def edited(draw):
    text = draw(texts)
    s = draw(st.integers(0, len(text) - 1))
    e = draw(st.integers(s + 1, min(len(text), s + 40)))
    edits = draw(
        st.lists(
            st.tuples(st.integers(0, len(text)), st.integers(0, 12), st.text(st.sampled_from("ab 😀\n."), max_size=10)),
            max_size=4,
        )
    )
    new = text
    for pos, cut, insert in edits:
        pos = min(pos, len(new))
        new = new[:pos] + insert + new[pos + cut :]
    return text, s, e, new


@settings(max_examples=400, deadline=None)
@given(edited())
def test_confident_placements_carry_the_same_words(case):
    old, s, e, new = case
    assume(_clean(old, s, e))
    placed, status, confidence = anchor_fragments(old, ((s, e),), new)
    assert all(0 <= a < b <= len(new) for a, b in placed)
    assert 0.0 <= confidence <= 1.0
    if status in (EXACT, MOVED):
        # the same words, up to quote style, dashes and spacing
        [(a, b)] = placed
        assert fold(new[a:b]).text.strip() == fold(old[s:e]).text.strip()
        assert confidence == 1.0
    if status == EXACT:
        assert placed == ((s, e),)


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_text_unchanged_means_every_span_exact_in_place(text, data):
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    assume(text[s:e].strip())
    placed, status, _ = anchor_fragments(text, ((s, e),), text)  # even with spaces at its edges
    assert status == EXACT and placed == ((s, e),)


@settings(max_examples=200, deadline=None)
@given(texts, st.text(st.sampled_from("xy 😀\n"), min_size=1, max_size=30), st.data())
def test_prefix_added_moves_unique_spans_by_its_length(text, prefix, data):
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    new = prefix + text
    assume(_clean(text, s, e))
    # unique before and after: a prefix that repeats the span's own start is truly ambiguous
    # ("😀" before "😀 t": is the new 😀 inside the span or before it?), and is flagged
    before = fold(prefix + text[:s]).text  # "😀\n" repeats "😀 t" too: a newline is a space
    assume(not any(before.endswith(fold(text[s : s + n]).text) for n in range(1, e - s + 1)))
    assume(_occurrences(text, text[s:e]) == 1 and _occurrences(new, text[s:e]) == 1)
    placed, status, _ = anchor_fragments(text, ((s, e),), new)
    assert status in (EXACT, MOVED) and placed == ((s + len(prefix), e + len(prefix)),)
