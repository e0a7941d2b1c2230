"""The project's table layout, as numbered migrations.

``PRAGMA user_version`` holds the version a file is at. Opening an older file
makes a backup copy first and then runs the missing steps in one transaction; a
file from a newer annotator is refused rather than guessed at.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .db import Database, ProjectError

if TYPE_CHECKING:  # sqlite-utils is imported only when a file is created or migrated
    import sqlite_utils

__all__ = ["LATEST", "migrate", "backup_copy", "current_version"]


def _v1_initial(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key", not_null={"value"})
    db.table("documents").create(
        {
            "id": str,
            "position": int,
            "title": str,
            "sha256": str,
            "meta": str,  # JSON object
            "source_path": str,
            "status": str,
            "created": str,
        },
        pk="id",
        not_null={"title", "sha256", "status", "position"},
        defaults={"meta": "{}", "source_path": "", "status": "new", "created": ""},
    )
    db.table("documents").create_index(["sha256"])
    db.table("documents").create_index(["position"])
    # The text lives apart from the story's row: a status change or a span count
    # then rewrites a few bytes, not a 5 MB row.
    db.table("document_texts").create(
        {"doc_id": str, "text": str}, pk="doc_id", foreign_keys=[("doc_id", "documents", "id")], not_null={"text"}
    )
    # Spans per story, kept by triggers, so the story list never counts 1M rows.
    db.table("span_counts").create(
        {"doc_id": str, "n": int}, pk="doc_id", foreign_keys=[("doc_id", "documents", "id")], defaults={"n": 0}
    )
    db.table("spans").create(
        {
            "id": str,
            "doc_id": str,
            "label": str,
            "start": int,
            "end": int,
            "fragments": str,  # JSON [[start, end], ...], code points, sorted
            "text": str,
            "attributes": str,  # JSON object
            "note": str,
            "annotator": str,
            "origin": str,
            "created": str,
            "updated": str,
        },
        pk="id",
        foreign_keys=[("doc_id", "documents", "id")],
        not_null={"doc_id", "label", "start", "end", "fragments", "text", "annotator", "origin"},
        defaults={"attributes": "{}", "note": "", "origin": "manual", "created": "", "updated": ""},
    )
    db.table("spans").create_index(["doc_id", "start", "end", "label"])
    db.table("spans").create_index(["annotator"])
    db.table("relations").create(
        {
            "id": str,
            "doc_id": str,
            "type": str,
            "source": str,
            "target": str,
            "annotator": str,
            "created": str,
        },
        pk="id",
        foreign_keys=[("doc_id", "documents", "id"), ("source", "spans", "id"), ("target", "spans", "id")],
        not_null={"doc_id", "type", "source", "target", "annotator"},
        defaults={"created": ""},
    )
    db.table("relations").create_index(["doc_id"])
    db.table("relations").create_index(["source"])
    db.table("relations").create_index(["target"])
    db.execute(
        "CREATE TRIGGER spans_count_insert AFTER INSERT ON spans BEGIN "
        "INSERT INTO span_counts (doc_id, n) VALUES (NEW.doc_id, 1) "
        "ON CONFLICT(doc_id) DO UPDATE SET n = n + 1; END"
    )
    db.execute(
        "CREATE TRIGGER spans_count_delete AFTER DELETE ON spans BEGIN "
        "UPDATE span_counts SET n = n - 1 WHERE doc_id = OLD.doc_id; END"
    )


def _v2_reviews(db: sqlite_utils.Database) -> None:
    # Spans re-anchored on a changed story that a person should look at. Kept
    # apart from spans so the span row (and every export) stays as it was.
    db.table("span_reviews").create(
        {"span_id": str, "doc_id": str, "status": str, "confidence": float, "old_text": str, "created": str},
        pk="span_id",
        not_null={"doc_id", "status"},
        defaults={"confidence": 0.0, "old_text": "", "created": ""},
    )
    db.table("span_reviews").create_index(["doc_id"])
    db.execute(
        "CREATE TRIGGER span_reviews_gone AFTER DELETE ON spans BEGIN "
        "DELETE FROM span_reviews WHERE span_id = OLD.id; END"
    )


def _fold_machine_twins(conn: sqlite3.Connection, origins: str) -> None:
    """Fold spans of these origins that are twins (same story, annotator, label and
    fragments) into the oldest: links move to it, attributes it lacks and notes it does
    not have are added, then the twin goes; then duplicate and self links go."""
    groups = conn.execute(
        "SELECT group_concat(id, char(31)) FROM ("
        "  SELECT id, doc_id, annotator, label, fragments FROM spans "
        f"  WHERE origin IN ({origins}) ORDER BY rowid"
        ") GROUP BY doc_id, annotator, label, fragments HAVING count(*) > 1"
    ).fetchall()
    for (joined,) in groups:
        keep, *twins = joined.split(chr(31))
        attrs_text, note = conn.execute("SELECT attributes, note FROM spans WHERE id = ?", (keep,)).fetchone()
        attrs = json.loads(attrs_text or "{}")
        notes = [note] if note else []
        for twin in twins:
            t_attrs, t_note = conn.execute("SELECT attributes, note FROM spans WHERE id = ?", (twin,)).fetchone()
            for k, v in json.loads(t_attrs or "{}").items():
                attrs.setdefault(k, v)
            if t_note and t_note not in notes:
                notes.append(t_note)
            conn.execute("UPDATE relations SET source = ? WHERE source = ?", (keep, twin))
            conn.execute("UPDATE relations SET target = ? WHERE target = ?", (keep, twin))
            conn.execute("DELETE FROM spans WHERE id = ?", (twin,))
        conn.execute(
            "UPDATE spans SET attributes = ?, note = ? WHERE id = ?",
            (json.dumps(attrs, ensure_ascii=False, sort_keys=True, separators=(",", ":")), "\n".join(notes), keep),
        )
    conn.execute("DELETE FROM relations WHERE source = target")  # two twins that were linked
    conn.execute(
        "DELETE FROM relations WHERE rowid NOT IN (SELECT min(rowid) FROM relations GROUP BY type, source, target)"
    )


def _v3_unique(db: sqlite_utils.Database) -> None:
    """The uniqueness rules concurrent writers rely on, after folding existing twins.

    Machine-made spans (suggested, imported) are unique per story, annotator, label
    and fragments, and a link per type and ends: two `suggest --accept` or import
    runs at once then cannot both store one. Twins already in a file (made by such
    races before) are folded into the oldest: links move to it, attributes it lacks
    and notes it does not have are added, then the twin goes (a backup was made).
    Hand-made spans stay free: tagging a phrase twice is the person's call.
    """
    _fold_machine_twins(db.conn, "'suggested', 'imported'")
    db.conn.execute(
        "CREATE UNIQUE INDEX spans_machine_unique ON spans (doc_id, annotator, label, fragments) "
        "WHERE origin IN ('suggested', 'imported')"
    )
    db.conn.execute("CREATE UNIQUE INDEX relations_unique ON relations (type, source, target)")


def _v4_review_detail(db: sqlite_utils.Database) -> None:
    # What the review list shows and what an orphan needs to come back: its label,
    # the reason, and for a span whose words are gone the whole span and its links
    # (it leaves the spans table, so no export carries it on words it no longer has).
    columns = {row[1] for row in db.execute("PRAGMA table_info(span_reviews)").fetchall()}
    if "detail" not in columns:  # a file whose version was set back by hand may have it
        db.execute("ALTER TABLE span_reviews ADD COLUMN detail TEXT NOT NULL DEFAULT '{}'")
    db.execute(
        "CREATE TRIGGER IF NOT EXISTS span_reviews_story_gone AFTER DELETE ON documents BEGIN "
        "DELETE FROM span_reviews WHERE doc_id = OLD.id; END"
    )


def _v5_learned_unique(db: sqlite_utils.Database) -> None:
    # Spans a learned model suggests are machine-made too: two `suggest --model --accept`
    # runs at once must not both store one (the same rule as migration 3's).
    _fold_machine_twins(db.conn, "'suggested', 'imported', 'learned'")
    db.conn.execute("DROP INDEX IF EXISTS spans_machine_unique")
    db.conn.execute(
        "CREATE UNIQUE INDEX spans_machine_unique ON spans (doc_id, annotator, label, fragments) "
        "WHERE origin IN ('suggested', 'imported', 'learned')"
    )


MIGRATIONS: list[tuple[int, str, Callable[[sqlite_utils.Database], None]]] = [
    (1, "initial tables", _v1_initial),
    (2, "spans to review after a story changed", _v2_reviews),
    (3, "machine-made spans and links unique (concurrent suggest and import)", _v3_unique),
    (4, "review details and orphaned spans", _v4_review_detail),
    (5, "spans a learned model suggests unique too", _v5_learned_unique),
]
LATEST = MIGRATIONS[-1][0]


def current_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def backup_dir(path: Path) -> Path:
    return path.with_name(path.name + ".backups")


def backup_copy(db: Database, path: Path, reason: str) -> Path:
    """A consistent, verified copy of the open project in its backup folder (backups.py)."""
    from .backups import write_backup  # backups imports this module

    return write_backup(db.conn, path, reason)


def migrate(db: Database, path: Path) -> Path | None:
    """Bring the file to LATEST; returns the backup made, if any."""
    version = current_version(db)
    if version > LATEST:
        raise ProjectError(
            f"{path} was made by a newer annotator (project format {version}; this one knows "
            f"up to {LATEST}). Update annotator to open it; the file was not changed."
        )
    if version == LATEST:
        return None
    has_tables = bool(db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").fetchone())
    if version == 0 and has_tables:
        raise ProjectError(f"{path} is an SQLite file but not an annotator project.")
    backup = backup_copy(db, path, f"v{version}") if version > 0 else None
    conn = db.conn
    tables = db.sqlite_utils()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for number, _name, step in MIGRATIONS:
            if number > version:
                step(tables)
                conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return backup
