"""Rotating backups of a project: before migrations, before bulk imports, daily.

Copies live in ``<project>.backups/`` beside the project, named
``YYYYmmdd-HHMMSS-<reason>.annotator``; each kind keeps its newest few.
Restoring first backs up the current state, so a restore can be undone too.

A backup is only a backup once it is known to be whole. It is written under a
temporary name (``….annotator.partial``), flushed to disk, reopened and checked
(``PRAGMA integrity_check`` and that it is a project) and only then renamed to its
final name; a backup that fails (a full disk) or is killed half-way never takes
that name. Rotation counts only backups that pass :func:`inspect_backup`, so junk
can never push good backups out, and the newest good one of a kind always stays.
Backups and their folder get the project's permissions (owner-only stays
owner-only).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from .db import SQLITE_MAGIC, ProjectError, describe_sqlite_error
from .migrations import LATEST, backup_dir

__all__ = [
    "Backup",
    "make_backup",
    "write_backup",
    "list_backups",
    "restore_backup",
    "daily_backup",
    "inspect_backup",
    "verify_backup",
    "KEEP",
]

KEEP = {"daily": 7, "import": 5, "restore": 3}
DEFAULT_KEEP = 5
PARTIAL = ".partial"  # suffix of a backup being written
_STALE_PARTIAL = 3600  # seconds: an older .partial was left by a process that died


@dataclass(frozen=True)
class Backup:
    path: Path
    reason: str
    created: float  # seconds since the epoch
    problem: str | None = None  # why this file is not a usable backup; None when it is
    serial: int = 1  # the n of "-<reason>-<n>", for backups made within one second

    @property
    def verified(self) -> bool:
        return self.problem is None

    @property
    def label(self) -> str:
        when = f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(self.created))} ({self.reason})"
        return when if self.problem is None else f"{when} NOT USABLE: {self.problem}"


def _parse(path: Path) -> Backup | None:
    name = path.name.removesuffix(PARTIAL)
    parts = name.removesuffix(".annotator").split("-")
    if len(parts) < 3 or not (parts[0].isdigit() and parts[1].isdigit()):
        return None
    try:
        created = time.mktime(time.strptime(parts[0] + parts[1], "%Y%m%d%H%M%S"))
    except ValueError:
        return None
    serial = int(parts[3]) if len(parts) > 3 and parts[3].isdigit() else 1
    return Backup(path, parts[2], created, inspect_backup(path), serial)


def inspect_backup(path: Path) -> str | None:
    """A quick look (no SQLite opened) for what makes a file in the backup folder unusable:
    interrupted, empty, not SQLite, or shorter than its own header says. None: it looks whole."""
    path = Path(path)
    if path.name.endswith(PARTIAL):
        return "incomplete (the backup was interrupted or failed while writing)"
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    if size == 0:
        return "empty (0 bytes; the backup failed to write)"
    if not header.startswith(SQLITE_MAGIC):
        return "not an SQLite file"
    if len(header) < 100:
        return f"cut short ({size} bytes, less than an SQLite header)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_ok = header[24:28] == header[92:96]  # the page count in the header is current
    if page_size < 512 or size % page_size:
        return f"cut short ({size} bytes, not a whole number of {page_size}-byte pages)"
    if counter_ok and pages and size < pages * page_size:
        return f"cut short ({size:,} of {pages * page_size:,} bytes)"
    return None


def verify_backup(path: Path) -> str | None:
    """The full check before a file may replace a project: :func:`inspect_backup`, then
    SQLite's integrity check and that it is an annotator project this version can open."""
    path = Path(path)
    if not path.is_file():
        return "missing" if not path.exists() else "not a regular file"
    problem = inspect_backup(path) or _integrity(path)
    if problem:
        return problem
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            con.close()
    except sqlite3.Error as exc:
        return f"unreadable as a project ({exc})"
    if version == 0 or "documents" not in tables:
        return "an SQLite file, but not an annotator project"
    if version > LATEST:
        return f"from a newer annotator (project format {version}; this one knows up to {LATEST})"
    return None


