"""Receiving from a team folder: every teammate's layer file that changed since it was
last read becomes exactly that annotator's layer in my project (spans added, changed and
removed per story; the file is checked whole before anything of it is written), never touching mine. Stories the folder
has and I lack join the project; a teammate's schema is merged as an import merges one."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from annotator.core.model import Document, Relation, Span, Status, now_iso
from annotator.core.schema import Schema, SchemaError
from annotator.core.text import text_hash
from annotator.formats import FormatError
from annotator.formats.native import FORMAT_NAME, FORMAT_VERSION, parse_story
from annotator.store import ProjectError, Repository

from .schema_merge import SchemaGrowth
from .stories import story_id
from .team_folder import FolderError, LayerFile, is_team_folder, layer_files, layer_path, read_layer, read_story
from .team_state import CURATOR_KEY, GOLD, PEER_KEY, SyncReport, TeamError, peer_state

__all__ = ["receive", "measure_agreement"]

_BATCH_SPANS = 3_000  # spans and links per write transaction while receiving


# -- receiving -------------------------------------------------------------------------
class _NotYet(Exception):
    """A file that will be importable later (stories still arriving)."""


def _apply(
    repo: Repository, folder: Path, path: Path, layer: LayerFile, state: dict[str, Any]
) -> tuple[str, int, list[str]]:
    """Make ``layer.annotator``'s layer in the project what the file holds; one
    transaction: on any problem nothing of the file is kept."""
    name = layer.annotator
    by_hash: dict[str, str] = {}
    for summary in repo.document_summaries():
        by_hash.setdefault(summary.sha256, summary.id)
    taken = set(by_hash.values())
    new_docs: list[Document] = []
    for record in layer.stories:
        digest = record["story"]
        if digest in by_hash:
            continue
        story = read_story(folder, digest, text_hash)
        if story is None:
            raise _NotYet(f"{path.name}: story {digest[:12]}… has not arrived in the folder yet")
        doc_id = story_id(story.title or story.source_name or digest[:12], taken)
        taken.add(doc_id)
        by_hash[digest] = doc_id
        new_docs.append(Document(doc_id, story.title or doc_id, story.text, digest, story.meta, story.source_name))
    try:
        template: Schema | None = Schema.from_dict(layer.schema) if layer.schema else None
    except (SchemaError, KeyError, TypeError, ValueError):
        template = None
    growth = SchemaGrowth(repo.schema())
    old_digests: dict[str, str] = state.get("digests", {})
    texts = {d.sha256: d for d in new_docs}
    changes: list[tuple[str, str, list[Span], list[Relation]]] = []  # (story hash, story id, ...)
    digests: dict[str, str] = {}
    spans_total = done = 0
    for line, record in enumerate(layer.stories, 2):
        digest, doc_id = record["story"], by_hash[record["story"]]
        digests[digest] = str(record.get("digest", ""))
        spans_total += len(record.get("spans") or ())
        done += record.get("status") == Status.DONE
        if old_digests.get(digest) == digests[digest] and digest not in texts:
            continue
        doc = texts.get(digest) or repo.document(doc_id)
        record_obj = {
            "format": {"name": FORMAT_NAME, "version": FORMAT_VERSION},
            "id": doc_id,
            "title": doc.title,
            "text": doc.text,
            "sha256": digest,
            "spans": record.get("spans") or [],
            "relations": record.get("relations") or [],
        }
        try:
            item = parse_story(record_obj, path, line)
        except FormatError as exc:
            raise FormatError(f"{path.name}: {exc}") from None
        spans: list[Span] = []
        for span in item.spans:
            if span.annotator != name:
                raise FormatError(f"{path.name} carries a span of {span.annotator!r}, not only {name!r}'s")
            try:
                attributes = growth.canonical_attributes(span.label, span.attributes, template)
            except SchemaError as exc:
                raise FormatError(f"{path.name}: span {span.id}: {exc}") from None
            spans.append(Span(**{**_fields(span), "doc_id": doc_id, "attributes": attributes}))
        labels = {s.id: s.label for s in spans}
        relations = []
        for rel in item.relations:
            if rel.annotator != name:
                raise FormatError(f"{path.name} carries a link of {rel.annotator!r}, not only {name!r}'s")
            growth.ensure_relation(rel.type, labels[rel.source], labels[rel.target], template)
            relations.append(Relation(rel.id, doc_id, rel.type, rel.source, rel.target, name, rel.created))
        changes.append((digest, doc_id, spans, relations))
    # Stories the teammate had spans on before and none now (or whose story they dropped).
    for digest in old_digests.keys() - digests.keys():
        if digest in by_hash:
            changes.append((digest, by_hash[digest], [], []))
    stat = os.stat(path)
    new_state = {
        "sha256": layer.sha256,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "published": layer.published,
        "stories": len(layer.stories),
        "done": done,
        "spans": spans_total,
        "received": now_iso(),
        "digests": digests,
    }
    # Written a few thousand spans at a time, each batch in its own transaction, so the
    # first arrival of a teammate's 100,000 spans never holds the write lock for long (my
    # own edits in the window wait for it). Every story is replaced whole; the digests of
    # the stories written so far are saved with each batch and the file counts as read
    # only with the last one, so an interrupted receive finishes the rest next time.
    written = dict(old_digests)
    batches: list[list[tuple[str, str, list[Span], list[Relation]]]] = [[]]
    size = 0
    for change in changes:
        if size >= _BATCH_SPANS:
            batches.append([])
            size = 0
        batches[-1].append(change)
        size += len(change[2]) + len(change[3]) + 1
    for n, batch in enumerate(batches):
        with repo.transaction():
            if n == 0:
                if new_docs:
                    repo.add_documents(new_docs)
                if growth.changed:
                    repo.set_schema(growth.schema)
            for key, doc_id, spans, relations in batch:
                repo.replace_layer(doc_id, name, spans, relations)
                if key in digests:
                    written[key] = digests[key]
                else:
                    written.pop(key, None)
            last = n == len(batches) - 1
            repo.set_meta(PEER_KEY + name, json.dumps(new_state if last else {**state, "digests": written}))
    changed_spans = sum(len(c[2]) for c in changes)
    note = "; ".join(growth.notes)
    report_line = f"{name}: {len(changes)} stories updated ({changed_spans} spans), {len(new_docs)} new stories" + (
        f"; {note}" if note else ""
    )
    return report_line, len(new_docs), [c[1] for c in changes]


def _fields(span: Span) -> dict[str, Any]:
    return {f: getattr(span, f) for f in Span.__dataclass_fields__}


def receive(repo: Repository, folder: Path, me: str) -> SyncReport:
    """Import every teammate's layer file that changed since it was last read."""
    report = SyncReport()
    if not is_team_folder(folder):
        raise TeamError(f"{folder} is not a team folder (no team.json); join it again or check the path.")
    curator = bool(repo.get_meta(CURATOR_KEY))
    for path, name in layer_files(folder):
        if name == me or (name == GOLD and curator):
            continue
        state = peer_state(repo, name)
        try:
            stat = os.stat(path)
        except OSError:
            continue  # replaced between listing and now: seen next time
        if state.get("size") == stat.st_size and state.get("mtime_ns") == stat.st_mtime_ns:
            continue
        try:
            layer = read_layer(path)
        except FolderError as exc:
            (report.waiting if "incomplete" in str(exc) else report.refused).append(str(exc))
            continue
        if layer.annotator != name:
            report.refused.append(
                f"{path.name} holds {layer.annotator!r}'s layer under another name (a copy a sync tool made "
                "when two versions met?); the real file is layers/"
                f"{layer_path(folder, layer.annotator).name}. Delete the copy once that one is up to date."
            )
            continue
        if layer.sha256 == state.get("sha256"):
            with repo.transaction():
                repo.set_meta(
                    PEER_KEY + name, json.dumps({**state, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns})
                )
            continue
        try:
            line, new, changed = _apply(repo, folder, path, layer, state)
        except _NotYet as exc:
            report.waiting.append(str(exc))
            continue
        except (FormatError, ProjectError, KeyError) as exc:
            report.refused.append(f"{path.name}: {exc}")
            continue
        report.received.append(line)
        report.senders.append(name)
        report.doc_ids += changed
        report.new_stories += new
    return report


def measure_agreement(repo: Repository, me: str, mates: list[str]) -> dict[str, float | None]:
    """Span F1 (overlap) between my layer and each teammate's, over the stories both of
    us marked, remembered with what was last read of them (the team panel shows it)."""
    from .agreement import compute_agreement  # the agreement measures load only when asked

    out: dict[str, float | None] = {}
    for mate in mates:
        pair = compute_agreement(repo, annotators=[me, mate]).overall.pair(me, mate)
        out[mate] = pair.span_f1_overlap if pair is not None else None
        state = peer_state(repo, mate)
        if state:
            with repo.transaction():
                repo.set_meta(PEER_KEY + mate, json.dumps({**state, "agreement": out[mate]}))
    return out
