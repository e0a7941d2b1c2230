from __future__ import annotations

from dataclasses import replace

import pytest

from annotator.core.schema import Label
from annotator.core.session import EditError


def _setup(session, make_doc):
    doc = make_doc('"No," she said. Taxes rose 5%.')
    q = session.add_span(doc, "QUOTE", [(0, 5)])
    a = session.add_span(doc, "ATTRIBUTION", [(6, 14)], attributes={"source": "she", "cue": "said"})
    c = session.add_span(doc, "CLAIM", [(16, 30)], attributes={"checkworthy": "yes"})
    session.link(a, q)
    return doc, q, a, c


def test_rename_label_renames_its_spans_and_undo_restores(session, make_doc, repo):
    doc, q, a, c = _setup(session, make_doc)
    old = session.schema
    new = replace(
        old,
        labels=tuple(replace(lb, name="SPEECH") if lb.name == "QUOTE" else lb for lb in old.labels),
        relations=tuple(replace(r, targets=("SPEECH", "CLAIM")) for r in old.relations),
    )
    session.change_schema(new, renames={"QUOTE": "SPEECH"})
    assert repo.span(q.id).label == "SPEECH"
    assert repo.schema().label("SPEECH") is not None
    assert len(repo.relations(doc.id)) == 1  # the link still fits the edited relation type
    session.undo()
    assert repo.span(q.id).label == "QUOTE" and repo.schema() == old and session.schema == old
    session.redo()
    assert repo.span(q.id).label == "SPEECH"


def test_removing_a_label_in_use_asks_first(session, make_doc, repo):
    doc, q, a, c = _setup(session, make_doc)
    old = session.schema
    new = replace(old, labels=tuple(lb for lb in old.labels if lb.name != "CLAIM"))
    with pytest.raises(EditError, match="1 spans still use CLAIM"):
        session.change_schema(new)
    assert repo.span(c.id) is not None and repo.schema() == old
    session.change_schema(new, delete_removed=True)
    assert repo.span(c.id) is None
    session.undo()
    assert repo.span(c.id) == c


def test_dropping_an_attribute_or_relation_type_cleans_spans_and_links(session, make_doc, repo):
    doc, q, a, c = _setup(session, make_doc)
    old = session.schema
    claim = old.label("CLAIM")
    new = replace(
        old,
        labels=tuple(Label(lb.name, lb.colour, lb.keys, ()) if lb is claim else lb for lb in old.labels),
        relations=(),
    )
    session.change_schema(new)
    assert repo.span(c.id).attributes == {}
    assert repo.relations(doc.id) == []
    session.undo()
    assert repo.span(c.id).attributes == {"checkworthy": "yes"} and len(repo.relations(doc.id)) == 1
