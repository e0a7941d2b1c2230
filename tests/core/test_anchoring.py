from __future__ import annotations

import random

from annotator.core.anchoring import EXACT, FUZZY, MOVED, ORPHANED, anchor, anchor_fragments
from annotator.core.text import quote_selector

OLD = (
    "The mayor said the bridge would close in March. “We are not taking chances,” she said. "
    "Shop owners said the closure would hurt trade. The council will vote on Friday."
)


def place(old: str, start: int, end: int, new: str):
    return anchor(quote_selector(old, start, end), new, old_length=len(old))


def span_of(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(phrase, i + 1)
    return i, i + len(phrase)


def test_unchanged_text_is_exact():
    s, e = span_of(OLD, "“We are not taking chances,”")
    p = place(OLD, s, e, OLD)
    assert (p.start, p.end, p.status) == (s, e, EXACT)


def test_insertion_before_moves_span_with_its_text():
    s, e = span_of(OLD, "“We are not taking chances,”")
    new = "UPDATED: " + OLD
    p = place(OLD, s, e, new)
    assert new[p.start : p.end] == OLD[s:e] and p.status == MOVED and not p.needs_review


def test_deletion_before_moves_span():
    s, e = span_of(OLD, "The council will vote on Friday")
    new = OLD.replace("Shop owners said the closure would hurt trade. ", "")
    p = place(OLD, s, e, new)
    assert new[p.start : p.end] == "The council will vote on Friday" and p.status == MOVED


def test_repeated_phrase_is_told_apart_by_context():
    text = "Police said the road was closed. Later, officials said the road was closed again."
    s, e = span_of(text, "the road was closed", nth=1)
    new = "Breaking. " + text
    p = place(text, s, e, new)
    assert p.start == s + len("Breaking. ") and p.status in (EXACT, MOVED)


def test_edit_inside_span_is_placed_but_flagged():
    s, e = span_of(OLD, "Shop owners said the closure would hurt trade.")
    new = OLD.replace("would hurt trade", "would badly hurt trade")
    p = place(OLD, s, e, new)
    assert p.status == FUZZY and p.needs_review
    assert new[p.start : p.end].startswith("Shop owners said") and new[p.start : p.end].endswith("trade.")


def test_span_whose_text_is_gone_is_orphaned():
    s, e = span_of(OLD, "“We are not taking chances,” she said.")
    new = OLD.replace("“We are not taking chances,” she said. ", "Completely different words here. ")
    p = place(OLD, s, e, new)
    assert p.status == ORPHANED and p.needs_review


def test_fragments_anchor_together():
    text = "“We will not back down,” she said, “no matter the cost.”"
    frags = (span_of(text, "“We will not back down,”"), span_of(text, "“no matter the cost.”"))
    new = "LONDON — " + text
    placed, status, _ = anchor_fragments(text, frags, new)
    assert status == MOVED
    assert [new[s:e] for s, e in placed] == ["“We will not back down,”", "“no matter the cost.”"]


def test_random_insertions_never_move_a_unique_span_wrongly():
    rng = random.Random(7)
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu".split()
    for _ in range(200):
        text = " ".join(rng.choice(words) + str(rng.randrange(1000)) for _ in range(60))
        s, e = span_of(text, text.split()[30])
        pos = rng.randrange(len(text) + 1)
        new = text[:pos] + " inserted words " + text[pos:]
        p = place(text, s, e, new)
        if p.status in (EXACT, MOVED):
            assert new[p.start : p.end] == text[s:e]
        else:
            assert p.needs_review
