"""Migration 3: twins that concurrent suggest/import runs stored before are folded,
then the database refuses new ones."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.model import Document, Relation, Span
from annotator.core.text import text_hash
from annotator.store import ProjectError, open_project
from annotator.store.rows import span_values

TEXT = "The mayor said the bridge would close."


def _span(sid: str, origin: str, *, note: str = "", attributes: dict | None = None, label: str = "CLAIM") -> Span:
    return Span(sid, "s", label, ((15, 37),), TEXT[15:37], attributes or {}, note, "bot", origin, "t", "t")


def test_twins_are_folded_into_the_oldest_and_their_links_follow(tmp_path):
    path = tmp_path / "old.annotator"
    repo = open_project(path)
    repo.add_documents([Document("s", "S", TEXT, text_hash(TEXT))])
    repo.close()
    con = sqlite3.connect(path)  # make it a version 2 file holding what races left behind
    con.execute("DROP INDEX spans_machine_unique")
    con.execute("DROP INDEX relations_unique")
    con.execute("PRAGMA user_version = 2")
    from annotator.store.rows import SPAN_COLS as cols

    rows = [
        _span("a", "suggested", attributes={"checkworthy": "yes"}),
        _span("b", "suggested", note="second look", attributes={"checkworthy": "no", "x": "1"}),
        _span("c", "suggested"),
        _span("m1", "manual"),  # hand-made twins stay: a person may tag a phrase twice
        _span("m2", "manual"),
        Span("q", "s", "ATTRIBUTION", ((0, 14),), TEXT[0:14], {}, "", "bot", "suggested", "t", "t"),
        Span("q2", "s", "ATTRIBUTION", ((0, 14),), TEXT[0:14], {}, "", "bot", "suggested", "t", "t"),
    ]
    con.executemany(f"INSERT INTO spans ({cols}) VALUES ({', '.join('?' * 13)})", map(span_values, rows))
    links = [("r1", "q", "a"), ("r2", "q2", "b"), ("r3", "q", "c"), ("r4", "a", "b")]
    con.executemany(
        "INSERT INTO relations (id, doc_id, type, source, target, annotator, created) "
        "VALUES (?, 's', 'supports', ?, ?, 'bot', '')",
        links,
    )
    con.commit()
    con.close()

    repo = open_project(path)
    try:
        spans = {s.id: s for s in repo.spans("s")}
        assert set(spans) == {"a", "q", "m1", "m2"}
        assert spans["a"].attributes == {"checkworthy": "yes", "x": "1"} and spans["a"].note == "second look"
        assert [(r.source, r.target) for r in repo.relations("s")] == [("q", "a")]
        assert repo.document_summaries()[0].span_count == 4
        assert list((tmp_path / "old.annotator.backups").glob("*v2*.annotator"))  # a backup came first
        with pytest.raises(ProjectError, match="UNIQUE"), repo.transaction():
            repo.add_annotations([_span("d", "imported"), _span("e", "imported")])
        assert repo.insert_span(_span("f", "suggested")) == ("a", False)
        assert not repo.insert_relation(Relation("r9", "s", "supports", "q", "a", "bot", ""))
    finally:
        repo.close()


def test_spans_a_learned_model_suggests_are_unique_too(tmp_path):
    """Two `suggest --model --accept` runs at once store each span once (migration 5)."""
    from annotator.core.model import Document, Span
    from annotator.core.text import text_hash
    from annotator.store import open_project

    repo = open_project(tmp_path / "p.annotator")
    text = "The minister said it may rain."
    repo.add_documents([Document("d", "D", text, text_hash(text))])
    first = Span("a1", "d", "HEDGE", ((22, 25),), "may", {}, "", "model", "learned", "", "")
    twin = Span("a2", "d", "HEDGE", ((22, 25),), "may", {}, "", "model", "learned", "", "")
    with repo.transaction():
        assert repo.insert_span(first) == ("a1", True)
        assert repo.insert_span(twin) == ("a1", False)
    assert [s.id for s in repo.spans("d")] == ["a1"]
    repo.close()
