from __future__ import annotations

import random

from annotator.core.anchoring import EDITED, EXACT, MOVED, ORPHANED, UNSURE, anchor_fragments, anchor_story

OLD = (
    "The mayor said the bridge would close in March. “We are not taking chances,” she said. "
    "Shop owners said the closure would hurt trade. The council will vote on Friday."
)


class _P:
    def __init__(self, placement):
        self.status, self.needs_review = placement.status, placement.needs_review
        self.start, self.end = placement.fragments[0] if placement.fragments else (None, None)


def place(old: str, start: int, end: int, new: str):
    return _P(anchor_story(old, new, {"x": ((start, end),)})["x"])


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
    assert p.status == EDITED and p.needs_review
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


def test_a_sentence_pasted_twice_side_by_side_is_flagged_not_decided():
    s, e = span_of(OLD, "Shop owners said the closure would hurt trade.")
    sentence = OLD[s:e]
    new = OLD.replace(sentence, sentence + " " + sentence)
    p = place(OLD, s, e, new)
    assert p.status == UNSURE and p.needs_review


def test_a_pasted_copy_far_away_does_not_pull_the_span():
    s, e = span_of(OLD, "“We are not taking chances,”")
    new = "“We are not taking chances,” the headline said.\n\n" + OLD
    p = place(OLD, s, e, new)
    assert (p.start, p.status) == (s + new.index(OLD), MOVED)


def test_a_short_common_span_in_a_deleted_sentence_is_not_put_on_another_occurrence():
    s, e = span_of(OLD, "said", nth=2)  # "Shop owners said"
    new = OLD.replace("Shop owners said the closure would hurt trade. ", "")
    p = place(OLD, s, e, new)
    assert p.status == ORPHANED


def test_a_linked_span_that_stayed_decides_between_copies_but_it_is_still_flagged():
    text = "“Prices will rise,” the minister said. Markets fell."
    q, a = span_of(text, "“Prices will rise,”"), span_of(text, "the minister said")
    new = text.replace("“Prices will rise,”", "“Prices will rise,” “Prices will rise,”")
    placed = anchor_story(text, new, {"q": (q,), "a": (a,)}, [("a", "q")])
    assert placed["a"].status == MOVED
    assert placed["q"].fragments == ((new.index("“Prices", 5), new.index("“Prices", 5) + q[1] - q[0]),)
    assert placed["q"].status == UNSURE and "linked" in placed["q"].reason


def test_confidence_is_never_rounded_up_to_certain():
    s, e = span_of(OLD, "Shop owners said the closure would hurt trade.")
    new = OLD.replace("would hurt trade", "would hurt tade")
    placed = anchor_story(OLD, new, {"x": ((s, e),)})["x"]
    assert placed.status == EDITED and 0.9 < placed.confidence < 1.0


def test_words_added_at_an_edge_that_repeat_the_span_are_flagged():
    text = "said Berg. “It is not a hot week. It is a trend.”\n\nNext."
    s, e = span_of(text, "“It is not a hot week. It is a trend.”")
    new = text.replace("It is a trend.”", "It is a trend.” It is a trend.”")
    placed = anchor_story(text, new, {"q": ((s, e),)})["q"]
    assert placed.status == UNSURE and placed.needs_review
