"""The dependency rules of DESIGN §1 (import-linter) and the house style (ruff), checked on every run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


def test_code_is_linted_and_formatted():
    """ruff's checks and format (settings in pyproject.toml) hold for every file."""
    ruff = Path(sys.executable).with_name("ruff")
    folders = ["annotator", "tests", "bench", "scripts"]
    check = subprocess.run([str(ruff), "check", *folders], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    fmt = subprocess.run(
        [str(ruff), "format", "--check", *folders], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_core_imports_without_third_party_packages():
    """core must run with nothing but the standard library (napari-style check)."""
    code = (
        "import sys, importlib, pkgutil\n"
        "import annotator.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'annotator.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in "
        "{'PySide6','sqlite3','sqlite_utils','platformdirs','charset_normalizer','defusedxml'})\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_work_at_import_time():
    code = (
        "import sys, annotator, annotator.paths, annotator.cli, annotator.store\n"
        "assert 'PySide6.QtWidgets' not in sys.modules, 'Qt imported at import time'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
