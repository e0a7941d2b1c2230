from __future__ import annotations

import os
import sqlite3

import pytest

from annotator.core.model import Document
from annotator.core.text import text_hash
from annotator.store import ProjectError, open_project
from annotator.store.migrations import LATEST


def test_pragmas_and_version(repo):
    db = repo.db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST


def test_edits_are_visible_to_a_second_connection(session, make_doc, tmp_path, repo):
    doc = make_doc("Officials said the bridge is safe.")
    span = session.add_span(doc, "CLAIM", [(15, 33)])
    other = open_project(repo.path, read_only=True)
    try:
        assert other.spans(doc.id) == [span]
        assert other.document_summaries()[0].span_count == 1
    finally:
        other.close()


def test_newer_project_is_refused_untouched(tmp_path):
    path = tmp_path / "future.annotator"
    open_project(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {LATEST + 5}")
    con.close()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="newer annotator"):
        open_project(path)
    assert path.read_bytes() == before


def test_not_a_project(tmp_path):
    bad = tmp_path / "notes.annotator"
    bad.write_text("hello")
    with pytest.raises(ProjectError, match="not an annotator project"):
        open_project(bad)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_project_is_refused(tmp_path):
    path = tmp_path / "ro.annotator"
    open_project(path).close()
    path.chmod(0o444)
    with pytest.raises(ProjectError, match="read-only"):
        open_project(path)


def test_story_metadata_keeps_values_orjson_cannot_write(tmp_path):
    """Metadata from JSON story files can hold integers beyond 64 bits; they are kept exactly."""
    repo = open_project(tmp_path / "p.annotator")
    meta = {"wire_id": 2**70 + 1, "outlet": "Café Times", "tags": ["a", "b"], "n": 3}
    repo.add_documents([Document("big", "Big", "text", text_hash("text"), meta)])
    repo.close()
    with open_project(tmp_path / "p.annotator") as again:
        assert again.document("big").meta == meta


def test_one_storys_spans_of_one_annotator_are_read_by_the_storys_index(repo, make_doc):
    """Not by the annotator index, which would read all that annotator's spans in the project."""
    from annotator.store.rows import SPAN_COLS, only_annotators

    make_doc("Some text here.")
    sql, params = only_annotators(f"SELECT {SPAN_COLS} FROM spans WHERE doc_id = ?", ["doc1"], ["alice"])
    plan = " ".join(str(row) for row in repo.db.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "idx_spans_doc_id_start_end_label" in plan and "idx_spans_annotator" not in plan
    plan = " ".join(
        str(row)
        for row in repo.db.execute(
            "EXPLAIN QUERY PLAN DELETE FROM spans WHERE doc_id = ? AND +annotator = ?", ("d", "a")
        )
    )
    assert "idx_spans_annotator" not in plan
