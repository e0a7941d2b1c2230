"""Rotating backups of a project: before migrations, before bulk imports, daily.

Copies live in ``<project>.backups/`` beside the project, named
``YYYYmmdd-HHMMSS-<reason>.annotator``; each kind keeps its newest few.
Restoring first backs up the current state, so a restore can be undone too.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from .db import ProjectError, describe_sqlite_error
from .migrations import backup_copy, backup_dir

__all__ = ["Backup", "make_backup", "list_backups", "restore_backup", "daily_backup", "KEEP"]

KEEP = {"daily": 7, "import": 5, "restore": 3}
DEFAULT_KEEP = 5


@dataclass(frozen=True)
class Backup:
    path: Path
    reason: str
    created: float  # seconds since the epoch

    @property
    def label(self) -> str:
        return f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(self.created))} ({self.reason})"


def _parse(path: Path) -> Backup | None:
    parts = path.stem.split("-")
    if len(parts) < 3 or not (parts[0].isdigit() and parts[1].isdigit()):
        return None
    try:
        created = time.mktime(time.strptime(parts[0] + parts[1], "%Y%m%d%H%M%S"))
    except ValueError:
        return None
    reason = parts[2]
    return Backup(path, reason, created)


def list_backups(project: Path) -> list[Backup]:
    folder = backup_dir(Path(project))
    if not folder.is_dir():
        return []
    found = [b for b in (_parse(p) for p in folder.glob("*.annotator")) if b]
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def _rotate(project: Path, reason: str) -> None:
    keep = KEEP.get(reason, DEFAULT_KEEP)
    for old in [b for b in list_backups(project) if b.reason == reason][keep:]:
        old.path.unlink(missing_ok=True)


def make_backup(repo: object, reason: str) -> Path:
    """Copy an open Repository's project now (consistent even mid-session)."""
    path = repo.path  # type: ignore[attr-defined]
    try:
        target = backup_copy(repo.db, path, reason)  # type: ignore[attr-defined]
    except (OSError, sqlite3.Error) as exc:
        raise ProjectError(f"Could not write a backup of {path}: {exc}") from exc
    _rotate(path, reason)
    return target


def daily_backup(repo: object) -> Path | None:
    """Back up once a day, on the first open after 24 hours."""
    path = repo.path  # type: ignore[attr-defined]
    latest = next((b for b in list_backups(path) if b.reason == "daily"), None)
    if latest and time.time() - latest.created < 24 * 3600:
        return None
    return make_backup(repo, "daily")


def restore_backup(project: Path, backup: Path) -> Path:
    """Replace the project's content with a backup's; returns the safety copy of the current state.

    The project must not be open elsewhere in this process; other processes see
    the restored content on their next read.
    """
    project, backup = Path(project), Path(backup)
    if not backup.is_file():
        raise ProjectError(f"There is no backup at {backup}.")
    try:
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            src.execute("SELECT count(*) FROM documents").fetchone()
            cur = sqlite3.connect(str(project), timeout=5.0)
            try:
                safety = backup_dir(project) / time.strftime("%Y%m%d-%H%M%S-restore.annotator")
                n = 1
                while safety.exists():
                    n += 1
                    safety = backup_dir(project) / time.strftime(f"%Y%m%d-%H%M%S-restore-{n}.annotator")
                backup_dir(project).mkdir(exist_ok=True)
                keep = sqlite3.connect(str(safety))
                cur.backup(keep)
                keep.close()
                src.backup(cur)
            finally:
                cur.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise ProjectError(describe_sqlite_error(backup, exc)) from exc
    _rotate(project, "restore")
    return safety
