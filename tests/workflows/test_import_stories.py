from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

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
    n = len([p for p in SAMPLES.iterdir() if p.name != "README.md"])  # every sample story, however many ship
    assert len(summary.imported) == n
    assert {p.rsplit("/", 1)[-1] for p, _ in summary.refused} == {"empty.txt", "photo.txt", "missing.txt"}
    assert any("already in the project" in why for _, why in summary.skipped)
    assert len(repo.document_summaries()) == n
    again = import_story_files(repo, [folder])
    assert not again.imported and len(again.skipped) == n + 1
    assert len(repo.document_summaries()) == n


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
    result = subprocess.run(
        [*cli, "import", "--project", str(notaproject), str(SAMPLES)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "not an annotator project" in result.stderr and "Traceback" not in result.stderr


def test_a_file_the_database_refuses_is_refused_alone_in_its_batch(repo, tmp_path):
    """The batch insert fails, so each file is stored in its own savepoint: the others land."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "poison", "c"):
        (folder / f"{name}.txt").write_text(f"{name}\n\nThe {name} story, as filed.\n")
    repo.db.execute(
        "CREATE TEMP TRIGGER refuse_poison BEFORE INSERT ON documents WHEN NEW.title = 'poison' "
        "BEGIN SELECT RAISE(ABORT, 'no poison here'); END"
    )
    summary = import_story_files(repo, [folder])
    assert sorted(t for _, t in summary.imported) == ["a", "b", "c"]
    assert [(p.rsplit("/", 1)[-1], "no poison here" in why) for p, why in summary.refused] == [("poison.txt", True)]
    assert sorted(d.title for d in repo.document_summaries()) == ["a", "b", "c"]
    assert len(summary.doc_ids) == 3 and set(summary.doc_ids) == set(repo.document_ids())
    repo.db.execute("DROP TRIGGER refuse_poison")
    again = import_story_files(repo, [folder])  # the refused file's hash was forgotten: it can come in now
    assert [t for _, t in again.imported] == ["poison"] and len(again.skipped) == 3


def test_cancel_keeps_the_files_read_whole_and_nothing_after(repo, tmp_path):
    from annotator.workflows.progress import Cancelled, Progress

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        (folder / f"story-{i:02d}.txt").write_text(f"Story {i}\n\nIt happened on day {i}, officials said.\n")
    seen = []
    progress = Progress(report=lambda done, total, label: seen.append(done), cancelled=lambda: len(seen) >= 12)
    with pytest.raises(Cancelled):
        import_story_files(repo, [folder], progress=progress)
    assert {d.title for d in repo.document_summaries()} == {f"Story {i}" for i in range(12)}
    again = import_story_files(repo, [folder])  # the rest comes in; the first twelve are known
    assert len(again.imported) == 18 and len(again.skipped) == 12


def test_an_import_leaves_the_collector_as_it_found_it(tmp_path):
    import gc

    from annotator.store import open_project

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A story.\n")
    before = gc.get_threshold()
    repo = open_project(tmp_path / "p.annotator")
    assert len(import_story_files(repo, [folder]).imported) == 1
    assert len(import_story_files(repo, [tmp_path / "missing.txt"]).refused) == 1
    repo.close()
    assert gc.get_threshold() == before
