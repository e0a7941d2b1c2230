"""Start-up stays light: no command or window start imports what it does not use.

Each check runs in a fresh interpreter (the test process itself has pandas and Qt loaded)
and lists which heavy modules were imported by the time the work was done. pandas and
numpy are installed in the test environment, as on most NLP machines, so an import of
sqlite-utils (which imports both when it can) on the start-up path fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "numpy", "pyarrow", "spacy", "thinc", "sklearn", "scipy", "datasets", "sqlite_utils")

pytestmark = pytest.mark.slow

_REPORT = """
import json, sys
HEAVY = {heavy!r}
def report():
    print("LOADED=" + json.dumps(sorted(m for m in HEAVY if m in sys.modules)), flush=True)
"""


def _run(body: str, env_extra: dict[str, str] | None = None) -> list[str]:
    script = _REPORT.format(heavy=HEAVY) + body
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env_extra or {}))
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("LOADED=")]
    assert lines, f"no report (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return json.loads(lines[-1].removeprefix("LOADED="))


def _cli(*argv: str) -> list[str]:
    return _run(
        f"from annotator.cli import main\ntry:\n    main({list(argv)!r})\nexcept SystemExit:\n    pass\nreport()\n"
    )


@pytest.fixture
def small_project(tmp_path):
    from annotator.store import open_project

    path = tmp_path / "small.annotator"
    open_project(path).close()  # created (and migrated) here, so the children only open it
    story = tmp_path / "story.txt"
    story.write_text('The mayor said "we will open the bridge" on Monday.\n', encoding="utf-8")
    return path, story


def test_version_imports_nothing_heavy():
    assert _cli("--version") == []


def test_help_imports_nothing_heavy():
    assert _cli("--help") == []


def test_stats_imports_nothing_heavy(small_project):
    path, _ = small_project
    assert _cli("stats", "--project", str(path)) == []


def test_importing_a_story_imports_nothing_heavy(small_project):
    path, story = small_project
    assert _cli("import", "--project", str(path), str(story)) == []


def test_opening_the_window_imports_nothing_heavy(small_project, tmp_path):
    path, _ = small_project
    loaded = _run(
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from pathlib import Path\n"
        "from annotator.ui.app import open_window\n"
        f"window = open_window(Path({str(path)!r}), [], annotator='tester')\n"
        "window.show()\n"
        "app.processEvents()\n"
        "report()\n"
        "window.close()\n",
        {"ANNOTATOR_HOME": str(tmp_path / "home")},
    )
    assert loaded == []


def test_command_list_matches_each_command_s_own_help():
    """The help lines `--help` shows without importing the commands are the commands' own."""
    from annotator.cli import SUBCOMMANDS, build_parser

    parser = build_parser([], full=True)
    [sub] = [a for a in parser._actions if a.dest == "command"]
    own = {choice.dest: choice.help for choice in sub._choices_actions}
    assert {name: help_line for name, _module, help_line in SUBCOMMANDS} == own
