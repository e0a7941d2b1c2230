from __future__ import annotations

import pytest

from annotator.core.session import EditError


def test_tag_trims_whitespace_and_stores(session, make_doc, repo):
    doc = make_doc("The mayor said:  “We will rebuild.”  ")
    span = session.add_span(doc, "QUOTE", [(15, 37)])
    assert span.text == "“We will rebuild.”"
    assert span.attributes == {"type": "direct"}
    assert repo.spans(doc.id) == [span]
    assert repo.document(doc.id).status == "in progress"


def test_undo_redo_round_trip(session, make_doc, repo):
    doc = make_doc("Police said the road was closed.")
    span = session.add_span(doc, "CLAIM", [(12, 31)])
    session.undo()
    assert repo.spans(doc.id) == []
    assert repo.document(doc.id).status == "new"
    session.redo()
    assert repo.spans(doc.id) == [span]


def test_delete_takes_links_and_undo_restores_them(session, make_doc, repo):
    doc = make_doc('"No," she said.')
    quote = session.add_span(doc, "QUOTE", [(0, 5)])
    attr = session.add_span(doc, "ATTRIBUTION", [(6, 14)], attributes={"source": "she", "cue": "said"})
    rel = session.link(quote, attr)  # order does not matter: the schema decides direction
    assert (rel.source, rel.target) == (attr.id, quote.id)
    session.delete_spans([attr])
    assert repo.relations(doc.id) == []
    session.undo()
    assert repo.relations(doc.id) == [rel]


def test_schema_refuses_bad_edits(session, make_doc):
    doc = make_doc("text here")
    with pytest.raises(EditError):
        session.add_span(doc, "NOPE", [(0, 4)])
    with pytest.raises(EditError):
        session.add_span(doc, "QUOTE", [(0, 4)], attributes={"type": "sarcastic"})
    with pytest.raises(EditError):
        session.add_span(doc, "QUOTE", [(4, 5)])  # only a space
    with pytest.raises(EditError):
        session.add_span(doc, "QUOTE", [(0, 99)])
    q = session.add_span(doc, "QUOTE", [(0, 4)])
    c = session.add_span(doc, "CLAIM", [(5, 9)])
    with pytest.raises(EditError):
        session.link(q, c)


def test_fragments_relabel_and_listeners(session, make_doc, repo):
    doc = make_doc('"We will not back down," she said, "no matter the cost."')
    seen = []
    session.subscribe(lambda ev: seen.append((ev.kind, ev.command.description)))
    q = session.add_span(doc, "QUOTE", [(0, 24)])
    q = session.add_fragment(q, 35, 56)
    assert q.fragments == ((0, 24), (35, 56))
    assert q.text == '"We will not back down," "no matter the cost."'
    c = session.update_span(q, label="CLAIM", description="Relabel")
    assert c.label == "CLAIM" and c.attributes == {}
    session.undo()
    assert repo.span(q.id).label == "QUOTE"
    assert [k for k, _ in seen] == ["do", "do", "do", "undo"]


@pytest.mark.parametrize(
    "text, quote, direct",
    [
        ("“We will rebuild,” she said.", "We will rebuild", True),  # marks outside, comma inside
        ("“It is fake news,’’ he said.", "It is fake news", True),  # a press pairing “ with ’’
        ('"No." she said.', '"No."', True),  # marks inside the span
        ("“We will,” she said.", "“We will,", True),  # opening inside, closing just after
        ("« Nous verrons », a-t-il dit.", " Nous verrons ", True),
        ("She said the plan would work.", "the plan would work", False),
        ("The President's return is fake, he said.", "s return is fake", False),  # an apostrophe
    ],
)
def test_a_quote_in_quotation_marks_starts_direct(session, make_doc, text, quote, direct):
    doc = make_doc(text)
    start = text.index(quote)
    span = session.add_span(doc, "QUOTE", [(start, start + len(quote))])
    assert (span.attributes.get("type") == "direct") is direct
