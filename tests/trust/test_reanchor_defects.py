"""Issue 20's defects on stories written for these tests: no span lands on the wrong words.

Written against ``update_story_text`` and the store only, so each also runs on the code
before the fix (where they failed)."""

from __future__ import annotations

from annotator.workflows.reanchor import update_story_text

STORY = (
    "GENEVA — Three coastal states asked the tribunal on Monday to hear the case in full.\n\n"
    "Lawyers for the fishing fleet said the request was a delay tactic. The hearing is set for May.\n\n"
    "The ministry called the objection “ill-founded” in a statement on Tuesday. It said the states had "
    "agreed in 1996 to accept the tribunal's rulings.\n\n"
    "The states argued that the treaty allowed them to exclude themselves from “compulsory binding "
    "procedures” on fishing. A ruling is expected before the summer."
)


def _phrase(text: str, phrase: str) -> tuple[int, int]:
    i = text.index(phrase)
    return i, i + len(phrase)


def test_defect1_quote_stays_with_its_sentence_not_a_pasted_curly_copy(repo, session, make_doc):
    doc = make_doc(STORY)
    quote = session.add_span(doc, "QUOTE", [_phrase(STORY, "“ill-founded”")])
    attribution = session.add_span(doc, "ATTRIBUTION", [_phrase(STORY, "The ministry called")])
    session.link(attribution, quote)
    sentence = "The ministry called the objection “ill-founded” in a statement on Tuesday."
    straight = sentence.replace("“", '"').replace("”", '"')
    # The original sentence's quotes straightened; a curly copy pasted into the first paragraph.
    new = STORY.replace(sentence, straight).replace(
        "asked the tribunal on Monday", "asked the tribunal on Monday. " + sentence + " They asked it"
    )
    assert new.count("“ill-founded”") == 1  # only the pasted copy still has the old, curly text
    report = update_story_text(repo, doc.id, new)
    moved_quote, moved_attr = repo.span(quote.id), repo.span(attribution.id)
    where = new.index(straight)
    # Both stay in the original sentence, together, and nothing about it needs a person.
    assert moved_quote.start == where + straight.index('"ill-founded"')
    assert moved_quote.text == '"ill-founded"'
    assert moved_attr.start == where
    assert quote.id not in report.review and attribution.id not in report.review
    assert repo.reviews(doc.id) == []


def test_defect2_a_deleted_sentences_span_is_orphaned_not_put_on_neighbouring_words(repo, session, make_doc):
    doc = make_doc(STORY)
    gone = "A ruling is expected before the summer."
    claim = session.add_span(doc, "CLAIM", [_phrase(STORY, gone)], note="check the date")
    quote = session.add_span(doc, "QUOTE", [_phrase(STORY, "“compulsory binding procedures”")])
    deleted = STORY.replace(" " + gone, "")
    update_story_text(repo, doc.id, deleted)
    # Not placed anywhere in the new text (its words are gone) ...
    placed = repo.span(claim.id)
    assert placed is None or deleted[placed.start : placed.end] == gone
    assert placed is None
    # ... but listed for review with its old text, and its neighbour untouched.
    [entry] = repo.reviews(doc.id)
    assert entry["span_id"] == claim.id and entry["status"] == "orphaned" and entry["old_text"] == gone
    assert repo.span(quote.id).text == "“compulsory binding procedures”"


def test_a_move_across_quote_style_dashes_and_spaces_is_not_sent_to_review(repo, session, make_doc):
    doc = make_doc(STORY)
    quote = session.add_span(doc, "QUOTE", [_phrase(STORY, "“compulsory binding procedures”")])
    claim = session.add_span(doc, "CLAIM", [_phrase(STORY, "GENEVA — Three coastal states")])
    new = "UPDATED\u00a0at 10:00.\n\n" + STORY.replace(
        "“compulsory binding procedures”", '"compulsory  binding procedures"'
    )
    new = new.replace("GENEVA — Three", "GENEVA -- Three")
    report = update_story_text(repo, doc.id, new)
    assert report.review == [] and repo.reviews(doc.id) == []
    assert repo.span(quote.id).text == '"compulsory  binding procedures"'
    assert repo.span(claim.id).text == "GENEVA -- Three coastal states"
    for span in repo.spans(doc.id):
        span.check(new)  # exact code-point offsets into the stored text
