"""The Store the session writes through, plus the reads the window and CLI need."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.model import Document, Relation, Span, StoredSpan, now_iso
from annotator.core.schema import Schema, news_schema
from annotator.core.sources import SourceLink

from .db import Database, ProjectError, Transactions, connect, describe_sqlite_error
from .migrations import LATEST, migrate
from .rows import (
    REL_COLS,
    SPAN_COLS,
    SPAN_UPSERT,
    meta_text,
    only_annotators,
    relation_from_row,
    relation_values,
    span_field_values,
    span_from_row,
    span_values,
)

__all__ = ["Repository", "open_project", "DocumentSummary"]

_SUMMARY = (
    "SELECT d.id, d.title, d.status, coalesce(c.n, 0), d.position, d.sha256 "
    "FROM documents d LEFT JOIN span_counts c ON c.doc_id = d.id"
)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A story as the story list shows it: no text, so 10,000 of them load at once."""

    id: str
    title: str
    status: str
    span_count: int
    position: int
    sha256: str


class Repository:
    """One open project file."""

    def __init__(self, db: Database, path: Path, *, read_only: bool = False) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        self.closed = False
        self.transaction: Any = Transactions(db, path)
        self._doc_cache: dict[str, Document] = {}
        self._cache_version = -1  # data_version the cache was filled at

    # -- lifecycle --------------------------------------------------------------
    def close(self) -> None:
        self.closed = True
        try:
            if not self.read_only:
                self.db.execute("PRAGMA optimize")
            self.db.conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _q(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        try:
            return self.db.execute(sql, tuple(params))
        except sqlite3.Error as exc:
            raise ProjectError(describe_sqlite_error(self.path, exc, reading=self.read_only)) from exc

    # -- project settings ---------------------------------------------------------
    def savepoint(self) -> AbstractContextManager[None]:
        return self.transaction.savepoint()

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self._q("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self._q("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def schema(self) -> Schema:
        raw = self.get_meta("schema")
        return Schema.from_dict(json.loads(raw)) if raw else news_schema()

    def set_schema(self, schema: Schema) -> None:
        self.set_meta("schema", json.dumps(schema.to_dict(), ensure_ascii=False))

    # -- documents ------------------------------------------------------------------
    def document_summaries(self) -> list[DocumentSummary]:
        rows = self._q(f"{_SUMMARY} ORDER BY d.position").fetchall()
        return [DocumentSummary(*r) for r in rows]

    def document_summary(self, doc_id: str) -> DocumentSummary | None:
        row = self._q(f"{_SUMMARY} WHERE d.id = ?", (doc_id,)).fetchone()
        return DocumentSummary(*row) if row else None

    def document(self, doc_id: str) -> Document:
        version = self.data_version()
        if version != self._cache_version:  # another connection committed: it may have changed a story
            self._doc_cache.clear()
            self._cache_version = version
        cached = self._doc_cache.get(doc_id)
        if cached is not None:
            return cached
        row = self._q(
            "SELECT d.id, d.title, t.text, d.sha256, d.meta, d.source_path, d.status, d.created "
            "FROM documents d JOIN document_texts t ON t.doc_id = d.id WHERE d.id = ?",
            (doc_id,),
        ).fetchone()
        if row is None:
            raise KeyError(doc_id)
        doc = Document(row[0], row[1], row[2], row[3], json.loads(row[4] or "{}"), row[5] or "", row[6], row[7] or "")
        if len(self._doc_cache) > 8:
            self._doc_cache.clear()
        self._doc_cache[doc_id] = doc
        return doc

    def has_document(self, doc_id: str) -> bool:
        return self._q("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def documents_by_hash(self, sha256: str) -> list[str]:
        return [r[0] for r in self._q("SELECT id FROM documents WHERE sha256 = ?", (sha256,))]

    def document_ids(self) -> list[str]:
        return [r[0] for r in self._q("SELECT id FROM documents ORDER BY position")]

    def iter_documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        for doc_id in self.document_ids() if ids is None else ids:
            self._doc_cache.pop(doc_id, None)
            yield self.document(doc_id)
            self._doc_cache.pop(doc_id, None)

    def add_documents(self, docs: Iterable[Document]) -> int:
        """Insert stories (caller holds the transaction for all-or-nothing imports)."""
        start = self._q("SELECT coalesce(max(position), -1) + 1 FROM documents").fetchone()[0]
        docs = list(docs)
        rows = [
            (
                d.id,
                start + i,
                d.title,
                d.sha256,
                meta_text(d.meta),
                d.source_path,
                d.status,
                d.created or now_iso(),
            )
            for i, d in enumerate(docs)
        ]
        with self.transaction():
            try:
                self.db.conn.executemany(
                    "INSERT INTO documents (id, position, title, sha256, meta, source_path, status, created) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                self.db.conn.executemany(
                    "INSERT INTO document_texts (doc_id, text) VALUES (?, ?)", ((d.id, d.text) for d in docs)
                )
            except sqlite3.IntegrityError as exc:
                raise ProjectError(f"A story with the same id is already in the project ({exc}).") from exc
        return len(rows)

    def set_status(self, doc_id: str, status: str) -> None:
        self._q("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))
        self._doc_cache.pop(doc_id, None)

    def document_status(self, doc_id: str) -> str:
        """The story's status as stored now (never from the cache: read under the write lock)."""
        row = self._q("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return str(row[0])

    # -- spans and relations -----------------------------------------------------------
    def spans(self, doc_id: str, annotators: Iterable[str] | None = None) -> list[Span]:
        sql = f"SELECT {SPAN_COLS} FROM spans WHERE doc_id = ?"
        sql, params = only_annotators(sql, [doc_id], annotators)
        return [span_from_row(r) for r in self._q(sql + " ORDER BY start, end, label", params)]

    def spans_starting_in(self, doc_id: str, lo: int, hi: int) -> list[Span]:
        """A story's spans whose first fragment starts in [lo, hi): one slice of a long
        story, read by the (doc_id, start, ...) index without touching the rest."""
        return [
            span_from_row(r)
            for r in self._q(
                f"SELECT {SPAN_COLS} FROM spans WHERE doc_id = ? AND start >= ? AND start < ? "
                'ORDER BY start, "end", label',
                (doc_id, lo, hi),
            )
        ]

    def stored_spans(self, doc_id: str, annotators: Iterable[str] | None = None) -> list[StoredSpan]:
        """A story's spans as stored rows (see core.model.StoredSpan), sorted by
        (start, end, label, id): what a streaming export writes without parsing.
        SQLite compares text as UTF-8 bytes, which orders like Python's code points."""
        sql = (
            "SELECT id, label, start, \"end\", fragments, text, coalesce(nullif(attributes, ''), '{}'), "
            "coalesce(note, ''), annotator, origin, coalesce(created, ''), coalesce(updated, '') "
            "FROM spans WHERE doc_id = ?"
        )
        sql, params = only_annotators(sql, [doc_id], annotators)
        return self._q(sql + ' ORDER BY start, "end", label, id', params).fetchall()

    def span(self, span_id: str) -> Span | None:
        row = self._q(f"SELECT {SPAN_COLS} FROM spans WHERE id = ?", (span_id,)).fetchone()
        return span_from_row(row) if row else None

    def relations(self, doc_id: str, annotators: Iterable[str] | None = None) -> list[Relation]:
        sql = f"SELECT {REL_COLS} FROM relations WHERE doc_id = ?"
        sql, params = only_annotators(sql, [doc_id], annotators)
        return [relation_from_row(r) for r in self._q(sql, params)]

    def relations_of(self, span_id: str) -> list[Relation]:
        return [
            relation_from_row(r)
            for r in self._q(
                f"SELECT {REL_COLS} FROM relations WHERE source = ? UNION "
                f"SELECT {REL_COLS} FROM relations WHERE target = ?",
                (span_id, span_id),
            )
        ]

    def spans_with_label(self, label: str) -> list[Span]:
        return [span_from_row(r) for r in self._q(f"SELECT {SPAN_COLS} FROM spans WHERE label = ?", (label,))]

    def relations_with_type(self, rtype: str) -> list[Relation]:
        return [relation_from_row(r) for r in self._q(f"SELECT {REL_COLS} FROM relations WHERE type = ?", (rtype,))]

    def relation(self, relation_id: str) -> Relation | None:
        row = self._q(f"SELECT {REL_COLS} FROM relations WHERE id = ?", (relation_id,)).fetchone()
        return relation_from_row(row) if row else None

    def put_span(self, span: Span) -> None:
        """Write a whole span row (new or replacing). Edits use update_span_fields."""
        self._q(SPAN_UPSERT, span_values(span))

    def insert_span(self, span: Span) -> tuple[str, bool]:
        """Insert a span unless its id is taken or a machine-made twin (same story,
        annotator, label and fragments; migrations 3 and 5's unique index) is stored:
        (the id that holds it, whether this call inserted it)."""
        cur = self._q(
            f"INSERT INTO spans ({SPAN_COLS}) VALUES ({', '.join('?' * 13)}) ON CONFLICT DO NOTHING", span_values(span)
        )
        if cur.rowcount:
            return span.id, True
        if self._q("SELECT 1 FROM spans WHERE id = ?", (span.id,)).fetchone():
            return span.id, False
        row = self._q(
            "SELECT id FROM spans WHERE doc_id = ? AND annotator = ? AND label = ? AND fragments = ? "
            "AND origin IN ('suggested', 'imported', 'learned')",
            (span.doc_id, span.annotator, span.label, span_values(span)[3]),
        ).fetchone()
        if row is None:
            raise ProjectError(f"span {span.id} could not be stored and nothing in the project holds it")
        return str(row[0]), False

    def update_span_fields(self, span: Span, fields: tuple[str, ...]) -> None:
        """Write only these fields of ``span`` (the rest of the row stays as stored)."""
        values = span_field_values(span, fields)
        if not values:
            return
        sets = ", ".join(f'"{c}" = ?' for c in values)
        self._q(f"UPDATE spans SET {sets} WHERE id = ?", (*values.values(), span.id))

    def insert_relation(self, relation: Relation) -> bool:
        """Insert a link unless its id is taken or the same link (type, ends) exists."""
        cur = self._q(
            f"INSERT INTO relations ({REL_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            relation_values(relation),
        )
        return bool(cur.rowcount)

    def remove_span(self, span_id: str) -> None:
        self._q("DELETE FROM spans WHERE id = ?", (span_id,))

    def put_relation(self, relation: Relation) -> None:
        self._q(
            f"INSERT OR REPLACE INTO relations ({REL_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)", relation_values(relation)
        )

    def remove_relation(self, relation_id: str) -> None:
        self._q("DELETE FROM relations WHERE id = ?", (relation_id,))

    def add_annotations(self, spans: Iterable[Span], relations: Iterable[Relation] = ()) -> None:
        """Bulk insert for imports (caller holds the transaction)."""
        # Plain executemany: sqlite-utils' insert_all re-checks every value and spent
        # two thirds of a 1M-span import doing so (bench/bench_native.py).
        span_sql = f"INSERT INTO spans ({SPAN_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        rel_sql = f"INSERT INTO relations ({REL_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
        with self.transaction():
            try:
                self.db.conn.executemany(span_sql, map(span_values, spans))
                self.db.conn.executemany(rel_sql, map(relation_values, relations))
            except sqlite3.Error as exc:
                raise ProjectError(describe_sqlite_error(self.path, exc)) from exc

    def replace_layer(self, doc_id: str, annotator: str, spans: Iterable[Span], relations: Iterable[Relation]) -> None:
        """One annotator's spans and links on one story become exactly these (a teammate's
        layer received from a team folder); other annotators' rows are not touched."""
        with self.transaction():
            # "+annotator": by the story's index, not every span the annotator has (rows.only_annotators)
            self._q("DELETE FROM relations WHERE doc_id = ? AND +annotator = ?", (doc_id, annotator))
            self._q("DELETE FROM spans WHERE doc_id = ? AND +annotator = ?", (doc_id, annotator))
            self.add_annotations(spans, relations)

    # -- changed stories --------------------------------------------------------------
    def replace_document_text(self, doc_id: str, text: str, sha256: str, meta: dict[str, Any] | None = None) -> None:
        """New text for a story (caller re-anchors its spans in the same transaction)."""
        self._q("UPDATE document_texts SET text = ? WHERE doc_id = ?", (text, doc_id))
        if meta is None:
            self._q("UPDATE documents SET sha256 = ? WHERE id = ?", (sha256, doc_id))
        else:
            self._q(
                "UPDATE documents SET sha256 = ?, meta = ? WHERE id = ?",
                (sha256, meta_text(meta), doc_id),
            )
        self._doc_cache.pop(doc_id, None)

    def set_review(
        self,
        span_id: str,
        doc_id: str,
        status: str,
        confidence: float,
        old_text: str,
        detail: dict[str, Any] | None = None,
    ) -> None:
        self._q(
            "INSERT OR REPLACE INTO span_reviews (span_id, doc_id, status, confidence, old_text, created, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (span_id, doc_id, status, confidence, old_text, now_iso(), json.dumps(detail or {}, ensure_ascii=False)),
        )

    def clear_review(self, span_id: str) -> None:
        self._q("DELETE FROM span_reviews WHERE span_id = ?", (span_id,))

    def reviews(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Spans waiting for a person after their story changed, oldest story first, each
        with its current label and text (``new_text`` None when its words are gone)."""
        sql = (
            "SELECT r.span_id, r.doc_id, r.status, r.confidence, r.old_text, d.title, r.detail, s.label, s.text "
            "FROM span_reviews r JOIN documents d ON d.id = r.doc_id LEFT JOIN spans s ON s.id = r.span_id"
        )
        params: tuple[Any, ...] = ()
        if doc_id is not None:
            sql += " WHERE r.doc_id = ?"
            params = (doc_id,)
        rows = self._q(sql + " ORDER BY d.position, coalesce(s.start, -1), r.span_id", params).fetchall()
        out = []
        for span_id, doc, status, confidence, old_text, title, detail, label, text in rows:
            extra = json.loads(detail or "{}")
            out.append(
                {
                    "span_id": span_id,
                    "doc_id": doc,
                    "status": status,
                    "confidence": confidence,
                    "old_text": old_text,
                    "title": title,
                    "label": label or extra.get("label", ""),
                    "new_text": text,
                    "reason": extra.get("reason", ""),
                    "detail": extra,
                }
            )
        return out

    def review(self, span_id: str) -> dict[str, Any] | None:
        return next((r for r in self.reviews() if r["span_id"] == span_id), None)

    def data_version(self) -> int:
        """Changes when another connection commits (for live refresh of a window)."""
        return int(self._q("PRAGMA data_version").fetchone()[0])

    # -- sources -----------------------------------------------------------------
    def source_links(self) -> list[SourceLink]:
        """Every span with a ``source`` attribute, one per outgoing link (or one with no link)."""
        rows = self._q(
            "SELECT a.id, a.doc_id, json_extract(a.attributes, '$.source'), "
            "coalesce(json_extract(a.attributes, '$.source_kind'), ''), t.id, t.label "
            "FROM spans a LEFT JOIN relations r ON r.source = a.id LEFT JOIN spans t ON t.id = r.target "
            "WHERE json_extract(a.attributes, '$.source') IS NOT NULL"
        ).fetchall()
        return [SourceLink(*r) for r in rows]

    # -- counts ------------------------------------------------------------------
    def annotators(self) -> list[str]:
        return [r[0] for r in self._q("SELECT DISTINCT annotator FROM spans ORDER BY annotator")]

    def stats(self) -> dict[str, Any]:
        q = self._q
        by_status = dict(q("SELECT status, count(*) FROM documents GROUP BY status").fetchall())
        by_label = dict(q("SELECT label, count(*) FROM spans GROUP BY label").fetchall())
        by_annotator = dict(q("SELECT annotator, count(*) FROM spans GROUP BY annotator").fetchall())
        return {
            "stories": sum(by_status.values()),
            "stories_by_status": by_status,
            "spans": sum(by_label.values()),
            "spans_by_label": by_label,
            "spans_by_annotator": by_annotator,
            "relations": q("SELECT count(*) FROM relations").fetchone()[0],
        }


def open_project(path: Path | str, *, read_only: bool = False) -> Repository:
    """Open or create a project file, migrating it (after a backup) if it is older."""
    path = Path(path).expanduser()
    db = connect(path, read_only=read_only)
    try:
        if read_only:
            from .migrations import current_version

            if current_version(db) != LATEST:
                raise ProjectError(f"{path} needs upgrading; open it once in annotator first.")
        else:
            migrate(db, path)
    except sqlite3.Error as exc:
        db.conn.close()
        raise ProjectError(describe_sqlite_error(path, exc, reading=read_only)) from exc
    except BaseException:
        db.conn.close()
        raise
    repo = Repository(db, path, read_only=read_only)
    if not read_only and repo.get_meta("schema") is None:
        with repo.transaction():
            repo.set_schema(news_schema())
            repo.set_meta("created", now_iso())
    return repo
