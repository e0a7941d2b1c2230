"""The learned recommender in the window: train in the background, suggest with the
model beside the rules (dashed, Y accepts with origin "learned"), retrain after N
accepted suggestions, uncertain stories first, another schema's model refused."""

from __future__ import annotations

import pytest
from learn.toy import story, toy_project

from annotator.core.model import Document
from annotator.core.text import text_hash
from annotator.store import open_project


@pytest.fixture
def team_window(qtbot, tmp_path):
    import random

    from annotator.ui.main_window import MainWindow
    from annotator.ui.settings import Settings

    path = toy_project(tmp_path / "team.annotator")
    with open_project(path) as repo:
        text, _ = story(random.Random(42))
        repo.add_documents([Document("fresh", "Fresh story", text, text_hash(text))])
    repo = open_project(path)
    win = MainWindow(repo, annotator="tester", settings=Settings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _train(win, qtbot) -> None:
    win.train_model("alice")
    qtbot.waitUntil(lambda: not win._learning()["training"], timeout=60_000)
    assert win.learned_model is not None, win.statusBar().currentMessage()


def test_train_in_background_then_suggest_and_accept(team_window, qtbot):
    win = team_window
    _train(win, qtbot)
    assert (win.repo.path.parent / "team.annotator.models" / "alice.annotator-model").is_file()
    win.set_story("fresh")
    win.suggest_story()
    hedges = [s for s in win.suggestions if s.label == "HEDGE"]
    assert hedges and all(s.origin == "learned" and 0 < s.confidence <= 1 for s in hedges)
    assert len(win.view.extraSelections()) >= len(win.suggestions)  # drawn dashed like the rules'
    keys = [(s.label, s.fragments) for s in win.suggestions]
    assert len(keys) == len(set(keys))  # a span both suggesters propose appears once
    win.view.select_cp(*hedges[0].fragments[0])
    win.accept_suggestion()  # what Y does (the key itself: test_suggestions.py)
    (stored,) = [s for s in win.repo.spans("fresh") if s.annotator == "tester"]
    assert (stored.label, stored.origin) == ("HEDGE", "learned") and "learned by model alice" in stored.note


def test_retrains_after_n_accepted_and_orders_uncertain_first(team_window, qtbot):
    win = team_window
    _train(win, qtbot)
    first = win.learned_model
    win.set_retrain_every(2)
    win.set_story("fresh")
    win.suggest_story()
    win.accept_all_suggestions()
    qtbot.waitUntil(lambda: win.learned_model is not first and not win._learning()["training"], timeout=60_000)
    odd = "Zyx qwv plorn. Frab glim, snorp vex trell; drax plim."
    win.repo.add_documents([Document("odd", "Odd one", odd, text_hash(odd))])
    win.reload_project()
    win.uncertain_first()
    qtbot.waitUntil(lambda: win.story_model.rows[0].id == "odd", timeout=60_000)
    assert win.current_doc_id == "odd"


def test_model_for_another_schema_is_refused(team_window, qtbot, tmp_path):
    win = team_window
    _train(win, qtbot)
    model_path = win._learning()["path"]
    news = tmp_path / "news.annotator"
    open_project(news).close()
    win.switch_project(news)
    win._learning()["model"] = None
    assert not win.use_model(model_path)
    assert "has no HEDGE" in win.statusBar().currentMessage() and win.learned_model is None
