"""Zip and tar archives of stories or annotation files, unpacked safely for an import.

Teams pass archives around: INCEpTION and doccano export zips, brat collections
travel as .tar.gz. An archive is unpacked into a fresh temporary folder and its
contents imported like files chosen one by one. Nothing in it may land outside
that folder, and nothing in it runs: a member with an absolute path, a ".."
part, a link or a device refuses the whole archive, as do encrypted members,
more than MAX_MEMBERS members and more than MAX_UNPACKED bytes unpacked (counted
as the bytes come out, since an archive's headers can lie about sizes).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath

__all__ = [
    "ArchiveError",
    "is_archive",
    "unpack",
    "project_export_files",
    "unpack_folder_prefix",
    "remove_stale_unpacked",
    "MAX_UNPACKED",
    "MAX_MEMBERS",
]

MAX_UNPACKED = 2 * 1024**3  # bytes, all members together
MAX_MEMBERS = 100_000
_TAR_SUFFIXES = (".tar", ".tgz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz")
_SKIPPED_PARTS = ("__MACOSX",)  # macOS resource forks: never stories


_PREFIX = "annotator-unpacked-"
_OWNED = re.compile(re.escape(_PREFIX) + r"(\d+)-")


def unpack_folder_prefix() -> str:
    """The temporary folder's name carries the pid of the process unpacking into it, so a
    later start can tell a folder left by a killed import from one in use."""
    return f"{_PREFIX}{os.getpid()}-"


def remove_stale_unpacked(folder: Path | None = None) -> list[Path]:
    """Remove unpack folders whose process is gone (and, for folders named before the pid
    was recorded, ones a day old); returns what was removed. Only the user's own."""
    removed: list[Path] = []
    root = Path(folder or tempfile.gettempdir())
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(_PREFIX) or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            continue
        owner = _OWNED.match(entry.name)
        stale = not _alive(int(owner.group(1))) if owner else time.time() - info.st_mtime > 24 * 3600
        if stale:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or a pid we cannot ask about: leave it
    return True


class ArchiveError(ValueError):
    """An archive that cannot be unpacked safely; the message names it."""


def is_archive(path: Path) -> bool:
    """By name: a .docx or .epub is a zip too, but nobody means to import its insides."""
    name = path.name.lower()
    return path.is_file() and (name.endswith(".zip") or name.endswith(_TAR_SUFFIXES))


def unpack(archive: Path, into: Path) -> None:
    """Unpack ``archive`` into the empty folder ``into``; raises ArchiveError."""
    try:
        if archive.name.lower().endswith(".zip"):
            _unzip(archive, into)
        else:
            _untar(archive, into)
    except ArchiveError:
        raise
    except Exception as exc:  # noqa: BLE001 - zlib, lzma, struct... any of them on a damaged archive
        raise ArchiveError(f"{archive}: cannot unpack it ({type(exc).__name__}: {exc}).") from exc


def _member_path(archive: Path, name: str, into: Path) -> Path | None:
    """Where a member goes under ``into``, or None to leave it out (folders' own
    entries, hidden files, macOS forks). Refuses names that would escape."""
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or (pure.parts and ":" in pure.parts[0]) or ".." in pure.parts:
        raise ArchiveError(f"{archive}: refused, member {name!r} would be written outside the folder it unpacks to.")
    parts = [p for p in pure.parts if p not in ("", ".")]
    if not parts or any(p.startswith(".") or p in _SKIPPED_PARTS for p in parts):
        return None
    return into.joinpath(*parts)


def _unzip(archive: Path, into: Path) -> None:
    with zipfile.ZipFile(archive) as zf:
        members = zf.infolist()
        if len(members) > MAX_MEMBERS:
            raise ArchiveError(f"{archive}: refused, {len(members):,} members (the limit is {MAX_MEMBERS:,}).")
        budget = _Budget(archive)
        for info in members:
            if info.is_dir():
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise ArchiveError(f"{archive}: refused, member {info.filename!r} is a link.")
            if info.flag_bits & 0x1:
                raise ArchiveError(f"{archive}: refused, member {info.filename!r} is encrypted.")
            target = _member_path(archive, info.filename, into)
            if target is None:
                continue
            budget.expect(info.file_size)
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "xb") as dst:
                budget.copy(src, dst)


def _untar(archive: Path, into: Path) -> None:
    with tarfile.open(archive) as tf:
        budget = _Budget(archive)
        count = 0
        for info in tf:
            count += 1
            if count > MAX_MEMBERS:
                raise ArchiveError(f"{archive}: refused, more than {MAX_MEMBERS:,} members.")
            if info.isdir():
                continue
            if not info.isfile():  # links, devices, fifos
                raise ArchiveError(f"{archive}: refused, member {info.name!r} is not a plain file.")
            target = _member_path(archive, info.name, into)
            if target is None:
                continue
            budget.expect(info.size)
            src = tf.extractfile(info)
            if src is None:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with src, open(target, "xb") as dst:
                budget.copy(src, dst)


class _Budget:
    """Bytes unpacked so far, against MAX_UNPACKED, counted as they come out."""

    def __init__(self, archive: Path) -> None:
        self.archive = archive
        self.used = 0

    def expect(self, size: int) -> None:
        if self.used + size > MAX_UNPACKED:
            self._refuse()

    def copy(self, src, dst) -> None:
        while chunk := src.read(1 << 20):
            self.used += len(chunk)
            if self.used > MAX_UNPACKED:
                self._refuse()
            dst.write(chunk)

    def _refuse(self) -> None:
        raise ArchiveError(
            f"{self.archive}: refused, it unpacks to more than {MAX_UNPACKED / 1024**3:.0f} GB "
            "(an archive bomb, or too much for one import)."
        )


def project_export_files(folder: Path) -> list[tuple[Path, str, str]] | None:
    """The annotation files of an INCEpTION or WebAnno project export as (file, its
    annotator, its path in the archive), or None when ``folder`` is not one.

    Such an export keeps each user's annotations of a document in
    ``annotation/<document>/<user>.<ext>`` and the curated version in
    ``curation/<document>/CURATION_USER.<ext>`` (filed here as ``gold``). Readers name
    a story after its file, so each file is moved to ``<document><ext>`` in a folder
    of its own. The rest (``source/`` texts, serialised ``*_ser/`` copies, logs, the
    project JSON) is left out: the texts come with the annotations, and importing
    both would double them.
    """
    roots = [folder, *(p for p in folder.iterdir() if p.is_dir())]
    root = next((r for r in roots if (r / "annotation").is_dir() and (r / "source").is_dir()), None)
    if root is None:
        return None
    out: list[tuple[Path, str, str]] = []
    for kind, fixed in (("annotation", None), ("curation", "gold")):
        if not (root / kind).is_dir():  # nothing curated yet
            continue
        for doc in sorted(p for p in (root / kind).iterdir() if p.is_dir()):
            for f in sorted(p for p in doc.iterdir() if p.is_file()):
                user = fixed or f.stem
                staged = folder / ".by-user" / str(len(out)) / (Path(doc.name).stem + f.suffix)
                staged.parent.mkdir(parents=True)
                f.replace(staged)
                out.append((staged, user, f.relative_to(folder).as_posix()))
    return out
