from __future__ import annotations

import sqlite3

import pytest

from annotator.store import ProjectError, open_project
from annotator.store.backups import daily_backup, list_backups, make_backup, restore_backup
from annotator.store.migrations import LATEST, MIGRATIONS


def test_older_project_upgrades_after_a_backup(tmp_path):
    path = tmp_path / "old.annotator"
    con = sqlite3.connect(path)
    import sqlite_utils

    db = sqlite_utils.Database(con)
    MIGRATIONS[0][2](db)  # a project as version 1 made it
    con.execute("PRAGMA user_version = 1")
    con.execute("INSERT INTO meta VALUES ('marker', 'v1 data')")
    con.commit()
    con.close()
    repo = open_project(path)
    try:
        assert repo.db.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert repo.get_meta("marker") == "v1 data"
    finally:
        repo.close()
    [backup] = list_backups(path)
    assert backup.reason == "v1"
    old = sqlite3.connect(backup.path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    old.close()


def test_rotation_daily_and_restore(tmp_path, session, make_doc, repo):
    doc = make_doc("Officials said the bridge is safe.")
    session.add_span(doc, "CLAIM", [(15, 33)])
    for _ in range(7):
        make_backup(repo, "import")
    assert len([b for b in list_backups(repo.path) if b.reason == "import"]) == 5
    assert daily_backup(repo) is not None
    assert daily_backup(repo) is None  # once a day
    snapshot = make_backup(repo, "manual")
    session.delete_spans(repo.spans(doc.id))
    path = repo.path
    repo.close()
    safety = restore_backup(path, snapshot)
    again = open_project(path)
    try:
        assert len(again.spans(doc.id)) == 1
    finally:
        again.close()
    before = sqlite3.connect(safety)
    assert before.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
    before.close()


def test_restore_refuses_a_non_backup(tmp_path, repo):
    bogus = tmp_path / "bogus.annotator"
    bogus.write_text("nope")
    with pytest.raises(ProjectError):
        restore_backup(repo.path, bogus)


def test_cli_backup_create_list_restore(tmp_path, capsys):
    from annotator.cli import main

    project = tmp_path / "p.annotator"
    open_project(project).close()
    assert main(["backup", "--project", str(project), "create"]) == 0
    assert main(["backup", "--project", str(project), "list"]) == 0
    listing = capsys.readouterr().out
    backup = listing.strip().splitlines()[-1].split()[-1]
    assert main(["backup", "--project", str(project), "restore", backup]) == 0
    assert "restored" in capsys.readouterr().out
    assert main(["backup", "--project", str(project), "restore"]) == 2
