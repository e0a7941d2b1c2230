"""Undo in the window after another writer changed the same span: theirs stays, and the
window says so."""

from __future__ import annotations

from annotator.workflows.project import Project

from .conftest import find


def test_undo_after_another_writers_relabel_keeps_it_and_tells_the_user(window, project):
    text = window.doc.text
    span = window.session.add_span(window.doc, "CLAIM", [find(text, "The bridge will close on March 3")])
    window.session.update_span(span, label="QUOTE", description="Relabel as QUOTE")
    with Project.open(project, annotator="ben") as other:
        other.update_span(span.id, label="ATTRIBUTION")
    window.undo()
    message = window.statusBar().currentMessage()
    assert "another writer changed the label" in message and "Their change was kept" in message
    assert window.repo.span(span.id).label == "ATTRIBUTION"
    window._check_outside_changes()  # the poll: the window shows their label
    assert window.view.index.spans[span.id].label == "ATTRIBUTION"
