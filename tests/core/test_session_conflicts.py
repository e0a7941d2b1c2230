"""Two writers on one project (two connections, as two windows): edits change only their
fields, and undo never silently overwrites the other writer's later change."""

from __future__ import annotations

import pytest

from annotator.core.model import Document
from annotator.core.session import AnnotationSession, ConflictError
from annotator.core.text import text_hash
from annotator.store import open_project


@pytest.fixture
def two(tmp_path):
    """(mine, theirs): two sessions on two connections to one file, and the story."""
    path = tmp_path / "shared.annotator"
    a, b = open_project(path), open_project(path)
    text = '"We will rebuild," the mayor said on Monday.'
    a.add_documents([Document("s", "S", text, text_hash(text))])
    mine = AnnotationSession(a, annotator="ana", schema=a.schema())
    theirs = AnnotationSession(b, annotator="ben", schema=b.schema())
    yield mine, theirs, a.document("s")
    a.close()
    b.close()


def test_a_note_edit_keeps_the_attribute_another_writer_set_meanwhile(two):
    mine, theirs, doc = two
    attr = mine.add_span(doc, "ATTRIBUTION", [(18, 32)])
    stale = theirs.store.span(attr.id)
    mine.set_attribute(attr, "source", "the mayor")
    theirs.update_span(stale, note="check the date")  # their copy predates the source
    stored = mine.store.span(attr.id)
    assert stored.attributes == {"source": "the mayor"} and stored.note == "check the date"
    theirs.set_attribute(stale, "cue", "said")  # by name: the source stays
    assert mine.store.span(attr.id).attributes == {"source": "the mayor", "cue": "said"}


def test_undo_after_another_writers_relabel_keeps_the_relabel_and_says_so(two):
    mine, theirs, doc = two
    span = mine.add_span(doc, "CLAIM", [(1, 16)])
    mine.update_span(span, label="QUOTE", description="Relabel as QUOTE")
    theirs.update_span(theirs.store.span(span.id), label="ATTRIBUTION", description="Relabel as ATTRIBUTION")
    with pytest.raises(ConflictError, match="another writer changed the label"):
        mine.undo()
    assert mine.store.span(span.id).label == "ATTRIBUTION"
    # The step that could not be undone is gone; the one before it (the tag) is next, and it
    # too would drop their span, so it is refused the same way.
    assert mine.history.undo_text == "Tag CLAIM"
    with pytest.raises(ConflictError):
        mine.undo()
    assert mine.store.span(span.id).label == "ATTRIBUTION"


def test_undo_reverts_only_its_own_field(two):
    mine, theirs, doc = two
    span = mine.add_span(doc, "QUOTE", [(1, 16)])
    mine.update_span(span, note="mine", description="Edit note")
    theirs.update_span(theirs.store.span(span.id), label="CLAIM")
    done = mine.undo()  # the note was ours and nobody touched it since: undone, their label stays
    stored = mine.store.span(span.id)
    assert stored.note == "" and stored.label == "CLAIM"
    assert done.spans[0][1].label == "CLAIM"  # what listeners are told is what is stored
    mine.redo()
    assert mine.store.span(span.id).note == "mine" and mine.store.span(span.id).label == "CLAIM"


def test_undoing_a_delete_that_another_writer_repeated_is_harmless(two):
    mine, theirs, doc = two
    span = mine.add_span(doc, "QUOTE", [(1, 16)])
    theirs.delete_spans([theirs.store.span(span.id)])
    mine.delete_spans([span])  # already gone: nothing to do, nothing recorded
    assert mine.history.undo_text == "Tag QUOTE"


def test_machine_made_twins_are_stored_once(two):
    mine, theirs, doc = two
    a = mine.make_span(doc, "CLAIM", [(1, 16)], origin="suggested")
    b = theirs.make_span(doc, "CLAIM", [(1, 16)], origin="suggested", annotator="ana")
    q = mine.make_span(doc, "ATTRIBUTION", [(18, 32)], origin="suggested")
    from annotator.core.model import Relation

    mine.bulk("Accept", doc.id, [a])
    done = theirs.bulk("Accept", doc.id, [b, q], [Relation.create(doc.id, "supports", q.id, b.id, annotator="ana")])
    assert [s.id for s in mine.store.spans(doc.id) if s.label == "CLAIM"] == [a.id]
    assert [new.id for _old, new in done.spans] == [q.id]
    # the link went to the span already stored, not to the twin that was not
    links = mine.store.relations(doc.id)
    assert len(links) <= 1 and all(r.target == a.id for r in links)
