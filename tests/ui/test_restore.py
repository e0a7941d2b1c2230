"""File > Restore a backup… brings back an earlier state, and keeps the current one."""

from __future__ import annotations

from annotator.store.backups import list_backups, make_backup

from .conftest import find


def test_restore_from_the_window(window, monkeypatch):
    text = window.doc.text
    window.session.add_span(window.doc, "CLAIM", [find(text, "engineers said")])
    make_backup(window.repo, "manual")
    window.session.add_span(window.doc, "QUOTE", [find(text, "real money")])
    assert len(window.repo.spans("s1")) == 2
    backups = list_backups(window.repo.path)
    monkeypatch.setattr("annotator.ui.files.QInputDialog.getItem", lambda *a, **k: (backups[0].label, True))
    window.restore_backup_dialog()
    window.set_story("s1")
    assert [s.label for s in window.repo.spans("s1")] == ["CLAIM"]
    assert len(window.view.index) == 1
    # the state before the restore is itself a backup
    assert any(b.reason in ("manual", "restore") for b in list_backups(window.repo.path)[:2])


def test_an_unusable_backup_is_listed_but_not_restored(window, monkeypatch):
    window.session.add_span(window.doc, "CLAIM", [find(window.doc.text, "engineers said")])
    make_backup(window.repo, "manual")
    empty = window.repo.path.with_name(window.repo.path.name + ".backups") / "29990101-000000-import.annotator"
    empty.write_bytes(b"")
    [listed] = [b for b in list_backups(window.repo.path) if b.path == empty]
    warnings: list[str] = []
    monkeypatch.setattr("annotator.ui.files.QInputDialog.getItem", lambda *a, **k: (listed.label, True))
    monkeypatch.setattr("annotator.ui.files.QMessageBox.warning", lambda parent, title, text: warnings.append(text))
    window.restore_backup_dialog()
    assert warnings and "empty" in warnings[0]
    assert [s.label for s in window.repo.spans("s1")] == ["CLAIM"]
