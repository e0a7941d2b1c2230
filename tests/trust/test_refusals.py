"""Issue 17, items 3, 4 and 6: every file decided on its own. A hostile or malformed
file is refused with its reason, never a traceback; it changes nothing; and the good
files in the same command still land."""

from __future__ import annotations

import pytest

from annotator.cli import main
from annotator.core.limits import MAX_JSON_DEPTH, LimitError, json_problem, loads, text_problem
from annotator.store import open_project

from .fuzz_harness import fingerprint
from .hostile_inputs import CASES, good_stories, write_case


def _state(project):
    repo = open_project(project)
    try:
        return len(repo.document_summaries()), repo.stats()["spans"], repo.schema().label_names
    finally:
        repo.close()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_file_is_refused_with_its_reason_and_the_good_ones_land(case, tmp_path, capsys):
    project = tmp_path / "p.annotator"
    open_project(project).close()
    labels_before = _state(project)[2]
    good = good_stories(tmp_path / "good")
    bad = write_case(case, tmp_path / "bad")
    code = main(["import", "--project", str(project), str(good[0]), str(bad), str(good[1]), str(good[2])])
    out = capsys.readouterr()
    assert code == 1, out.out
    refusal = [line for line in out.out.splitlines() if "refused" in line and case.name in line]
    assert refusal and case.says in refusal[0], out.out
    assert "Traceback" not in out.err
    stories, spans, labels = _state(project)
    assert (stories, spans, labels) == (3, 0, labels_before)  # the three good ones, nothing of the bad


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_refused_file_leaves_a_project_with_work_unchanged(case, tmp_path, session, make_doc, repo):
    doc = make_doc("Officials said the bridge is safe.")
    session.add_span(doc, "CLAIM", [(15, 33)])
    before = fingerprint(repo)
    from annotator.workflows.exchange import import_files

    summary = import_files(repo, [write_case(case, tmp_path / "bad")], annotator="ana")
    assert summary.refused and not summary.imported_anything
    assert fingerprint(repo) == before


def test_window_imports_the_good_files_beside_a_hostile_one(qtbot, tmp_path, monkeypatch):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.settings import Settings

    shown: list[str] = []
    monkeypatch.setattr("annotator.ui.files.QMessageBox.information", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr("annotator.ui.files.QMessageBox.warning", lambda parent, title, text: shown.append(text))
    repo = open_project(tmp_path / "w.annotator")
    win = MainWindow(repo, annotator="tester", settings=Settings())
    qtbot.addWidget(win)
    good = good_stories(tmp_path / "good", 5)
    bad = [write_case(c, tmp_path / "bad") for c in CASES if c.name in ("deep.json", "surrogate.json")]
    win.import_paths([good[0], good[1], *bad, *good[2:]])
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    report = "\n".join(shown)
    assert "Unexpected" not in report and "Traceback" not in report
    assert "deep.json" in report and "surrogate.json" in report
    qtbot.waitUntil(lambda: len(win.story_model.rows) == 5, timeout=5_000)


def test_limits_checks_name_what_is_wrong():
    assert text_problem("fine") is None
    assert "NUL" in text_problem("a\x00b")
    assert "surrogate" in text_problem("a\udc00b")
    assert "limit" in text_problem("x" * 50, limit=10)
    deep: object = 1
    for _ in range(MAX_JSON_DEPTH + 1):
        deep = [deep]
    assert "deep" in json_problem(deep, "meta")
    assert json_problem({"a": [1, 2, {"b": "c"}]}, "meta") is None
    assert "digits" in json_problem(10**150, "meta")
    for hostile, phrase in (("[" * 50_000, "deep"), ("1" * 5000, "digits"), ("NaN", "not a JSON number")):
        with pytest.raises(LimitError, match=phrase):
            loads(hostile, "the JSON")
