"""A team folder as the team's channel: publish my layer, receive my teammates'.

Publishing writes the project's stories the folder lacks and replaces my layer file
(atomically, and only when it changed). Receiving reads every other annotator's layer
file that changed since it was last read and makes that annotator's layer in my
project exactly what the file holds (spans added, changed and removed per story, in one
transaction per file), never touching my own layer. Stories the folder has and I lack
join my project; a teammate's schema is merged as an import merges one (labels and
attributes added, never removed). What was read is remembered in the project's meta
table, so an unchanged folder costs one stat per file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from annotator.core.model import Document, Relation, Span, Status, now_iso
from annotator.core.schema import Schema, SchemaError
from annotator.core.text import text_hash
from annotator.formats import FormatError
from annotator.formats.native import FORMAT_NAME, FORMAT_VERSION, parse_story
from annotator.store import ProjectError, Repository

from .schema_merge import SchemaGrowth
from .stories import story_id
from .team_folder import (
    FolderError,
    LayerFile,
    StoryFile,
    init_folder,
    is_team_folder,
    layer_files,
    layer_path,
    read_layer,
    read_story,
    story_digest,
    story_path,
    write_layer,
    write_story,
)

__all__ = [
    "TeamError",
    "SyncReport",
    "Teammate",
    "join",
    "team_folder",
    "publish",
    "receive",
    "sync",
    "teammates",
    "measure_agreement",
]

GOLD = "gold"
_FOLDER_KEY = "team_folder"
_CURATOR_KEY = "team_curator"
_PUBLISHED_KEY = "team:published:"  # + annotator: what I last wrote for that layer
_PEER_KEY = "team:peer:"  # + annotator: what I last read of a teammate's layer


class TeamError(Exception):
    """Joining or syncing cannot go on; the message is for the user."""


@dataclass
class Teammate:
    """A teammate as last read from the folder (also shown for files that failed)."""

    annotator: str
    published: str = ""
    stories: int = 0
    done: int = 0
    spans: int = 0
    received: str = ""  # when I last imported a change of theirs
    agreement: float | None = None  # span F1 (overlap) between their layer and mine
    problem: str = ""


@dataclass
class SyncReport:
    published: list[str] = field(default_factory=list)  # layers written
    received: list[str] = field(default_factory=list)  # one line per teammate file imported
    waiting: list[str] = field(default_factory=list)  # files not whole yet, retried next time
    refused: list[str] = field(default_factory=list)  # files never imported as they are
    new_stories: int = 0
    notes: list[str] = field(default_factory=list)
    senders: list[str] = field(default_factory=list)  # teammates whose layer changed here
    doc_ids: list[str] = field(default_factory=list)  # stories whose teammates' layers changed

    @property
    def changed_project(self) -> bool:
        return bool(self.received)

    def lines(self) -> list[str]:
        out = [f"published {name}" for name in self.published]
        out += self.received
        out += [f"waiting: {w}" for w in self.waiting]
        out += [f"not imported: {r}" for r in self.refused]
        out += self.notes
        return out or ["nothing changed"]


# -- joining ---------------------------------------------------------------------------
def join(repo: Repository, folder: Path, *, curator: bool = False) -> Path:
    """Use ``folder`` as this project's team folder (made one if it is new)."""
    folder = Path(folder).expanduser().resolve()
    try:
        init_folder(folder)
    except FolderError as exc:
        raise TeamError(str(exc)) from exc
    with repo.transaction():
        repo.set_meta(_FOLDER_KEY, str(folder))
        repo.set_meta(_CURATOR_KEY, "1" if curator else "")
    return folder


def team_folder(repo: Repository) -> Path | None:
    value = repo.get_meta(_FOLDER_KEY)
    return Path(value) if value else None


def _json_meta(repo: Repository, key: str) -> dict[str, Any]:
    raw = repo.get_meta(key)
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# -- publishing ------------------------------------------------------------------------
def _layer_records(repo: Repository, annotator: str) -> list[dict[str, Any]]:
    records = []
    fragment = orjson.Fragment
    for summary in repo.document_summaries():
        rows = repo.stored_spans(summary.id, [annotator])
        rels = repo.relations(summary.id, [annotator])
        if not rows and not rels and summary.status == Status.NEW:
            continue
        spans = [
            {
                "id": sid,
                "label": label,
                "start": start,
                "end": end,
                "fragments": fragment(frags),
                "text": text,
                "attributes": attrs,
                "note": note,
                "annotator": who,
                "origin": origin,
                "created": created,
                "updated": updated,
            }
            for sid, label, start, end, frags, text, attrs, note, who, origin, created, updated in rows
        ]
        relations = [
            {
                "id": r.id,
                "type": r.type,
                "from": r.source,
                "to": r.target,
                "annotator": r.annotator,
                "created": r.created,
            }
            for r in sorted(rels, key=lambda r: r.id)
        ]
        records.append(
            {
                "story": summary.sha256,
                "status": summary.status,
                "digest": story_digest(spans, relations),
                "spans": spans,
                "relations": relations,
            }
        )
    return records


