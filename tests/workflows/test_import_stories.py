from __future__ import annotations

import shutil
import subprocess
import sys

from annotator.cli import main as cli_main
from annotator.paths import resources_dir
from annotator.workflows.stories import import_story_files

SAMPLES = resources_dir() / "stories"


def test_folder_import_with_good_bad_and_duplicate_files(repo, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(b"\x89PNG\x00\x00" * 50)
    (folder / "copy.txt").write_bytes((SAMPLES / "02-water-tariff-vote.txt").read_bytes())
    summary = import_story_files(repo, [folder, tmp_path / "missing.txt"])
    assert len(summary.imported) == 9
    assert {p.rsplit("/", 1)[-1] for p, _ in summary.refused} == {"empty.txt", "photo.txt", "missing.txt"}
    assert any("already in the project" in why for _, why in summary.skipped)
    assert len(repo.document_summaries()) == 9
    again = import_story_files(repo, [folder])
    assert not again.imported and len(again.skipped) == 10
    assert len(repo.document_summaries()) == 9


def test_refused_file_leaves_project_unchanged(repo, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"oops": 1}\n')
    summary = import_story_files(repo, [bad])
    assert summary.refused and "line 2" in summary.refused[0][1]
    assert repo.document_summaries() == []


def test_cli_import_and_stats(tmp_path, capsys):
    project = tmp_path / "p.annotator"
    bad = tmp_path / "blob.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    code = cli_main(["import", "--project", str(project), str(SAMPLES / "01-harbour-bridge-closure.txt"), str(bad)])
    out = capsys.readouterr().out
    assert code == 1  # something was refused: scripts can tell
    assert "imported 1 stories" in out and "binary file" in out and "Traceback" not in out
    assert cli_main(["stats", "--project", str(project)]) == 0
    assert "stories    1" in capsys.readouterr().out


def test_cli_subprocess_reports_errors_without_traceback(tmp_path):
    cli = [sys.executable, "-m", "annotator.cli"]
    version = subprocess.run([*cli, "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and "annotator" in version.stdout
    notaproject = tmp_path / "x.annotator"
    notaproject.write_text("not sqlite")
    result = subprocess.run([*cli, "import", "--project", str(notaproject), str(SAMPLES)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "not an annotator project" in result.stderr and "Traceback" not in result.stderr
