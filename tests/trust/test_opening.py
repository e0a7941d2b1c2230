"""Issue 17, item 5: opening never changes a file that is not a project; a FIFO is
refused before it is opened; read-only media and locked projects can still be read by
the read-only commands, with messages that say what is really wrong."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import Document
from annotator.core.text import text_hash
from annotator.store import ProjectError, open_project
from annotator.store.migrations import LATEST

CLI = Path(sys.executable).with_name("annotator-cli")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _foreign(path: Path, version: int = 0) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    con.execute("INSERT INTO recipes VALUES ('soup', 40)")
    con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize("version", [0, 2, LATEST + 5])
@pytest.mark.parametrize("read_only", [False, True])
def test_a_foreign_sqlite_file_is_refused_unchanged(tmp_path, version, read_only):
    path = _foreign(tmp_path / f"recipes-{version}.annotator", version)
    before = _digest(path)
    with pytest.raises(ProjectError, match="not an annotator project|newer annotator"):
        open_project(path, read_only=read_only)
    assert _digest(path) == before
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()


def test_a_project_from_a_newer_annotator_is_refused_unchanged(tmp_path):
    path = tmp_path / "future.annotator"
    open_project(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute(f"PRAGMA user_version = {LATEST + 1}")
    con.close()
    before = _digest(path)
    with pytest.raises(ProjectError, match="newer annotator"):
        open_project(path)
    assert _digest(path) == before


@pytest.mark.slow
def test_a_fifo_as_the_project_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.annotator"
    os.mkfifo(fifo)
    done = subprocess.run([str(CLI), "stats", "--project", str(fifo)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr


def _project_with_work(folder: Path) -> Path:
    path = folder / "news.annotator"
    repo = open_project(path)
    text = "Officials said the bridge is safe."
    repo.add_documents([Document("d1", "Bridge", text, text_hash(text))])
    from annotator.core.session import AnnotationSession

    AnnotationSession(repo, annotator="ana", schema=repo.schema()).add_span(repo.document("d1"), "CLAIM", [(15, 33)])
    repo.close()
    return path


@contextlib.contextmanager
def _read_only_folder(folder: Path):
    """The folder made read-only for real: a read-only bind mount as root (root ignores
    permissions), the permission bits otherwise."""
    if os.geteuid() == 0:
        mount = folder.with_name(folder.name + "-ro")
        mount.mkdir()
        ok = subprocess.run(["mount", "--bind", str(folder), str(mount)], capture_output=True).returncode == 0
        if ok and subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], capture_output=True).returncode:
            subprocess.run(["umount", str(mount)])
            ok = False
        if not ok:
            pytest.skip("cannot make a read-only mount here")
        try:
            yield mount
        finally:
            subprocess.run(["umount", str(mount)], check=True)
    else:
        os.chmod(folder, 0o555)
        try:
            yield folder
        finally:
            os.chmod(folder, 0o755)


@pytest.mark.slow
def test_read_only_media_can_still_be_read(tmp_path, capsys):
    folder = tmp_path / "media"
    folder.mkdir()
    _project_with_work(folder)
    out_file = tmp_path / "out.jsonl"
    with _read_only_folder(folder) as ro:
        project = ro / "news.annotator"
        with pytest.raises(OSError):
            (ro / "probe").write_text("x")
        assert main(["stats", "--project", str(project)]) == 0
        assert "1" in capsys.readouterr().out
        assert main(["export", "--project", str(project), "--format", "native", "--output", str(out_file)]) == 0
        assert out_file.read_text().count('"CLAIM"') >= 1
        capsys.readouterr()
        assert main(["import", "--project", str(project), str(out_file)]) == 2
        err = capsys.readouterr().err
        assert "read-only" in err or "not writable" in err


@pytest.mark.slow
def test_a_locked_project_says_so_when_read(tmp_path, capsys):
    path = _project_with_work(tmp_path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO meta VALUES ('holder', 'x')")
    try:
        assert main(["stats", "--project", str(path)]) == 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert "locked by another program" in err and "cannot be read now" in err
    assert "not saved" not in err