def _publish_stories(repo: Repository, folder: Path) -> int:
    written = 0
    for summary in repo.document_summaries():
        if story_path(folder, summary.sha256).exists():
            continue
        doc = repo.document(summary.id)
        name = os.path.basename(doc.source_path) if doc.source_path else ""
        written += write_story(folder, StoryFile(summary.sha256, doc.title, doc.text, doc.meta, name))
    return written


def publish(repo: Repository, folder: Path, me: str, *, take_over: bool = False) -> list[str]:
    """Write my layer (and gold, for the team's curator) when it changed; returns the
    layers written. Refuses to replace a file of my name that someone else wrote."""
    try:
        _publish_stories(repo, folder)
        layers = [me] + ([GOLD] if repo.get_meta(_CURATOR_KEY) and me != GOLD else [])
        written = []
        schema = repo.schema().to_dict()
        for annotator in layers:
            records = _layer_records(repo, annotator)
            content = story_digest([[r["story"], r["status"], r["digest"]] for r in records], [schema])
            mine = _json_meta(repo, _PUBLISHED_KEY + annotator)
            dest = layer_path(folder, annotator)
            on_disk = _file_sha(dest)
            if on_disk is not None and on_disk != mine.get("sha256") and not take_over:
                raise TeamError(
                    f"{dest.name} in the team folder was written by someone else since this project last "
                    f"published it: two people may be using the annotator name {annotator!r}. Each person "
                    "needs a name of their own; if the other file is yours from another project, publish "
                    "again with take-over."
                )
            if on_disk is not None and mine.get("content") == content:
                continue
            _, sha = write_layer(folder, annotator, now_iso(), schema, records)
            with repo.transaction():
                repo.set_meta(_PUBLISHED_KEY + annotator, json.dumps({"sha256": sha, "content": content}))
            written.append(annotator)
        return written
    except FolderError as exc:
        raise TeamError(str(exc)) from exc


def _file_sha(path: Path) -> str | None:
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise TeamError(f"Cannot read {path}: {exc.strerror or exc}.") from exc


# -- receiving -------------------------------------------------------------------------
class _NotYet(Exception):
    """A file that will be importable later (stories still arriving)."""


def _peer_state(repo: Repository, name: str) -> dict[str, Any]:
    return _json_meta(repo, _PEER_KEY + name)


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
    changes: list[tuple[str, list[Span], list[Relation]]] = []
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
        changes.append((doc_id, spans, relations))
    # Stories the teammate had spans on before and none now (or whose story they dropped).
    for digest in old_digests.keys() - digests.keys():
        if digest in by_hash:
            changes.append((by_hash[digest], [], []))
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
    with repo.transaction():
        if new_docs:
            repo.add_documents(new_docs)
        for doc_id, spans, relations in changes:
            repo.replace_layer(doc_id, name, spans, relations)
        if growth.changed:
            repo.set_schema(growth.schema)
        repo.set_meta(_PEER_KEY + name, json.dumps(new_state))
    changed_spans = sum(len(s) for _, s, _ in changes)
    note = "; ".join(growth.notes)
    report_line = f"{name}: {len(changes)} stories updated ({changed_spans} spans), {len(new_docs)} new stories" + (
        f"; {note}" if note else ""
    )
    return report_line, len(new_docs), [doc_id for doc_id, _, _ in changes]


def _fields(span: Span) -> dict[str, Any]:
    return {f: getattr(span, f) for f in Span.__dataclass_fields__}


def receive(repo: Repository, folder: Path, me: str) -> SyncReport:
    """Import every teammate's layer file that changed since it was last read."""
    report = SyncReport()
    if not is_team_folder(folder):
        raise TeamError(f"{folder} is not a team folder (no team.json); join it again or check the path.")
    curator = bool(repo.get_meta(_CURATOR_KEY))
    for path, name in layer_files(folder):
        if name == me or (name == GOLD and curator):
            continue
        state = _peer_state(repo, name)
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
                    _PEER_KEY + name, json.dumps({**state, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns})
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
        state = _peer_state(repo, mate)
        if state:
            with repo.transaction():
                repo.set_meta(_PEER_KEY + mate, json.dumps({**state, "agreement": out[mate]}))
    return out


def sync(repo: Repository, folder: Path, me: str, *, take_over: bool = False) -> SyncReport:
    """Receive, then publish (so stories a teammate added are in my project first)."""
    report = receive(repo, folder, me)
    report.published = publish(repo, folder, me, take_over=take_over)
    return report


def teammates(repo: Repository, folder: Path | None, me: str) -> list[Teammate]:
    """Everyone who publishes in the folder, as last read (no file is parsed here)."""
    names = {name for _, name in layer_files(folder)} if folder else set()
    names.discard(me)
    out = []
    for name in sorted(names):
        state = _peer_state(repo, name)
        out.append(
            Teammate(
                annotator=name,
                published=str(state.get("published", "")),
                stories=int(state.get("stories", 0)),
                done=int(state.get("done", 0)),
                spans=int(state.get("spans", 0)),
                received=str(state.get("received", "")),
                agreement=state.get("agreement"),
                problem="" if state else "not received yet",
            )
        )
    return out
