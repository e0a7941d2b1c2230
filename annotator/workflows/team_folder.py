"""The files of a team folder, and nothing else: where they live, how they are written
and how a reader knows one is whole. docs/team-folder.md is the user-facing description.

    <folder>/team.json                 {"annotator_team_folder": 1}: marks the folder
    <folder>/stories/<sha256>.json     one story: text, title, metadata. Named by the hash of
                                       its text, written once and never changed, so two
                                       people adding the same story write the same file.
    <folder>/layers/<name>.jsonl       one annotator's whole layer, replaced atomically by
                                       that annotator only: a header line, one line per
                                       story, and an end line with the line count and the
                                       sha256 of everything before it.

Nothing in the folder is a database and every file has one writer, so a sync tool
(Syncthing, Dropbox, a network drive, git) never sees a half-written shared file and
has nothing to merge. A file it duplicated ("alice (conflicted copy).jsonl") names an
annotator that differs from its file name and is reported, never imported; a file it
delivered half-way fails its end line and is retried when it is whole.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import orjson

__all__ = [
    "FolderError",
    "LayerFile",
    "StoryFile",
    "init_folder",
    "is_team_folder",
    "layer_path",
    "layer_files",
    "write_layer",
    "read_layer",
    "write_story",
    "read_story",
]

MARKER = "team.json"
LAYER_VERSION = 1
_SAFE = " -_.@+()"  # kept as they are in file names; everything else is %-escaped


class FolderError(Exception):
    """A team folder or one of its files that cannot be used; the message is for the user."""


@dataclass(frozen=True)
class StoryFile:
    sha256: str
    title: str
    text: str
    meta: dict[str, Any]
    source_name: str


@dataclass(frozen=True)
class LayerFile:
    """One annotator's published layer, checked whole."""

    annotator: str
    published: str
    schema: dict[str, Any]
    stories: list[dict[str, Any]]  # {"story": sha256, "status", "digest", "spans", "relations"}
    sha256: str  # of the whole file: what a reader remembers to skip an unchanged file


def init_folder(folder: Path) -> None:
    """Make ``folder`` a team folder (idempotent); refuse one that holds other things."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise FolderError(f"{folder} is a file, not a folder.")
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise FolderError(f"Cannot create the team folder {folder}: {exc.strerror or exc}.") from exc
    if not is_team_folder(folder):
        if any(p.suffix == ".annotator" for p in folder.iterdir()):
            raise FolderError(
                f"{folder} holds project files (*.annotator); a team folder must hold no database. "
                "Choose an empty folder or one a teammate already set up."
            )
        _atomic_write(folder / MARKER, orjson.dumps({"annotator_team_folder": 1}) + b"\n")
    for sub in ("stories", "layers"):
        (folder / sub).mkdir(exist_ok=True)


def is_team_folder(folder: Path) -> bool:
    return (Path(folder) / MARKER).is_file()


def layer_path(folder: Path, annotator: str) -> Path:
    return Path(folder) / "layers" / f"{quote(annotator, safe=_SAFE)}.jsonl"


def layer_files(folder: Path) -> Iterator[tuple[Path, str]]:
    """Every layer file in the folder with the annotator its name says (temporary files
    of writers in progress, hidden with a leading dot, are left out)."""
    layers = Path(folder) / "layers"
    try:
        entries = sorted(os.scandir(layers), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or not entry.name.endswith(".jsonl") or not entry.is_file():
            continue
        yield Path(entry.path), unquote(entry.name[: -len(".jsonl")])


def _atomic_write(dest: Path, data: bytes, *, durable: bool = True) -> None:
    """Temporary name in the same folder, flushed to disk, then renamed over ``dest``:
    a reader (or a sync tool) sees the old file or the new one, never a mix. Story
    files skip the fsync (``durable=False``): a reader checks each against the hash
    in its name, so one torn by a crash is only a story that has not arrived yet."""
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise FolderError(f"Cannot write {dest}: {exc.strerror or exc}.") from exc


def story_digest(spans: list[Any], relations: list[Any]) -> str:
    """What a story's part of a layer holds, in one hash: readers rewrite a story only
    when its digest changed."""
    return hashlib.sha256(orjson.dumps([spans, relations])).hexdigest()[:32]


def write_layer(
    folder: Path, annotator: str, published: str, schema: dict[str, Any], stories: Iterable[dict[str, Any]]
) -> tuple[Path, str]:
    """Write (replace) ``annotator``'s layer file; returns its path and sha256."""
    lines = [
        orjson.dumps({"team_layer": LAYER_VERSION, "annotator": annotator, "published": published, "schema": schema})
    ]
    lines += [orjson.dumps(record) for record in stories]
    body = b"\n".join(lines) + b"\n"
    end = orjson.dumps({"end": {"lines": len(lines), "sha256": hashlib.sha256(body).hexdigest()}}) + b"\n"
    data = body + end
    dest = layer_path(folder, annotator)
    _atomic_write(dest, data)
    return dest, hashlib.sha256(data).hexdigest()


