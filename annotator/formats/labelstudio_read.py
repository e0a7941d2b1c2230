"""Reading Label Studio tasks (see :mod:`.labelstudio` for the mapping and offsets)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotatedDocument, Document, Origin, Relation, Span, new_id, now_iso
from annotator.core.text import Utf16Map, normalise, text_hash

from .base import FormatError, ReadResult, Report
from .support import RawOffsets, as_dict, as_int, as_list, iter_json_records, settle_fragments

__all__ = ["read", "sniff"]


def sniff(path: Path, head: bytes) -> bool:
    if Path(path).suffix.lower() not in (".json", ".jsonl", ".ndjson"):
        return False
    start = head[:65536]
    return b'"data"' in start and any(k in start for k in (b'"annotations"', b'"predictions"', b'"completions"'))


def _annotator(ann: dict[str, Any], fallback: str) -> str:
    name = ann.get("created_username")
    if isinstance(name, str) and name.strip():
        # Label Studio writes "email, id"; keep the person, not the number.
        head, sep, tail = name.strip().rpartition(",")
        return head.strip() if sep and tail.strip().isdigit() and head.strip() else name.strip()
    by = ann.get("completed_by")
    if isinstance(by, dict):
        by = by.get("email") or by.get("username") or by.get("id")
    if isinstance(by, (str, int)) and not isinstance(by, bool) and str(by).strip():
        return f"labelstudio-user-{by}" if isinstance(by, int) else by
    return fallback


class _Task:
    def __init__(self, raw: str, path: Path, line: int, report: Report) -> None:
        self.raw = raw
        self.norm = normalise(raw).text
        self.to_norm = RawOffsets(raw)
        self.u16: Utf16Map | None = None
        self.path, self.line, self.report = path, line, report

    def fragments(self, value: dict[str, Any], what: str) -> tuple[tuple[tuple[int, int], ...], str]:
        start, end = value.get("start"), value.get("end")
        if isinstance(start, str) or isinstance(end, str):
            raise FormatError(
                f"{what}: HTML (HyperText) regions with XPath offsets are not supported",
                path=self.path,
                line=self.line if self.line > 0 else None,
            )
        s = as_int(start, f"{what}: start", self.path, self.line)
        e = as_int(end, f"{what}: end", self.path, self.line)
        stated = value.get("text")
        stated = stated if isinstance(stated, str) else None
        if stated is not None and self.raw[s:e] != stated:
            if self.u16 is None:
                self.u16 = Utf16Map(self.raw)
            s16, e16 = self.u16.utf16_to_cp(s), self.u16.utf16_to_cp_end(e)
            if not self.u16.is_identity and self.raw[s16:e16] == stated:
                self.report.drop("regions whose offsets count UTF-16 units (older Label Studio), converted")
                s, e = s16, e16
        frags, _ = settle_fragments(self.raw, [(s, e)], stated, what, self.path, self.line)
        mapped = [(self.to_norm(a), self.to_norm(b)) for a, b in frags]
        return settle_fragments(self.norm, mapped, None, what, self.path, self.line)


def _task_text(data: dict[str, Any]) -> str | None:
    if isinstance(data.get("text"), str):
        return data["text"]
    return next((v for v in data.values() if isinstance(v, str)), None)


def _results(
    task: _Task,
    doc: Document,
    results: list[Any],
    annotator: str,
    origin: str,
    spans: dict[str, Span],
    relations: list[Relation],
) -> None:
    path, line = task.path, task.line
    stamp = now_iso()
    local: dict[str, str] = {}  # region id -> span id
    extras: list[dict[str, Any]] = []
    for n, res in enumerate(results, 1):
        res = as_dict(res, f"result {n}", path, line)
        kind = res.get("type")
        value = as_dict(res.get("value"), f"result {n}: value", path, line)
        if kind in ("labels", "hypertextlabels") or (kind is None and "labels" in value):
            labels = as_list(value.get("labels"), f"result {n}: labels", path, line)
            if not labels:
                task.report.drop("regions without a label")
                continue
            rid = str(res.get("id") or new_id())
            frags, covered = task.fragments(value, f"region {rid}")
            for k, label in enumerate(labels):
                sid = new_id()
                if k == 0:
                    local[rid] = sid
                else:
                    task.report.drop("regions with several labels, imported as one span per label")
                spans[sid] = Span(sid, doc.id, str(label), frags, covered, {}, "", annotator, origin, stamp, stamp)
        elif kind == "relation":
            extras.append(res)
        elif kind in ("choices", "textarea", "rating", "number"):
            extras.append(res)
        else:
            task.report.drop(f"Label Studio results of type {kind!r} (not text regions)")
    for res in extras:
        kind = res.get("type")
        if kind == "relation":
            a, b = str(res.get("from_id")), str(res.get("to_id"))
            if a not in local or b not in local:
                missing = a if a not in local else b
                raise FormatError(
                    f"relation points to region {missing!r}, which is not in this annotation",
                    path=path,
                    line=line if line > 0 else None,
                )
            src, dst = local[a], local[b]
            if res.get("direction") == "left":
                src, dst = dst, src
            types = [str(t) for t in (res.get("labels") or [])] or ["related"]
            for rtype in types:
                relations.append(Relation(new_id(), doc.id, rtype, src, dst, annotator, stamp))
            continue
        rid = str(res.get("id"))
        if rid not in local:
            task.report.drop("document-level choices and text (not attached to a region)")
            continue
        value = res.get("value") or {}
        name = str(res.get("from_name") or kind)
        if kind == "choices":
            picked = value.get("choices") or []
            val: Any = picked[0] if len(picked) == 1 else ", ".join(str(c) for c in picked)
        elif kind == "textarea":
            val = "\n".join(str(t) for t in (value.get("text") or []))
        else:
            val = str(value.get(str(kind)))
        span = spans[local[rid]]
        if name == "note" and kind == "textarea":
            spans[span.id] = Span(
                span.id,
                span.doc_id,
                span.label,
                span.fragments,
                span.text,
                span.attributes,
                val,
                span.annotator,
                span.origin,
                span.created,
                span.updated,
            )
        else:
            span.attributes[name] = val


def _task_document(obj: Any, path: Path, line: int, ordinal: int, report: Report) -> AnnotatedDocument | None:
    task = as_dict(obj, "task", path, line)
    data = as_dict(task.get("data"), "data", path, line)
    raw = _task_text(data)
    if raw is None:
        report.drop("tasks without text, skipped")
        return None
    t = _Task(raw, path, line, report)
    doc_id = str(data["story_id"]) if isinstance(data.get("story_id"), str) else ""
    title = str(data["title"]) if isinstance(data.get("title"), str) else ""
    meta = {
        k: v
        for k, v in data.items()
        if k not in ("text", "story_id", "title") and isinstance(v, (str, int, float, bool))
    }
    doc = Document(doc_id, title, t.norm, text_hash(t.norm), meta, str(path), created=now_iso())
    spans: dict[str, Span] = {}
    relations: list[Relation] = []
    for key, origin in (
        ("annotations", Origin.IMPORTED),
        ("completions", Origin.IMPORTED),
        ("predictions", Origin.SUGGESTED),
    ):
        for ann in as_list(task.get(key), key, path, line):
            ann = as_dict(ann, key[:-1], path, line)
            if ann.get("was_cancelled"):
                report.drop("cancelled annotations, skipped")
                continue
            fallback = "" if origin == Origin.IMPORTED else f"prediction {ann.get('model_version') or ''}".strip()
            _results(
                t,
                doc,
                as_list(ann.get("result"), "result", path, line),
                _annotator(ann, fallback),
                origin,
                spans,
                relations,
            )
    return AnnotatedDocument(doc, list(spans.values()), relations)


def read(source: Path, **options: Any) -> ReadResult:
    path = Path(source)
    result = ReadResult(documents=[], schema=None, report=Report())

    def stories() -> Iterator[AnnotatedDocument]:
        for ordinal, (line, obj) in enumerate(iter_json_records(path), 1):
            item = _task_document(obj, path, line, ordinal, result.report)
            if item is None:
                continue
            yield result.report.tally(item)

    result.documents = stories()
    return result
