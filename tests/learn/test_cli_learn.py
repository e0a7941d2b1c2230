"""`annotator-cli learn` and `suggest --model`: train, store learned spans once, refuse clearly."""

from __future__ import annotations

import random

import pytest

from annotator.cli import main
from annotator.core.model import Document
from annotator.core.text import text_hash
from annotator.store import open_project

from .toy import story, toy_project, toy_schema


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-learn")
    project = toy_project(folder / "team.annotator")
    model = folder / "hedges.annotator-model"
    assert main(["learn", "--project", str(project), "--annotator", "alice", "--output", str(model)]) == 0
    return project, model


def test_learn_reports_size_and_held_out_scores(trained, capsys, tmp_path):
    project, _model = trained
    out_model = tmp_path / "again.annotator-model"
    assert main(["learn", "--project", str(project), "--annotator", "alice", "--output", str(out_model)]) == 0
    printed = capsys.readouterr().out
    assert "from 13 stories by alice" in printed and "HEDGE" in printed
    assert "held-out scores on 1 stories" in printed and out_model.is_file()


def test_suggest_with_model_stores_learned_spans_once(trained, capsys, tmp_path):
    _project, model = trained
    fresh = tmp_path / "fresh.annotator"
    rng = random.Random(99)
    truth = set()
    with open_project(fresh) as repo:
        repo.set_schema(toy_schema())
        for n in range(3):  # new stories nobody has tagged yet
            text, spans = story(rng)
            repo.add_documents([Document(f"new-{n}", f"New {n}", text, text_hash(text))])
            truth |= {(f"new-{n}", label, ((s, e),)) for label, s, e in spans}
    args = ["suggest", "--project", str(fresh), "--model", str(model), "--annotator", "bot"]
    assert main(args) == 0
    assert "HEDGE" in capsys.readouterr().out
    assert main([*args, "--accept"]) == 0
    assert "new spans" in capsys.readouterr().out
    with open_project(fresh) as repo:
        learned = [s for d in repo.document_ids() for s in repo.spans(d) if s.annotator == "bot"]
        links = [r for d in repo.document_ids() for r in repo.relations(d) if r.annotator == "bot"]
    assert learned and all(s.origin == "learned" and "learned by model hedges" in s.note for s in learned)
    hedges = {(s.doc_id, s.label, s.fragments) for s in learned if s.label == "HEDGE"}
    assert hedges and hedges <= truth  # each HEDGE it stored is one the generator put there
    assert links and all(r.type == "says" for r in links)
    assert main([*args, "--accept"]) == 0
    assert "0 new spans and 0 new links" in capsys.readouterr().out


def test_refuses_model_for_another_schema(trained, capsys, tmp_path):
    _project, model = trained
    news = tmp_path / "news.annotator"
    open_project(news).close()
    assert main(["suggest", "--project", str(news), "--model", str(model)]) == 2
    err = capsys.readouterr().err
    assert "trained for schema 'team-hedges'" in err and "has no HEDGE" in err and "Traceback" not in err


def test_too_little_data_and_unknown_annotator(capsys, tmp_path):
    small = toy_project(tmp_path / "small.annotator", stories=1)
    out = tmp_path / "m.annotator-model"
    assert main(["learn", "--project", str(small), "--annotator", "alice", "--output", str(out)]) == 2
    assert "too little data to learn from" in capsys.readouterr().err
    assert main(["learn", "--project", str(small), "--annotator", "zed", "--output", str(out)]) == 2
    assert "no annotations by 'zed'" in capsys.readouterr().err
    assert not out.exists()


def test_not_a_model_file(capsys, tmp_path):
    fake = tmp_path / "fake.annotator-model"
    fake.write_text("hello", encoding="utf-8")
    project = toy_project(tmp_path / "p.annotator", stories=2)
    assert main(["suggest", "--project", str(project), "--model", str(fake)]) == 2
    assert "not an annotator model" in capsys.readouterr().err
