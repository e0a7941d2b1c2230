"""Publishing to a team folder: join it, add the stories it lacks, replace my layer file
(atomically, and only when it changed). docs/team-folder.md describes the folder."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from annotator.core.model import Status, now_iso
from annotator.formats.native import relation_records, stored_span_records
from annotator.store import Repository

from .team_folder import (
    FolderError,
    StoryFile,
    init_folder,
    layer_path,
    story_digest,
    story_path,
    write_layer,
    write_story,
)
from .team_state import CURATOR_KEY, FOLDER_KEY, GOLD, PUBLISHED_KEY, TeamError, json_meta

__all__ = ["join", "team_folder", "publish"]


# -- joining ---------------------------------------------------------------------------
def join(repo: Repository, folder: Path, *, curator: bool = False) -> Path:
    """Use ``folder`` as this project's team folder (made one if it is new)."""
    folder = Path(folder).expanduser().resolve()
    try:
        init_folder(folder)
    except FolderError as exc:
        raise TeamError(str(exc)) from exc
    with repo.transaction():
        repo.set_meta(FOLDER_KEY, str(folder))
        repo.set_meta(CURATOR_KEY, "1" if curator else "")
    return folder


def team_folder(repo: Repository) -> Path | None:
    value = repo.get_meta(FOLDER_KEY)
    return Path(value) if value else None


# -- publishing ------------------------------------------------------------------------
def _layer_records(repo: Repository, annotator: str) -> list[dict[str, Any]]:
    records = []
    for summary in repo.document_summaries():
        rows = repo.stored_spans(summary.id, [annotator])
        rels = repo.relations(summary.id, [annotator])
        if not rows and not rels and summary.status == Status.NEW:
            continue
        spans = stored_span_records(rows)
        relations = relation_records(rels)
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
        layers = [me] + ([GOLD] if repo.get_meta(CURATOR_KEY) and me != GOLD else [])
        written = []
        schema = repo.schema().to_dict()
        for annotator in layers:
            records = _layer_records(repo, annotator)
            content = story_digest([[r["story"], r["status"], r["digest"]] for r in records], [schema])
            mine = json_meta(repo, PUBLISHED_KEY + annotator)
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
                repo.set_meta(PUBLISHED_KEY + annotator, json.dumps({"sha256": sha, "content": content}))
            written.append(annotator)
        return written
    except FolderError as exc:
        raise TeamError(str(exc)) from exc


def _file_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise TeamError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