def _integrity(path: Path) -> str | None:
    """SQLite's own check of every page and index of the file."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = [str(r[0]) for r in con.execute("PRAGMA integrity_check").fetchall()]
        finally:
            con.close()
    except sqlite3.Error as exc:
        return f"damaged ({exc})"
    return None if result == ["ok"] else f"damaged (SQLite's integrity check: {'; '.join(result[:3])})"


def list_backups(project: Path) -> list[Backup]:
    """Every file in the backup folder named like a backup, newest first; those that are
    not usable (interrupted, empty, not SQLite, cut short) carry their ``problem``."""
    folder = backup_dir(Path(project))
    if not folder.is_dir():
        return []
    names = [*folder.glob("*.annotator"), *folder.glob(f"*.annotator{PARTIAL}")]
    found = [b for b in (_parse(p) for p in names) if b]
    return sorted(found, key=lambda b: (b.created, b.serial, b.path.name), reverse=True)


def _rotate(project: Path, reason: str) -> None:
    keep = max(1, KEEP.get(reason, DEFAULT_KEEP))  # the newest good one always stays
    backups = list_backups(project)
    for old in [b for b in backups if b.reason == reason and b.verified][keep:]:
        old.path.unlink(missing_ok=True)
    now = time.time()
    for b in backups:  # what writers that died left behind; never shown as a backup
        if b.path.name.endswith(PARTIAL) and now - _mtime(b.path) > _STALE_PARTIAL:
            b.path.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()


def _permissions(project: Path) -> tuple[int, int]:
    """(file mode, folder mode) for backups of ``project``: the project's own bits, and a
    folder only its owner may enter when nobody else may read the project."""
    try:
        mode = stat.S_IMODE(os.stat(project).st_mode)
    except OSError:
        mode = 0o600
    private = not mode & 0o077
    return mode & 0o666, (0o700 if private else 0o777)  # 0o777: as the umask allows


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot fsync a folder
    finally:
        os.close(fd)


def write_backup(conn: sqlite3.Connection, project: Path, reason: str) -> Path:
    """Copy the open connection's database into the backup folder, verified before it takes
    its final name; raises sqlite3.Error or OSError (nothing is left behind then)."""
    project = Path(project)
    folder = backup_dir(project)
    file_mode, folder_mode = _permissions(project)
    folder.mkdir(mode=folder_mode, exist_ok=True)
    if folder_mode == 0o700 and stat.S_IMODE(folder.stat().st_mode) & 0o077:
        folder.chmod(0o700)  # the project went private after its first backup
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{stamp}-{reason}.annotator"
    n = 1
    while target.exists() or Path(str(target) + PARTIAL).exists():
        n += 1
        target = folder / f"{stamp}-{reason}-{n}.annotator"
    partial = Path(str(target) + PARTIAL)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, file_mode))
    try:
        os.chmod(partial, file_mode)  # whatever the umask took away
        dest = sqlite3.connect(str(partial))
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        finally:
            dest.close()
        _fsync(partial)
        problem = _integrity(partial)
        if problem:
            raise sqlite3.DatabaseError(f"the copy failed its check: {problem}")
        os.replace(partial, target)
        _fsync(folder)
    except BaseException:
        for leftover in (partial, Path(str(partial) + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    return target


def make_backup(repo: object, reason: str) -> Path:
    """Copy an open Repository's project now (consistent even mid-session)."""
    path = repo.path  # type: ignore[attr-defined]
    try:
        target = write_backup(repo.db.conn, path, reason)  # type: ignore[attr-defined]
    except (OSError, sqlite3.Error) as exc:
        raise ProjectError(_failed(path, exc)) from exc
    _rotate(path, reason)
    return target


def _failed(path: Path, exc: BaseException) -> str:
    why = str(exc).lower()
    if isinstance(exc, OSError) and exc.strerror:
        why = exc.strerror.lower()
    if "full" in why or "no space" in why or "too large" in why:
        why = "the disk is full"
    elif "disk i/o" in why:
        why = "writing to the disk failed; is it full?"
    return f"Could not write a backup of {path} ({why}); nothing was kept of it, and the older backups are untouched."


def daily_backup(repo: object) -> Path | None:
    """Back up once a day, on the first open after 24 hours."""
    path = repo.path  # type: ignore[attr-defined]
    latest = next((b for b in list_backups(path) if b.reason == "daily" and b.verified), None)
    if latest and time.time() - latest.created < 24 * 3600:
        return None
    return make_backup(repo, "daily")


def restore_backup(project: Path, backup: Path) -> Path:
    """Replace the project's content with a backup's; returns the safety copy of the current state.

    The backup is checked whole first; one that is not usable is refused with what is
    wrong with it, and the project is not touched. The project must not be open
    elsewhere in this process; other processes see the restored content on their next read.
    """
    project, backup = Path(project), Path(backup)
    if not backup.exists():
        raise ProjectError(f"There is no backup at {backup}.")
    problem = verify_backup(backup)
    if problem:
        raise ProjectError(f"Cannot restore from {backup}: the file is {problem}. The project was not changed.")
    try:
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            cur = sqlite3.connect(str(project), timeout=5.0)
            try:
                safety = write_backup(cur, project, "restore")
                src.backup(cur)
            finally:
                cur.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise ProjectError(describe_sqlite_error(project, exc)) from exc
    except OSError as exc:
        raise ProjectError(_failed(project, exc)) from exc
    _rotate(project, "restore")
    return safety
