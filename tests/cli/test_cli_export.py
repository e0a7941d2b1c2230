"""`annotator-cli export`, `formats` and `import` of annotation files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store import open_project

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "formats"))
from exchange_fixtures import rich_project, snapshot  # noqa: E402


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "rich.annotator"
    rich_project(path).close()
    return path


def test_formats_lists_directions_and_what_each_carries(capsys):
    assert main(["formats"]) == 0
    text = capsys.readouterr().out
    for name in ("native", "brat", "doccano", "labelstudio"):
        assert f"\n{name} " in "\n" + text
    assert "export + import" in text
    assert "carries: spans, overlaps, fragments, relations, attributes, notes, annotators" in text
    assert "variant" in text and "offsets" in text  # doccano's options are documented


def test_export_native_with_filters(project, tmp_path, capsys):
    out = tmp_path / "alice.jsonl"
    code = main(
        [
            "export",
            "--project",
            str(project),
            "--format",
            "native",
            "--output",
            str(out),
            "--annotator",
            "alice",
            "--status",
            "in progress",
            "--story",
            "emoji-crlf",
        ]
    )
    assert code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["emoji-crlf"]
    assert {s["annotator"] for s in rows[0]["spans"]} == {"alice"}
    printed = capsys.readouterr().out
    assert f"wrote {out} (native)" in printed and "1 stories, 2 spans, 1 links" in printed


def test_lossy_export_prints_what_was_dropped(project, tmp_path, capsys):
    out = tmp_path / "d.jsonl"
    assert main(["export", "--project", str(project), "--format", "doccano", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "dropped or approximated: 3 × links (the spans variant has none" in printed
    assert "one entity per fragment" in printed
    assert (
        main(
            ["export", "--project", str(project), "--format", "doccano", "-o", str(out), "--option", "variant=entities"]
        )
        == 0
    )
    assert "links (the spans variant" not in capsys.readouterr().out


def test_import_detects_annotation_files_and_summarises(project, tmp_path, capsys):
    out = tmp_path / "team.jsonl"
    brat = tmp_path / "brat"
    assert main(["export", "--project", str(project), "--format", "native", "-o", str(out)]) == 0
    assert main(["export", "--project", str(project), "--format", "brat", "-o", str(brat)]) == 0
    capsys.readouterr()
    target = tmp_path / "mine.annotator"
    open_project(target).close()
    assert main(["import", "--project", str(target), "--annotator", "me", str(out), str(brat)]) == 0
    printed = capsys.readouterr().out
    assert "team.jsonl (native): 2 new stories, 0 matched; 7 spans and 3 links added" in printed
    assert "brat (brat): 0 new stories, 2 matched" in printed
    assert "annotation files: 2 imported, 0 refused" in printed
    with open_project(target) as repo:
        source = open_project(project)
        assert snapshot(repo) == snapshot(source)  # brat's copy matched everything already there
        source.close()
    # again: nothing changes, and the summary says so
    assert main(["import", "--project", str(target), str(out)]) == 0
    assert "0 spans and 0 links added; 7 spans and 3 links already present, skipped" in capsys.readouterr().out


def test_format_override(tmp_path, capsys):
    odd = tmp_path / "data.txt"  # a doccano file with a name that says nothing
    odd.write_text('{"text": "Ann met Bob.", "label": [[0, 3, "PER"]]}\n')
    target = tmp_path / "p.annotator"
    assert main(["import", "--project", str(target), "--format", "doccano", str(odd)]) == 0
    assert "data.txt (doccano): 1 new stories" in capsys.readouterr().out


def test_bad_file_is_refused_with_file_and_line_and_exit_1(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "abc", "label": [[0, 1, "X"]]}\n{"text": "abc", "label": [[0, 9, "X"]]}\n')
    target = tmp_path / "p.annotator"
    assert main(["import", "--project", str(target), str(bad)]) == 1
    captured = capsys.readouterr()
    assert f"refused {bad}: {bad}, line 2:" in captured.out and "outside the text" in captured.out
    assert "Traceback" not in captured.out + captured.err
    with open_project(target) as repo:
        assert repo.stats()["stories"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "nope", "-o", "{tmp}/x"], "unknown format 'nope'"),
        (["--format", "native", "-o", "{tmp}/missing/x.jsonl"], "does not exist"),
        (["--format", "native", "-o", "{tmp}/x.jsonl", "--story", "ghost"], "no story with id ghost"),
        (["--format", "doccano", "-o", "{tmp}/x.jsonl", "--option", "variant"], "--option needs KEY=VALUE"),
    ],
)
def test_export_errors_are_one_clear_line(project, tmp_path, capsys, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main(["export", "--project", str(project), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not list(tmp_path.glob(".x*"))  # no temporary left behind


def test_bad_status_is_an_argparse_error(project, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(
            [
                "export",
                "--project",
                str(project),
                "--format",
                "native",
                "-o",
                str(tmp_path / "x"),
                "--status",
                "finished",
            ]
        )
    assert "status must be one of" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("export", ("--project", "--format", "--output", "--annotator", "--status", "--story", "--option")),
        ("import", ("--project", "--format", "--annotator", "--option", "FILE_OR_DIR")),
    ],
)
def test_help_documents_every_option(capsys, command, options):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for option in options:
        assert option in text


def test_import_with_an_export_only_format_is_refused(tmp_path, capsys):
    from annotator.formats import all_formats

    export_only = next((f.name for f in all_formats() if not f.readable), None)
    if export_only is None:
        pytest.skip("every registered format can be read")
    some = tmp_path / "x.txt"
    some.write_text("hello")
    assert main(["import", "--project", str(tmp_path / "p.annotator"), "--format", export_only, str(some)]) == 2
    assert "can be exported but not imported" in capsys.readouterr().err


def test_misspelt_options_are_refused_not_ignored(project, tmp_path, capsys):
    assert (
        main(
            [
                "export",
                "--project",
                str(project),
                "--format",
                "doccano",
                "-o",
                str(tmp_path / "x.jsonl"),
                "--option",
                "varient=entities",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "unknown option varient for doccano" in err and "variant" in err
    assert not (tmp_path / "x.jsonl").exists()


def test_story_files_and_annotation_files_in_one_import(project, tmp_path, capsys):
    pytest.importorskip("annotator.stories.reader", reason="story readers not built yet")
    out = tmp_path / "team.jsonl"
    assert main(["export", "--project", str(project), "--format", "native", "-o", str(out)]) == 0
    story = tmp_path / "story.txt"
    story.write_text("A new story.\nThe mayor said the bridge is safe.\n", encoding="utf-8")
    target = tmp_path / "mine.annotator"
    capsys.readouterr()
    assert main(["import", "--project", str(target), str(story), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "imported 1 stories" in printed and "team.jsonl (native): 2 new stories" in printed
    with open_project(target) as repo:
        assert repo.stats()["stories"] == 3
