"""Issue 17, items 6-8: unpack folders left by killed imports go away, no display is
said in one line (not Qt's abort), and installing prints no licence deprecation."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from annotator.workflows.archives import remove_stale_unpacked

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).with_name("annotator-cli")


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(TMPDIR=str(tmp), **extra)
    return env


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_only_folders_whose_process_is_gone_are_removed(tmp_path):
    dead = tmp_path / f"annotator-unpacked-{_dead_pid()}-x1"
    mine = tmp_path / f"annotator-unpacked-{os.getpid()}-x2"
    old_style = tmp_path / "annotator-unpacked-abc123"
    new_old_style = tmp_path / "annotator-unpacked-def456"
    other = tmp_path / "someone-else-99999999-x"
    for folder in (dead, mine, old_style, new_old_style, other):
        folder.mkdir()
        (folder / "a.txt").write_text("story")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old_style, (two_days_ago, two_days_ago))
    assert sorted(remove_stale_unpacked(tmp_path)) == sorted([dead, old_style])
    assert mine.exists() and new_old_style.exists() and other.exists()


@pytest.mark.slow
def test_a_killed_import_leaves_a_folder_the_next_import_removes(tmp_path):
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(4000):
            zf.writestr(f"s/{i:05d}.txt", f"Story {i}: the council voted, a spokesman said on day {i}.\n")
    temp = tmp_path / "tmp"
    temp.mkdir()
    project = tmp_path / "p.annotator"
    env = _env(temp)
    child = subprocess.Popen(
        [str(CLI), "import", "--project", str(project), str(archive)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while not list(temp.glob("annotator-unpacked-*")) and time.time() < deadline and child.poll() is None:
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    left = list(temp.glob("annotator-unpacked-*"))
    assert left and str(child.pid) in left[0].name
    small = tmp_path / "small.zip"
    with zipfile.ZipFile(small, "w") as zf:
        zf.writestr("a.txt", "A short story, the mayor said.\n")
    done = subprocess.run(
        [str(CLI), "import", "--project", str(tmp_path / "q.annotator"), str(small)], env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert not list(temp.glob("annotator-unpacked-*"))


@pytest.mark.slow
@pytest.mark.parametrize("display", [None, ":97"])
def test_no_display_is_said_in_one_line(tmp_path, display):
    env = _env(tmp_path, **({"DISPLAY": display} if display else {}))
    done = subprocess.run([sys.executable, "-m", "annotator"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: could not connect to a display: "), done.stderr
    assert "xcb-cursor0" not in done.stderr


BUNDLE = ROOT / "dist" / "annotator"


@pytest.mark.slow
@pytest.mark.skipif(not (BUNDLE / "annotator").exists(), reason="bundle not built (scripts/build_package.sh)")
def test_the_packaged_app_without_a_display_says_so(tmp_path):
    done = subprocess.run([str(BUNDLE / "annotator")], env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "could not connect to a display" in done.stderr


@pytest.mark.slow
def test_installing_prints_no_licence_deprecation():
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--dry-run", "--ignore-installed", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Would install annotator" in done.stdout
    assert "project.license" not in done.stdout + done.stderr
