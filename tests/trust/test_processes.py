"""Crashes, two processes on one project, and a full disk."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.store import ProjectError, open_project

ROOT = Path(__file__).resolve().parents[2]

WRITER = r"""
import sys
from annotator.store import open_project
from annotator.core.session import AnnotationSession
repo = open_project(sys.argv[1])
session = AnnotationSession(repo, annotator=sys.argv[2], schema=repo.schema())
doc = repo.document("story")
n = int(sys.argv[3])
for i in range(n):
    span = session.add_span(doc, "CLAIM", [(i % 50, i % 50 + 5)])
    if i % 3 == 0:
        session.undo(); session.redo()
    print("DONE", span.id, flush=True)
"""


def _project_with_story(tmp_path: Path) -> Path:
    from annotator.core.model import Document
    from annotator.core.text import text_hash

    path = tmp_path / "shared.annotator"
    repo = open_project(path)
    text = "word " * 40
    repo.add_documents([Document("story", "Story", text, text_hash(text))])
    repo.close()
    return path


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = _project_with_story(tmp_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, "60"], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        for name in ("ana", "ben")
    ]
    reported = set()
    for p in procs:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        reported |= {line.split()[1] for line in out.splitlines() if line.startswith("DONE")}
    repo = open_project(path)
    try:
        stored = {s.id for s in repo.spans("story")}
        assert stored == reported and len(stored) == 120
        assert repo.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert repo.document_summaries()[0].span_count == 120
    finally:
        repo.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_9_while_tagging_loses_no_reported_edit(tmp_path, seed):
    path = _project_with_story(tmp_path)
    p = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "kim", "100000"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    wanted = random.Random(seed).randrange(5, 60)
    reported = []
    for line in p.stdout:
        reported.append(line.split()[1])
        if len(reported) >= wanted:
            break
    p.send_signal(signal.SIGKILL)
    p.wait()
    repo = open_project(path)
    try:
        stored = {s.id for s in repo.spans("story")}
        assert set(reported) <= stored
        assert repo.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        repo.close()


def test_kill_9_during_import_is_all_or_nothing(tmp_path):
    path = tmp_path / "p.annotator"
    open_project(path).close()
    big = tmp_path / "many.jsonl"
    with open(big, "w") as fh:
        for i in range(3000):
            fh.write(
                json.dumps({"id": f"s{i}", "text": f"Story {i}: the minister said numbers rose {i} percent. " * 20})
                + "\n"
            )
    cli = [sys.executable, "-m", "annotator.cli", "import", "--project", str(path), str(big)]
    p = subprocess.Popen(cli, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.Random(4).uniform(0.3, 1.2))
    p.send_signal(signal.SIGKILL)
    p.wait()
    repo = open_project(path)
    try:
        assert len(repo.document_summaries()) in (0, 3000)
    finally:
        repo.close()


def test_kill_9_during_export_leaves_no_half_file(tmp_path):
    from annotator.core.model import Document
    from annotator.core.text import text_hash

    path = tmp_path / "p.annotator"
    repo = open_project(path)
    docs = [Document(f"d{i}", f"D{i}", f"Text {i} " * 200, text_hash(f"Text {i} " * 200)) for i in range(4000)]
    repo.add_documents(docs)
    repo.close()
    out = tmp_path / "export.jsonl"
    cli = [
        sys.executable,
        "-m",
        "annotator.cli",
        "export",
        "--project",
        str(path),
        "--format",
        "native",
        "--output",
        str(out),
    ]
    p = subprocess.Popen(cli, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.8)
    p.send_signal(signal.SIGKILL)
    p.wait()
    if out.exists():  # finished before the kill: then it is whole
        assert sum(1 for _ in open(out, encoding="utf-8")) == 4000


def test_full_disk_gives_clear_message_and_keeps_last_good_state(session, make_doc, repo):
    doc = make_doc("Officials said the bridge is safe and the road will reopen on Friday.")
    first = session.add_span(doc, "CLAIM", [(15, 33)])
    pages = repo.db.execute("PRAGMA page_count").fetchone()[0]
    repo.db.execute(f"PRAGMA max_page_count = {pages}")
    big_note = "x" * 200_000
    from annotator.core.session import EditError

    with pytest.raises((ProjectError, EditError)) as info:
        session.update_span(first, note=big_note)
    assert "full" in str(info.value)
    assert repo.span(first.id).note == ""
    assert session.history.undo_text == "Tag CLAIM"  # the failed edit was not recorded
    repo.db.execute("PRAGMA max_page_count = 1073741823")  # space returns
    session.update_span(first, note="checked")
    assert repo.span(first.id).note == "checked"


LINKER = r"""
import sys
from annotator.store import open_project
from annotator.core.session import AnnotationSession

