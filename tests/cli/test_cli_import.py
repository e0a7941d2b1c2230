"""`annotator-cli import` of story files: summary lines, exit codes, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.paths import resources_dir
from annotator.store import open_project

SAMPLES = resources_dir() / "stories"
CLI = Path(sys.executable).with_name("annotator-cli")


def _story_count(project: Path) -> int:
    repo = open_project(project)
    try:
        return len(repo.document_summaries())
    finally:
        repo.close()


def _mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    (folder / "README.md").unlink()  # documentation, not a story
    (folder / "blank.txt").write_text("  \n\t\n")
    (folder / "binary.txt").write_bytes(b"\x7fELF\x00\x00\x01" * 40)
    (folder / "again.txt").write_bytes((SAMPLES / "02-water-tariff-vote.txt").read_bytes())
    (folder / "notes.csv").write_text("not,a,story\n")  # not a story extension: not picked up
    return folder


def test_folder_summary_counts_and_reasons(tmp_path, capsys):
    project = tmp_path / "p.annotator"
    folder = _mixed_folder(tmp_path)
    code = main(["import", "--project", str(project), str(folder), str(tmp_path / "gone.txt")])
    out = capsys.readouterr().out
    assert code == 1
    lines = out.splitlines()
    n = len([p for p in SAMPLES.iterdir() if p.name != "README.md"])  # every sample story, however many ship
    assert lines[0] == f"imported {n} stories, skipped 1, refused 3"
    refused = {ln.split(": ", 1)[0].rsplit("/", 1)[-1]: ln.split(": ", 1)[1] for ln in lines if "refused /" in ln}
    assert set(refused) == {"blank.txt", "binary.txt", "gone.txt"}
    assert "empty" in refused["blank.txt"] or "whitespace" in refused["blank.txt"]
    assert "binary" in refused["binary.txt"]
    assert "no such file" in refused["gone.txt"]
    assert any("skipped" in ln and "again.txt" in ln and "already in the project" in ln for ln in lines)
    assert "notes.csv" not in out and "Traceback" not in out
    assert _story_count(project) == n


def test_second_import_skips_everything_and_succeeds(tmp_path, capsys):
    project = tmp_path / "p.annotator"
    assert main(["import", "--project", str(project), str(SAMPLES / "06-trade-talks-xinhua.md")]) == 0
    capsys.readouterr()
    assert main(["import", "--project", str(project), str(SAMPLES / "06-trade-talks-xinhua.md")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("imported 0 stories, skipped 1, refused 0")
    assert _story_count(project) == 1


def test_refused_jsonl_leaves_project_unchanged(tmp_path, capsys):
    project = tmp_path / "p.annotator"
    assert main(["import", "--project", str(project), str(SAMPLES / "01-harbour-bridge-closure.txt")]) == 0
    bad = tmp_path / "feed.jsonl"
    bad.write_text('{"text": "First story is fine."}\n\n{"text": "Second too."}\n{broken\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "--project", str(project), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "line 4" in out and "Traceback" not in out
    assert _story_count(project) == 1


@pytest.mark.slow
def test_installed_script_version_help_and_errors(tmp_path):
    assert CLI.exists(), "annotator-cli console script is not installed in the virtualenv"
    version = subprocess.run([str(CLI), "--version"], capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith("annotator ")
    helped = subprocess.run([str(CLI), "import", "--help"], capture_output=True, text=True, timeout=120)
    assert helped.returncode == 0 and "FILE_OR_DIR" in helped.stdout
    project = tmp_path / "p.annotator"
    folder = _mixed_folder(tmp_path)
    run = subprocess.run(
        [str(CLI), "import", "--project", str(project), str(folder)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 1
    n = len([p for p in SAMPLES.iterdir() if p.name != "README.md"])
    assert run.stdout.startswith(f"imported {n} stories, skipped 1, refused 2")
    assert "Traceback" not in run.stdout + run.stderr
