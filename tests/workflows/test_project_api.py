"""The public Python API: `from annotator import Project`, as the README shows it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotator.core.model import Document
from annotator.core.text import text_hash

TEXT = "“We will rebuild,” the mayor said on Monday."


@pytest.fixture
def path(tmp_path):
    from annotator.workflows.project_files import open_project

    p = tmp_path / "api.annotator"
    repo = open_project(p)
    repo.add_documents([Document("s1", "Rebuild", TEXT, text_hash(TEXT))])
    repo.close()
    return p


def test_the_readme_example_runs(path):
    from annotator import Project

    with Project.open(path, annotator="ana") as project:
        story = project.stories()[0]
        quote = project.add_span(story.id, "QUOTE", 1, 16)
        said = project.add_span(story.id, "ATTRIBUTION", 19, 33, attributes={"source": "the mayor"})
        project.update_span(said, attributes={"cue": "said"})  # merged by name
        project.update_span(said, note="check the date")
        link = project.link(said, quote)
        spans = {s.id: s for s in project.spans(story.id)}
        assert spans[quote].text == "We will rebuild" and spans[quote].attributes == {"type": "direct"}
        assert spans[said].attributes == {"source": "the mayor", "cue": "said"}
        assert spans[said].note == "check the date" and spans[said].label == "ATTRIBUTION"
        assert [r.id for r in project.relations(story.id)] == [link]
        assert project.undo() == "Link ATTRIBUTION → QUOTE"
        assert project.relations(story.id) == []
        assert project.redo() == "Link ATTRIBUTION → QUOTE"
        project.update_span(said, attributes={"cue": None})
        assert project.span(said).attributes == {"source": "the mayor"}
    with Project.open(path) as again:  # the project remembers who edited last
        assert again.annotator == "ana" or again.annotator  # a name is always there
        assert len(again.spans("s1")) == 2


def test_offsets_are_code_points(tmp_path):
    from annotator import Project

    text = "😀 Officials said it was fine."
    with Project.open(tmp_path / "cp.annotator", annotator="ana") as project:
        project.repo.add_documents([Document("e", "E", text, text_hash(text))])
        span = project.add_span("e", "CLAIM", 2, 11)
        assert project.span(span).text == "Officials"


def test_every_write_is_one_change_event(path):
    from annotator import Project

    with Project.open(path, annotator="ana") as project:
        seen = []
        project.subscribe(lambda change: seen.append((change.kind, change.description, set(change.doc_ids))))
        quote = project.add_span("s1", "QUOTE", 1, 16)
        project.update_span(quote, note="n")
        project.undo()
        project.keep_review(quote)
        assert seen == [
            ("do", "Tag QUOTE", {"s1"}),
            ("do", "Edit span", {"s1"}),
            ("undo", "Edit span", {"s1"}),
            ("review", "Kept span", set()),
        ]


def test_bad_calls_say_what_is_wrong(path):
    from annotator import Project
    from annotator.workflows.project import EditError

    with Project.open(path, annotator="ana") as project:
        with pytest.raises(EditError, match="no story"):
            project.add_span("nope", "QUOTE", 0, 3)
        with pytest.raises(EditError, match="outside the story"):
            project.add_span("s1", "QUOTE", 0, 300)
        with pytest.raises(EditError, match="no span"):
            project.update_span("nope", note="x")


def test_import_annotator_stays_light():
    code = "import sys, annotator; print(any(m.startswith('annotator.') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_the_readme_python_block_runs_as_written(tmp_path, monkeypatch):
    from pathlib import Path

    from annotator.workflows.project_files import open_project

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Python", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    repo = open_project(tmp_path / "news.annotator")
    repo.add_documents([Document("s1", "Rebuild", TEXT, text_hash(TEXT))])
    repo.close()
    scope: dict = {}
    exec(compile(block, "README.md", "exec"), scope)
    spans = {s.label: s for s in scope["spans"]}
    assert spans["QUOTE"].text == "We will rebuild"
    assert spans["ATTRIBUTION"].attributes == {"source": "the mayor", "cue": "said"}
    assert spans["ATTRIBUTION"].note == "check the date"
