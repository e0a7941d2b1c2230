"""Opening a project file: pragmas, transactions and clear errors."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["Database", "ProjectError", "ProjectInUse", "connect", "Transactions", "describe_sqlite_error"]

SQLITE_MAGIC = b"SQLite format 3\x00"


class ProjectError(Exception):
    """A project that cannot be opened or written; the message is for the user."""


class ProjectInUse(ProjectError):
    pass


def describe_sqlite_error(path: Path | str, exc: BaseException, *, reading: bool = False) -> str:
    """The user's words for an sqlite error; ``reading``: on a read-only connection, where
    nothing was being saved (so no "your last change was not saved")."""
    msg = str(exc).lower()
    if reading:
        if "locked" in msg or "busy" in msg:
            return (
                f"The project {path} is locked by another program, so it cannot be read now. "
                "Try again when that program has finished."
            )
        if "unable to open" in msg:
            return f"Cannot read the project {path}: the file or its folder cannot be opened."
    if "readonly" in msg or "read-only" in msg:
        return f"The project {path} is read-only; your last change was not saved. Make it writable and try again."
    if "locked" in msg or "busy" in msg:
        return (
            f"The project {path} is locked by another program; your last change was not saved. Try again in a moment."
        )
    if "disk is full" in msg or "database or disk is full" in msg:
        return f"The disk holding {path} is full; your last change was not saved. Free some space and try again."
    if "not a database" in msg or "malformed" in msg or "file is encrypted" in msg:
        return f"{path} is not an annotator project (or it is damaged)."
    if "disk i/o error" in msg:  # what a file made read-only under an open connection reports
        return (
            f"Could not write to the project {path}: the file may have become read-only, or the disk failed; "
            "your last change was not saved. Check the file and the disk, then try again."
        )
    if "unable to open" in msg:
        return f"Cannot open {path}: the folder is missing or not writable."
    return f"Project {path}: {exc}"


class Database:
    """The project's open connection.

    Deliberately not a ``sqlite_utils.Database``: importing sqlite-utils pulls in pandas
    and numpy when they are installed (0.3 s on every CLI command), and everything but
    the migrations speaks plain SQL. ``sqlite_utils()`` wraps the same connection for them.
    """

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)

    def sqlite_utils(self) -> Any:
        import sqlite_utils  # heavy: only when a file is created or migrated

        return sqlite_utils.Database(self.conn)


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection, also on read-only media: SQLite needs to create the -shm
    file beside a WAL project even to read it, and where it cannot (a read-only mount, a
    CD, a folder without write permission) the file is opened as immutable instead."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False, timeout=5.0)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if "unable to open" not in str(exc).lower() or _folder_writable(path):
            raise
    uri = f"file:{path}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=5.0)


def _folder_writable(path: Path) -> bool:
    folder = path.parent
    if not os.access(folder, os.W_OK):
        return False
    try:
        return not os.statvfs(folder).f_flag & os.ST_RDONLY
    except (OSError, AttributeError):
        return True


def _refuse_foreign(path: Path) -> None:
    """Look at an existing SQLite file read-only before anything writes to it: one that is
    not an annotator project (or is from a newer annotator) is refused unchanged; opening it
    for writing would already switch its journal mode."""
    from .migrations import LATEST  # migrations imports this module

    try:
        probe = _open_read_only(path)
        try:
            version = int(probe.execute("PRAGMA user_version").fetchone()[0])
            app_id = int(probe.execute("PRAGMA application_id").fetchone()[0])
            tables = {r[0] for r in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            probe.close()
    except sqlite3.Error as exc:
        raise ProjectError(describe_sqlite_error(path, exc, reading=True)) from exc
    if app_id or (tables and version == 0) or (version and not {"meta", "documents"} <= tables):
        raise ProjectError(f"{path} is an SQLite file but not an annotator project; it was not changed.")
    if version > LATEST:
        raise ProjectError(
            f"{path} was made by a newer annotator (project format {version}; this one knows "
            f"up to {LATEST}). Update annotator to open it; the file was not changed."
        )


def connect(path: Path, *, read_only: bool = False) -> Database:
    """Open (or create) a project database with the pragmas the design asks for."""
    path = Path(path)
    if path.exists():
        if path.is_dir():
            raise ProjectError(f"{path} is a folder, not a project file.")
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the open below forever
            raise ProjectError(f"{path} is not a regular file (a pipe, socket or device), so not a project.")
        with open(path, "rb") as fh:
            head = fh.read(16)
        if head and head != SQLITE_MAGIC:
            raise ProjectError(f"{path} is not an annotator project (it is not an SQLite file).")
        if head:
            _refuse_foreign(path)
        if not read_only and not os.access(path, os.W_OK):
            raise ProjectError(f"The project {path} is read-only. Make it writable, or open a copy.")
    elif read_only:
        raise ProjectError(f"There is no project at {path}.")
    else:
        if not path.parent.exists():
            raise ProjectError(f"Cannot create {path}: the folder {path.parent} does not exist.")
        if not os.access(path.parent, os.W_OK):
            raise ProjectError(f"Cannot create {path}: the folder {path.parent} is not writable.")
    conn: sqlite3.Connection | None = None
    try:
        if read_only:
            conn = _open_read_only(path)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=5.0)
        conn.execute("PRAGMA busy_timeout = 5000")
        if not read_only:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        if read_only:
            conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()  # an open handle would keep the file (and its mount) busy
        raise ProjectError(describe_sqlite_error(path, exc, reading=read_only)) from exc
    return Database(conn)


class Transactions:
    """Nested-safe explicit transactions on an autocommit connection.

    The outermost ``with`` opens ``BEGIN IMMEDIATE`` (so a second process waits
    for the write lock instead of failing halfway) and commits on exit; inner
    ones join it. Any sqlite error becomes a ProjectError with a readable message,
    after rollback, so the file keeps its last good state.
    """

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self._depth = 0
        self._lock = threading.RLock()

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            conn = self.db.conn
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise ProjectError(describe_sqlite_error(self.path, exc)) from exc
            self._depth = 1
            try:
                yield
                conn.execute("COMMIT")
            except BaseException as exc:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                if isinstance(exc, sqlite3.Error):
                    raise ProjectError(describe_sqlite_error(self.path, exc)) from exc
                raise
            finally:
                self._depth = 0

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A step inside the current transaction that can fail alone (all-or-nothing per
        file inside a batch committed once): on error only this step is rolled back."""
        with self():
            conn = self.db.conn
            name = f"sp{self._depth}_{id(conn) % 10_000}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                self._depth += 1
                yield
            except BaseException:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
                raise
            else:
                conn.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1
