"""The learned recommender on a toy team project: it learns a label no rule knows,
links, round-trips through its file, refuses another schema and too little data."""

from __future__ import annotations

import zipfile

import pytest

from annotator.core.model import Document
from annotator.core.schema import news_schema
from annotator.core.suggest.suggester import Suggestion, suggest
from annotator.core.text import text_hash
from annotator.learn import LearnError, ModelFileError, load_model, save_model
from annotator.store import open_project
from annotator.workflows.learning import combined, learn_model, open_model, training_stories, uncertain_first

from .toy import toy_project

NEW_STORY = (
    "Grace Mensah said the harbour could reopen in March. The stadium reportedly will close soon.\n\n"
    "Ken Ito warned the library may move before the vote. The council met on Tuesday evening."
)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("toy")
    project = toy_project(folder / "toy.annotator")
    model_path = folder / "hedges.annotator-model"
    with open_project(project) as repo:
        model = learn_model(repo, "alice", model_path)
    return project, model_path, model


def _at(text: str, sugs: list[Suggestion], label: str) -> set[str]:
    return {text[s.fragments[0][0] : s.fragments[-1][1]] for s in sugs if s.label == label}


def test_learns_a_label_no_rule_knows(trained):
    _project, _path, model = trained
    assert not any(s.label == "HEDGE" for s in suggest(NEW_STORY))
    sugs = model.suggest(NEW_STORY)
    assert _at(NEW_STORY, sugs, "HEDGE") == {"could", "reportedly", "may"}
    assert {"Grace Mensah", "Ken Ito"} <= _at(NEW_STORY, sugs, "SOURCE")
    assert all(s.origin == "learned" and "hedges" in s.note and 0 < s.confidence <= 1 for s in sugs)


def test_learns_links_with_their_type(trained):
    _project, _path, model = trained
    sugs = model.suggest(NEW_STORY)
    by_id = {s.id: s for s in sugs}
    linked = {
        (NEW_STORY[s.fragments[0][0] : s.fragments[0][1]], NEW_STORY[slice(*by_id[t].fragments[0])], kind)
        for s in sugs
        for t, kind in zip(s.links, s.link_types, strict=True)
    }
    assert ("Grace Mensah", "said", "says") in linked and ("Ken Ito", "warned", "says") in linked


def test_model_file_round_trip(trained, tmp_path):
    _project, path, model = trained
    again = load_model(path)
    assert again.info == model.info and again.layers == model.layers
    assert [(s.label, s.fragments, s.links) for s in again.suggest(NEW_STORY)] == [
        (s.label, s.fragments, s.links) for s in model.suggest(NEW_STORY)
    ]
    info = again.info
    assert info["schema"]["name"] == "team-hedges" and set(info["schema"]["labels"]) == {"HEDGE", "SOURCE", "CUE"}
    assert info["training"]["stories"] + info["training"]["held_out_stories"] == 14
    assert info["training"]["annotator"] == "alice" and info["training"]["spans"]["HEDGE"] > 5
    assert "HEDGE" in info["scores"]["labels"]  # held-out scores travel in the file
    with zipfile.ZipFile(path) as zf:  # JSON and CRFsuite's own format: nothing to unpickle
        names = zf.namelist()
    assert "model.json" in names and all(n == "model.json" or n.endswith(".crfsuite") for n in names)
    copy = save_model(again, tmp_path / "copy.annotator-model")
    assert load_model(copy).info == info


def test_refuses_a_model_for_another_schema(trained, tmp_path):
    _project, path, _model = trained
    with open_project(tmp_path / "news.annotator") as repo:
        assert repo.schema() == news_schema()
        with pytest.raises(LearnError) as err:
            open_model(path, repo)
    message = str(err.value)
    assert "team-hedges" in message and "HEDGE" in message and "has no" in message


def test_too_little_data_says_so(tmp_path):
    project = toy_project(tmp_path / "small.annotator", stories=1)
    with open_project(project) as repo:
        with pytest.raises(LearnError, match="too little data"):
            learn_model(repo, "alice", tmp_path / "m.annotator-model")
        with pytest.raises(LearnError, match="no annotations by 'bob'"):
            learn_model(repo, "bob", tmp_path / "m.annotator-model")
    assert not (tmp_path / "m.annotator-model").exists()


def test_bad_model_files_are_refused(tmp_path):
    not_zip = tmp_path / "a.annotator-model"
    not_zip.write_bytes(b"\x80\x04K\x01.")  # a pickle
    with pytest.raises(ModelFileError, match="not a zip"):
        load_model(not_zip)
    empty = tmp_path / "b.annotator-model"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("weights.pkl", b"\x80\x04K\x01.")
    with pytest.raises(ModelFileError, match="no model.json"):
        load_model(empty)


def test_tampered_layer_is_refused(trained, tmp_path):
    _project, path, _model = trained
    bad = tmp_path / "bad.annotator-model"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, b"\x80\x04K\x01." if name.endswith(".crfsuite") else src.read(name))
    with pytest.raises(ModelFileError, match="not a CRFsuite model"):
        load_model(bad)


def test_both_suggesters_propose_a_span_once():
    rule = Suggestion("s1", "QUOTE", ((0, 10),), {"type": "direct"}, 0.9)
    same = Suggestion("m1", "QUOTE", ((0, 10),), {}, 0.7, origin="learned")
    other = Suggestion("m2", "QUOTE", ((20, 30),), {}, 0.6, origin="learned")
    merged = combined([same, other], [rule])
    assert [(s.id, s.fragments) for s in merged] == [("s1", ((0, 10),)), ("m2", ((20, 30),))]


def test_uncertain_stories_come_first(trained, tmp_path):
    project, _path, model = trained
    odd = "Zyx qwv plorn. Frab glim, snorp vex trell, quib; drax plim."
    with open_project(project) as repo:
        repo.add_documents([Document("odd", "Odd", odd, text_hash(odd))])
        order = uncertain_first(repo, model, ["toy-00", "odd", "toy-01"])
        assert order[0][0] == "odd" and order[0][1] > order[-1][1]
        assert len(training_stories(repo, "alice")) == 15
