"""Issue 17, items 1, 2 and 6 (privacy): backups you can trust.

A full disk is made real with RLIMIT_FSIZE in a child process (writes past the
limit fail with EFBIG, as on a full disk); a kill mid-backup with the same limit
and SIGXFSZ left at its default action, which kills the process in the middle of
a write.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap

import pytest

from annotator.core.model import Document
from annotator.core.text import text_hash
from annotator.store import ProjectError, open_project
from annotator.store.backups import inspect_backup, list_backups, make_backup, restore_backup, verify_backup
from annotator.store.migrations import backup_dir

CHILD = textwrap.dedent(
    """
    import resource, signal, sys
    from annotator.store import ProjectError, open_project
    from annotator.store.backups import make_backup

    project, limit, how, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    repo = open_project(project)
    repo.document_ids()
    # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG (as a full disk
    # fails with ENOSPC); left at its default, the signal kills the process mid-write.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN if how == "full" else signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    for _ in range(n):
        try:
            make_backup(repo, "import")
        except ProjectError as exc:
            print("refused:", exc)
    """
)


def _project(tmp_path, stories: int = 150):
    path = tmp_path / "big.annotator"
    repo = open_project(path)
    body = "The council said the bridge would reopen in spring, officials said. " * 30
    docs = [Document(f"d{i}", f"Story {i}", f"{i} {body}", text_hash(f"{i} {body}")) for i in range(stories)]
    repo.add_documents(docs)
    return repo


def _child(project, limit: int, how: str, n: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(project), str(limit), how, str(n)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_failed_backups_on_a_full_disk_never_push_out_good_ones(tmp_path):
    repo = _project(tmp_path)
    good = [make_backup(repo, "import") for _ in range(5)]
    done = _child(repo.path, 64 * 1024, "full", 5)
    assert done.returncode == 0, done.stderr
    assert [b.path for b in list_backups(repo.path)] == good[::-1]  # the failures left nothing
    assert done.stdout.count("refused:") == 5 and "is it full?" in done.stdout, done.stdout
    newest = make_backup(repo, "import")
    kept = list_backups(repo.path)
    assert [b.path for b in kept] == [newest, *good[:0:-1]]  # rotation dropped only the oldest good one
    assert all(b.verified and verify_backup(b.path) is None for b in kept)
    repo.close()


@pytest.mark.slow
def test_a_backup_killed_mid_write_never_looks_valid(tmp_path):
    repo = _project(tmp_path)
    repo.close()
    done = _child(repo.path, 64 * 1024, "kill", 1)
    assert done.returncode == -signal.SIGXFSZ, (done.returncode, done.stderr)
    listed = list_backups(repo.path)
    assert listed and not any(b.verified for b in listed)
    assert all("NOT USABLE" in b.label for b in listed)
    with pytest.raises(ProjectError, match="incomplete") as refused:
        restore_backup(repo.path, listed[0].path)
    assert "read-only" not in str(refused.value) and "not changed" in str(refused.value)
    again = open_project(repo.path)
    assert len(again.document_ids()) == 150
    again.close()


def test_list_marks_and_restore_explains_bad_files(tmp_path, repo, make_doc, capsys):
    make_doc("Officials said the bridge is safe.")
    real = make_backup(repo, "manual")
    folder = backup_dir(repo.path)
    empty = folder / "20250101-000000-import.annotator"
    empty.write_bytes(b"")
    cut = folder / "20250101-000001-import.annotator"
    cut.write_bytes(real.read_bytes()[: 3 * 4096 + 100])
    text = folder / "20250101-000002-daily.annotator"
    text.write_text("not a database")
    foreign = folder / "20250101-000003-daily.annotator"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.commit()
    con.close()
    expected = {empty: "empty", cut: "cut short", text: "not an SQLite file", foreign: "not an annotator project"}
    for path, phrase in expected.items():
        assert (inspect_backup(path) is None) == (path is foreign)
        assert phrase in verify_backup(path)
    listed = {b.path: b for b in list_backups(repo.path)}
    assert listed[real].verified and all(not listed[p].verified for p in (empty, cut, text))
    repo_path = repo.path
    repo.close()
    before = repo_path.read_bytes()
    for path, phrase in expected.items():
        with pytest.raises(ProjectError, match=phrase) as refused:
            restore_backup(repo_path, path)
        assert "read-only" not in str(refused.value)
    assert repo_path.read_bytes() == before
    from annotator.cli import main

    assert main(["backup", "--project", str(repo_path), "list"]) == 0
    out = capsys.readouterr().out
    assert out.count("NOT USABLE") == 3 and "empty (0 bytes" in out


@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_backups_take_the_projects_permissions(tmp_path, mode):
    path = tmp_path / "private.annotator"
    open_project(path).close()
    os.chmod(path, mode)
    repo = open_project(path)
    made = make_backup(repo, "manual")
    repo.close()
    assert stat.S_IMODE(made.stat().st_mode) == mode
    folder_mode = stat.S_IMODE(made.parent.stat().st_mode)
    assert (folder_mode & 0o077 == 0) == (mode & 0o077 == 0)
    safety = restore_backup(path, made)
    assert stat.S_IMODE(safety.stat().st_mode) == mode


def test_a_folder_made_before_the_project_went_private_is_closed(tmp_path):
    path = tmp_path / "p.annotator"
    repo = open_project(path)
    make_backup(repo, "manual")
    os.chmod(backup_dir(path), 0o755)
    os.chmod(path, 0o600)
    make_backup(repo, "manual")
    repo.close()
    assert stat.S_IMODE(backup_dir(path).stat().st_mode) == 0o700
