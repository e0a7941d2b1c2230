"""One annotator name for the window and the CLI (issue 12)."""

from __future__ import annotations

import argparse

from annotator.cli.common import annotator_name
from annotator.workflows.identity import name_file, resolve_name, save_name, saved_name


def test_precedence_flag_env_file_project_login(monkeypatch, repo):
    monkeypatch.delenv("ANNOTATOR_NAME", raising=False)
    repo.set_meta("annotator", "from-project")
    assert resolve_name(None, repo.get_meta("annotator")) == "from-project"
    save_name("  Ada Lovelace \n")
    assert saved_name() == "Ada Lovelace" and name_file().read_text(encoding="utf-8") == "Ada Lovelace\n"
    assert resolve_name(None, "from-project") == "Ada Lovelace"
    monkeypatch.setenv("ANNOTATOR_NAME", "Env Name")
    assert resolve_name(None, "from-project") == "Env Name"
    assert resolve_name("Flag", "from-project") == "Flag"


def test_the_cli_reads_the_name_set_in_the_window(monkeypatch, repo):
    monkeypatch.delenv("ANNOTATOR_NAME", raising=False)
    save_name("Grace")
    assert annotator_name(argparse.Namespace(annotator=None), repo) == "Grace"
    assert annotator_name(argparse.Namespace(annotator="Kim"), repo) == "Kim"
    monkeypatch.setenv("ANNOTATOR_NAME", "Env")
    assert annotator_name(argparse.Namespace(annotator=None), repo) == "Env"


def test_an_empty_name_is_refused_and_an_unreadable_file_is_no_name(monkeypatch):
    import pytest

    with pytest.raises(ValueError):
        save_name("   ")
    name_file().write_bytes(b"\xff\xfe\x00bad")
    assert saved_name() == ""