def read_layer(path: Path, data: bytes | None = None) -> LayerFile:
    """Parse and check a layer file whole: a file cut short, still being written or
    changed by hand fails here, before anything of it is used."""
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise FolderError(f"{path.name}: cannot be read ({exc.strerror or exc}).") from exc
    body, _, last = data.rstrip(b"\n").rpartition(b"\n")
    try:
        end = orjson.loads(last)["end"]
        lines, digest = int(end["lines"]), str(end["sha256"])
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        raise FolderError(
            f"{path.name} is incomplete (cut short or still being copied); it will be read when whole."
        ) from None
    body += b"\n"
    if hashlib.sha256(body).hexdigest() != digest or body.count(b"\n") != lines:
        raise FolderError(f"{path.name} does not match its own checksum (incomplete or edited by hand); not imported.")
    rows = body.splitlines()
    try:
        header = orjson.loads(rows[0])
        records = [orjson.loads(row) for row in rows[1:]]
    except orjson.JSONDecodeError as exc:
        raise FolderError(f"{path.name}: not a layer file ({exc}).") from exc
    if not isinstance(header, dict) or header.get("team_layer") != LAYER_VERSION:
        raise FolderError(f"{path.name}: not a layer file of this version (header {str(header)[:80]}).")
    annotator = header.get("annotator")
    if not isinstance(annotator, str) or not annotator:
        raise FolderError(f"{path.name}: the layer names no annotator.")
    if not all(isinstance(r, dict) and isinstance(r.get("story"), str) for r in records):
        raise FolderError(f"{path.name}: a story line is malformed.")
    schema = header.get("schema")
    return LayerFile(
        annotator=annotator,
        published=str(header.get("published", "")),
        schema=schema if isinstance(schema, dict) else {},
        stories=records,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def story_path(folder: Path, sha256: str) -> Path:
    return Path(folder) / "stories" / f"{sha256}.json"


def write_story(folder: Path, story: StoryFile) -> bool:
    """Add a story file unless it is already there (its name is its content's hash)."""
    dest = story_path(folder, story.sha256)
    if dest.exists():
        return False
    record = {
        "team_story": 1,
        "sha256": story.sha256,
        "title": story.title,
        "source_name": story.source_name,
        "meta": story.meta,
        "text": story.text,
    }
    _atomic_write(dest, orjson.dumps(record) + b"\n", durable=False)
    return True


def read_story(folder: Path, sha256: str, text_hash: Any) -> StoryFile | None:
    """The story file for ``sha256``, checked against its name; None when it has not
    arrived yet (a sync tool may deliver a layer before the stories it names)."""
    path = story_path(folder, sha256)
    try:
        raw = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, orjson.JSONDecodeError):
        return None  # still arriving, or damaged: treated as not there yet, and reported as such
    text = raw.get("text") if isinstance(raw, dict) else None
    if not isinstance(text, str) or text_hash(text) != sha256:
        return None
    meta = raw.get("meta")
    return StoryFile(
        sha256=sha256,
        title=str(raw.get("title") or ""),
        text=text,
        meta=meta if isinstance(meta, dict) else {},
        source_name=str(raw.get("source_name") or ""),
    )