pytestmark = pytest.mark.slow  # fuzzing and processes: ./test.sh -m 'not slow' skips them
repo = open_project(sys.argv[1])
session = AnnotationSession(repo, annotator="lee", schema=repo.schema())
doc = repo.document("story")
for i in range(100000):
    k = (i * 10) % 190
    quote = session.add_span(doc, "QUOTE", [(k, k + 4)])
    cue = session.add_span(doc, "ATTRIBUTION", [(k + 5, k + 9)])
    rel = session.link(cue, quote)
    if i % 4 == 0:
        session.undo(); session.redo()
    print("DONE", quote.id, cue.id, rel.id, flush=True)
"""


@pytest.mark.parametrize("seed", [5, 6])
def test_kill_9_while_linking_loses_no_reported_link(tmp_path, seed):
    path = _project_with_story(tmp_path)
    p = subprocess.Popen([sys.executable, "-c", LINKER, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    wanted = random.Random(seed).randrange(3, 40)
    reported = []
    for line in p.stdout:
        reported.append(line.split()[1:])
        if len(reported) >= wanted:
            break
    p.send_signal(signal.SIGKILL)
    p.wait()
    repo = open_project(path)
    try:
        spans = {s.id for s in repo.spans("story")}
        relations = {r.id: r for r in repo.relations("story")}
        for quote, cue, rel in reported:
            assert {quote, cue} <= spans and rel in relations
            assert {relations[rel].source, relations[rel].target} == {quote, cue}
        # a link never outlives its spans, even when the kill came mid-edit
        assert all({r.source, r.target} <= spans for r in relations.values())
        assert repo.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        repo.close()


def _chattr(flag: str, *paths: Path) -> bool:
    try:
        return all(
            subprocess.run(["chattr", flag, str(p)], capture_output=True).returncode == 0 for p in paths if p.exists()
        )
    except OSError:
        return False


def test_project_made_read_only_mid_session_fails_clearly_and_resumes(session, make_doc, repo):
    from annotator.core.session import EditError

    doc = make_doc("Officials said the bridge is safe and the road will reopen on Friday.")
    first = session.add_span(doc, "CLAIM", [(15, 33)])
    # The -shm file stays writable: it is memory-mapped, and real permission
    # changes do not reach an open mapping either.
    files = (repo.path, Path(str(repo.path) + "-wal"))
    if not _chattr("+i", *files):
        pytest.skip("chattr +i is not available on this file system")
    try:
        with pytest.raises((ProjectError, EditError)) as info:
            session.add_span(doc, "CLAIM", [(0, 9)])
        assert "not saved" in str(info.value) and str(repo.path) in str(info.value)
        assert [s.id for s in repo.spans(doc.id)] == [first.id]
        assert session.history.undo_text == "Tag CLAIM"
    finally:
        _chattr("-i", *files)
    again = session.add_span(doc, "CLAIM", [(0, 9)])  # writable again: work resumes
    assert {s.id for s in repo.spans(doc.id)} == {first.id, again.id}


def test_project_locked_by_another_connection_fails_clearly_then_resumes(session, make_doc, repo):
    import sqlite3

    from annotator.core.session import EditError

    doc = make_doc("Officials said the bridge is safe.")
    first = session.add_span(doc, "CLAIM", [(15, 33)])
    repo.db.execute("PRAGMA busy_timeout = 100")  # the real 5 s wait is for people, not tests
    other = sqlite3.connect(repo.path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises((ProjectError, EditError)) as info:
            session.add_span(doc, "CLAIM", [(0, 9)])
        assert "locked" in str(info.value)
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert [s.id for s in repo.spans(doc.id)] == [first.id]
    again = session.add_span(doc, "CLAIM", [(0, 9)])
    assert {s.id for s in repo.spans(doc.id)} == {first.id, again.id}


def test_data_version_tells_a_window_of_commits_made_elsewhere(tmp_path):
    """The live-refresh policy: each window polls PRAGMA data_version, which moves
    only when another connection (or process) commits."""
    from annotator.core.session import AnnotationSession

    path = _project_with_story(tmp_path)
    mine, theirs = open_project(path), open_project(path)
    try:
        doc = mine.document("story")
        start = mine.data_version()
        AnnotationSession(mine, annotator="me", schema=mine.schema()).add_span(doc, "CLAIM", [(0, 4)])
        assert mine.data_version() == start  # my own commits do not look like news
        seen_by_them = theirs.data_version()
        other = AnnotationSession(theirs, annotator="you", schema=theirs.schema()).add_span(doc, "QUOTE", [(5, 9)])
        assert mine.data_version() != start  # their commit does
        assert theirs.data_version() == seen_by_them
        assert other.id in {s.id for s in mine.spans("story")}
        assert len(theirs.spans("story")) == 2
    finally:
        mine.close()
        theirs.close()
