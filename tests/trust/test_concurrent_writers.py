"""Several writers on one project at the same instant: nobody's edit is lost or doubled.

Real processes, as two windows or a window and a script would be: each test starts
them together and checks the file afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import annotator
from annotator.core.model import Document, Span
from annotator.core.text import text_hash
from annotator.store import open_project

pytestmark = pytest.mark.slow

# The checkout whose annotator package the tests import (the children import the same).
ROOT = Path(annotator.__file__).resolve().parents[1]
CLI = [sys.executable, "-c", "import sys; from annotator.cli import main; sys.exit(main())"]

EDITOR = r"""
import sys
from annotator.store import open_project
from annotator.core.session import AnnotationSession
repo = open_project(sys.argv[1])
session = AnnotationSession(repo, annotator=sys.argv[2], schema=repo.schema())
spans = {s.id: s for s in repo.spans("story")}  # what a window has on screen
print("ready", flush=True)
for line in sys.stdin:
    span_id, round_ = line.split()
    span = spans[span_id]
    if sys.argv[2] == "notes":
        session.update_span(span, note=f"note {round_}", description="Edit note")
    elif sys.argv[2] == "sources":
        session.set_attribute(span, "source", f"source {round_}")
    else:
        session.set_attribute(span, "cue", f"cue {round_}")
    print("ok", flush=True)
"""


def _story_project(path: Path, n_spans: int) -> list[Span]:
    text = " ".join(f"w{i:03d}" for i in range(n_spans))
    repo = open_project(path)
    try:
        repo.add_documents([Document("story", "Story", text, text_hash(text))])
        from annotator.core.session import AnnotationSession

        session = AnnotationSession(repo, annotator="setup", schema=repo.schema())
        doc = repo.document("story")
        return [session.add_span(doc, "ATTRIBUTION", [(5 * i, 5 * i + 4)]) for i in range(n_spans)]
    finally:
        repo.close()


def test_three_processes_edit_different_fields_of_one_span_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.annotator"
    rounds = 200
    spans = _story_project(path, rounds)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(path), role],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for role in ("notes", "sources", "cues")
    ]
    try:
        for w in writers:
            assert w.stdout.readline().strip() == "ready"
        for i, span in enumerate(spans):
            for w in writers:  # all three get the round before any answers
                w.stdin.write(f"{span.id} {i}\n")
                w.stdin.flush()
            for w in writers:
                assert w.stdout.readline().strip() == "ok"
    finally:
        for w in writers:
            w.stdin.close()
            w.wait(timeout=60)
    repo = open_project(path)
    try:
        stored = {s.id: s for s in repo.spans("story")}
    finally:
        repo.close()
    lost = [
        i
        for i, span in enumerate(spans)
        if stored[span.id].note != f"note {i}"
        or stored[span.id].attributes.get("source") != f"source {i}"
        or stored[span.id].attributes.get("cue") != f"cue {i}"
    ]
    assert lost == [], f"{len(lost)} of {rounds} rounds lost an edit"


def _duplicates(path: Path) -> tuple[int, int]:
    repo = open_project(path)
    try:
        spans = repo.db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM spans GROUP BY doc_id, annotator, label, fragments "
            "HAVING count(*) > 1)"
        ).fetchone()[0]
        links = repo.db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM relations GROUP BY type, source, target HAVING count(*) > 1)"
        ).fetchone()[0]
        return spans, links
    finally:
        repo.close()


def _run_together(commands: list[list[str]]) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen(c, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    done = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    return done


@pytest.mark.parametrize("trial", range(3))
def test_three_suggest_accept_runs_at_once_store_each_span_once(tmp_path, trial):
    from annotator.paths import resources_dir

    path = tmp_path / "p.annotator"
    stories = sorted((resources_dir() / "stories").glob("0*"))
    assert subprocess.run([*CLI, "import", "--project", str(path), *map(str, stories)], cwd=ROOT).returncode == 0
    runs = _run_together([[*CLI, "suggest", "--accept", "--project", str(path), "--annotator", "bot"]] * 3)
    assert [r.returncode for r in runs] == [0, 0, 0], [r.stderr for r in runs]
    assert _duplicates(path) == (0, 0)
    alone = tmp_path / "alone.annotator"
    subprocess.run([*CLI, "import", "--project", str(alone), *map(str, stories)], cwd=ROOT, check=True)
    subprocess.run([*CLI, "suggest", "--accept", "--project", str(alone), "--annotator", "bot"], cwd=ROOT, check=True)
    counts = []
    for p in (path, alone):
        repo = open_project(p)
        counts.append((repo.stats()["spans"], repo.stats()["relations"]))
        repo.close()
    assert counts[0] == counts[1]  # three runs at once store what one run alone stores


def _doccano_file(path: Path, label: str, texts: list[str]) -> Path:
    rows = []
    for text in texts:
        words = [(m, m + 4) for m in range(0, len(text) - 4, 5)]
        spans = [[s, e, label] for s, e in words] + [[s, e, "CLAIM"] for s, e in words[::3]]
        rows.append(json.dumps({"text": text, "label": spans}))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("trial", range(3))
def test_three_imports_at_once_keep_every_label_and_double_no_span(tmp_path, trial):
    path = tmp_path / "p.annotator"
    open_project(path).close()
    texts = [" ".join(f"{k}{i:03d}" for i in range(1000)) for k in range(3)]
    files = [_doccano_file(tmp_path / f"{lab}.jsonl", lab, texts) for lab in ("ALPHA", "BETA", "GAMMA")]
    runs = _run_together(
        [[*CLI, "import", "--project", str(path), "--annotator", "imp", "--format", "doccano", str(f)] for f in files]
    )
    assert [r.returncode for r in runs] == [0, 0, 0], [r.stdout + r.stderr for r in runs]
    assert _duplicates(path) == (0, 0)
    repo = open_project(path)
    try:
        labels = set(repo.schema().label_names)
        assert {"ALPHA", "BETA", "GAMMA", "CLAIM"} <= labels
        by_label = repo.stats()["spans_by_label"]
        per_file = sum(len(range(0, len(t) - 4, 5)) for t in texts)
        assert by_label["ALPHA"] == by_label["BETA"] == by_label["GAMMA"] == per_file
        assert by_label["CLAIM"] == sum(len(range(0, len(t) - 4, 5)[::3]) for t in texts)
    finally:
        repo.close()
