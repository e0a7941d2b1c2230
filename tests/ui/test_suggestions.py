"""Suggestions in the window: dashed, one key accepts or rejects, accept all."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_suggestions_shown_without_storing(window):
    window.suggest_story()
    assert window.suggestions, "the story has quotes to suggest"
    assert window.repo.spans("s1") == []
    assert len(window.view.extraSelections()) >= len(window.suggestions)


def test_keys_accept_and_reject_then_move_on(window, qtbot):
    window.suggest_story()
    first, second = window.suggestions[0], window.suggestions[1]
    window.view.select_cp(*first.fragments[0])
    qtbot.keyClick(window.view, Qt.Key.Key_Y)
    stored = window.repo.spans("s1")
    assert [(s.label, s.fragments, s.origin) for s in stored] == [(first.label, first.fragments, "suggested")]
    assert first not in window.suggestions
    assert window.view.selected_cp() == second.fragments[0]  # moved to the next one
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    assert second not in window.suggestions and len(window.repo.spans("s1")) == 1
    window.session.undo()
    assert window.repo.spans("s1") == []


def test_accept_all_links_and_is_one_undo_step(window):
    window.suggest_story()
    n = len(window.suggestions)
    window.accept_all_suggestions()
    spans = window.repo.spans("s1")
    assert len(spans) == n and all(s.origin == "suggested" for s in spans)
    by_id = {s.id: s for s in spans}
    rels = window.repo.relations("s1")
    assert any(by_id[r.source].attributes.get("source") == "Dana Whitfield" for r in rels)
    assert window.suggestions == [] and window.view.extraSelections() == []
    window.suggest_story()
    assert window.suggestions == []  # nothing left that is not already tagged
    window.session.undo()
    assert window.repo.spans("s1") == []


def test_changing_story_drops_suggestions(window):
    window.suggest_story()
    window.set_story("s2")
    assert window.suggestions == [] and window.view.extraSelections() == []
