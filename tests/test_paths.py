"""Where annotator keeps its files: overrides, portable mode, and bad environments."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fresh():
    paths._reset_for_tests()
    yield
    paths._reset_for_tests()


def test_annotator_home_holds_everything(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_HOME", str(tmp_path / "home"))
    assert paths.data_dir() == tmp_path / "home" / "data"
    assert paths.config_dir() == tmp_path / "home" / "config"
    assert paths.cache_dir().is_dir()
    assert paths.default_project_path().parent == tmp_path / "home" / "data"
    assert paths.describe()["mode"] == "ANNOTATOR_HOME"
    assert paths.notices() == []


def test_xdg_folders_are_used_without_override(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATOR_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    assert paths.data_dir() == tmp_path / "xdg-data" / "annotator"


def test_unwritable_home_falls_back_to_temp_with_a_notice(tmp_path, monkeypatch, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        monkeypatch.setenv("ANNOTATOR_HOME", str(locked / "sub"))
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        got = paths.data_dir()
    finally:
        locked.chmod(0o700)
    assert got.is_dir() and os.access(got, os.W_OK)
    assert str(got).startswith(str(paths._temp_root()))
    (notice,) = paths.notices()
    assert str(locked / "sub" / "data") in notice and "ANNOTATOR_HOME" in notice
    assert notice in capsys.readouterr().err


def test_portable_marker_beside_frozen_executable(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATOR_HOME", raising=False)
    exe = tmp_path / "annotator"
    exe.write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.home_override() is None
    (tmp_path / "portable").write_text("")
    assert paths.data_dir() == tmp_path / "annotator-data" / "data"
    (tmp_path / "portable").write_text("my-work\n")
    assert paths.home_override() == tmp_path / "my-work"
    assert paths.describe()["mode"] == "portable"


def _cli(args, env):
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_cli_without_home_or_xdg_says_so_and_works(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") and k != "ANNOTATOR_HOME"}
    # A home that is a file cannot hold folders, even for root (who can write anywhere else).
    home = tmp_path / "not-a-folder"
    home.write_text("")
    env.update(HOME=str(home), TMPDIR=str(tmp_path), PYTHONPATH=str(ROOT))
    result = _cli(["stats"], env)
    assert "Traceback" not in result.stderr
    assert str(home) in result.stderr and "ANNOTATOR_HOME" in result.stderr
    assert result.returncode in (0, 2)
    result = _cli(["selftest"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "selftest passed" in result.stdout
