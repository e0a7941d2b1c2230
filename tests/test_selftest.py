"""The product's self-check: passes on a good install, fails clearly on a broken one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.workflows import selftest
from annotator.workflows.selftest import SelftestFailure, pick_targets, run_selftest

ROOT = Path(__file__).resolve().parent.parent


def test_selftest_passes_and_reports_each_step(tmp_path):
    lines: list[str] = []
    assert run_selftest(lines.append, keep=tmp_path / "work")
    text = "\n".join(lines)
    for step in (
        "imported sample story",
        "tagged 3 spans",
        "exported native",
        "native re-imported",
        "brat re-imported",
    ):
        assert step in text
    assert lines[-1] == "selftest passed"
    assert (tmp_path / "work" / "exports" / "brat").is_dir()


def test_targets_fit_the_story_and_fail_on_tiny_text():
    text = "“We will reopen in spring,” the mayor said on Monday. “Nobody is at risk,” she added. " * 2
    t = pick_targets(text)
    assert text[slice(*t.quote)] == "We will reopen in spring,"
    assert text[slice(*t.attribution)] == "the mayor"
    with pytest.raises(SelftestFailure):
        pick_targets("too short")


def test_a_lossy_round_trip_fails_with_a_clear_line(tmp_path, monkeypatch):
    real = selftest._annotated
    calls = {"n": 0}

    def dropping(repo, doc_id):
        doc = real(repo, doc_id)
        calls["n"] += 1
        if calls["n"] >= 3:  # the native re-import: lose one span and its links
            kept = doc.spans[1:]
            ids = {s.id for s in kept}
            rels = [r for r in doc.relations if r.source in ids and r.target in ids]
            return type(doc)(doc.document, kept, rels)
        return doc

    monkeypatch.setattr(selftest, "_annotated", dropping)
    lines: list[str] = []
    assert not run_selftest(lines.append)
    assert lines[-1].startswith("FAIL  ") and "round trip" in lines[-1]


def test_missing_story_is_reported_not_raised(tmp_path):
    lines: list[str] = []
    assert not run_selftest(lines.append, story=tmp_path / "nope.txt")
    assert any(line.startswith("FAIL") for line in lines)


@pytest.mark.slow
def test_cli_selftest_exit_status(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "selftest"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("selftest passed")
