"""The packaged app: spec, desktop entry, icons, and (when built) the frozen bundle itself."""

from __future__ import annotations

import ast
import configparser
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from annotator import __version__

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "annotator"
SPEC = (ROOT / "build.spec").read_text(encoding="utf-8")


def test_spec_is_python_and_takes_version_from_package():
    ast.parse(SPEC)
    assert "from annotator import __version__" in SPEC


def test_spec_lists_resources_explicitly_and_excludes_optional_stacks():
    for folder in ('"icons"', '"stories"'):
        assert folder in SPEC
    assert "collect_data_files(" not in SPEC
    for name in ("spacy", "pandas", "datasets", "sklearn", "PySide6.QtQml", "PySide6.QtWebEngineCore"):
        assert f'"{name}"' in SPEC
    assert 'name="annotator"' in SPEC and 'name="annotator-cli"' in SPEC
    assert "console=False" in SPEC and "console=True" in SPEC
    assert "BUNDLE(" in SPEC and "annotator.ico" in SPEC


def test_desktop_entry_is_valid():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "resources" / "annotator.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Exec"].startswith("annotator")
    assert entry["Icon"] == "annotator" and entry["Categories"].endswith(";")


def test_icons_exist_in_every_size():
    icons = ROOT / "resources" / "icons"
    for size in (16, 32, 48, 256):
        data = (icons / f"annotator-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == size
    ico = (icons / "annotator.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and int.from_bytes(ico[4:6], "little") >= 5


def test_build_script_is_one_executable_command():
    script = ROOT / "scripts" / "build_package.sh"
    assert script.stat().st_mode & stat.S_IXUSR
    text = script.read_text()
    assert "linux-x86_64.tar.gz" in text and "annotator.desktop" in text and "INSTALL" in text


frozen = pytest.mark.skipif(
    not (BUNDLE / "annotator-cli").exists(), reason="bundle not built (scripts/build_package.sh)"
)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(QT_QPA_PLATFORM="offscreen", **extra)
    return env


@frozen
@pytest.mark.slow
def test_frozen_bundle_reports_version_and_is_lean():
    out = subprocess.run([str(BUNDLE / "annotator-cli"), "--version"], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == f"annotator {__version__}"
    internal = BUNDLE / "_internal"
    for mod in ("spacy", "pandas", "datasets", "sklearn"):
        assert not (internal / mod).exists()
    size = sum(p.lstat().st_size for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < 200 * 1024 * 1024


@frozen
@pytest.mark.slow
def test_frozen_app_in_bad_environments(tmp_path):
    """Read-only bundle folder, no home, no XDG, no fonts: clear messages, no crash."""
    copy = tmp_path / "ro-bundle"
    shutil.copytree(BUNDLE, copy, symlinks=True)
    for p in [copy, *copy.rglob("*")]:
        if not p.is_symlink():
            p.chmod(p.stat().st_mode & ~0o222)
    home = tmp_path / "home-is-a-file"
    home.write_text("")
    fonts = tmp_path / "no-fonts"
    fonts.mkdir()
    env = _env(HOME=str(home), TMPDIR=str(tmp_path), QT_QPA_FONTDIR=str(fonts))
    env.pop("ANNOTATOR_HOME", None)
    try:
        st = subprocess.run([str(copy / "annotator-cli"), "stats"], env=env, capture_output=True, text=True, timeout=60)
        assert "Traceback" not in st.stderr and "ANNOTATOR_HOME" in st.stderr
        assert st.returncode in (0, 2)
        selftest = subprocess.run(
            [str(copy / "annotator-cli"), "selftest"], env=env, capture_output=True, text=True, timeout=120
        )
        assert selftest.returncode == 0, selftest.stdout + selftest.stderr
        smoke = subprocess.run(
            [str(copy / "annotator"), "--smoke"], env=env, capture_output=True, text=True, timeout=120
        )
        assert smoke.returncode == 0, smoke.stdout + smoke.stderr
        assert "Traceback" not in smoke.stderr
        # Portable mode asked for on a read-only stick: falls back with a notice.
        os.chmod(copy, 0o755)
        (copy / "portable").write_text("")
        os.chmod(copy, 0o555)
        port = subprocess.run(
            [str(copy / "annotator-cli"), "selftest"], env=env, capture_output=True, text=True, timeout=120
        )
        assert port.returncode == 0, port.stdout + port.stderr
        if not os.access(copy, os.W_OK):  # root can write anyway
            assert "annotator-data" in port.stderr
    finally:
        for p in [copy, *copy.rglob("*")]:
            if not p.is_symlink():
                p.chmod(p.stat().st_mode | 0o200)
