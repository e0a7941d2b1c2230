"""Start-up time: launch to a visible main window, frozen bundle vs `python -m annotator`.

Both run in the same session, alternating, offscreen, each in a fresh ANNOTATOR_HOME
with a default project created by a first (unmeasured) launch. The app prints
ANNOTATOR_WINDOW_SHOWN once the window is shown when ANNOTATOR_STARTUP_PROBE is set;
we time Popen -> that line and kill the process.

    .venv/bin/python bench/bench_startup.py [--runs 7] [--bundle dist/annotator/annotator]
Targets (issue 5): frozen <= 1.2 x source, and under 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = b"ANNOTATOR_WINDOW_SHOWN"


def launch(cmd: list[str], env: dict[str, str], timeout: float = 60.0) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        assert proc.stdout is not None
        while True:
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError(f"{cmd[0]} exited with {proc.wait()} before showing its window")
            if MARKER in line:
                return time.perf_counter() - start
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"{cmd[0]}: no window after {timeout} s")
    finally:
        proc.kill()
        proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--bundle", type=Path, default=ROOT / "dist" / "annotator" / "annotator")
    args = ap.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANNOTATOR_STARTUP_PROBE="1")
    home = tempfile.mkdtemp(prefix="annotator-bench-")
    env["ANNOTATOR_HOME"] = home
    commands = {"source": [sys.executable, "-m", "annotator"]}
    if args.bundle.exists():
        commands["frozen"] = [str(args.bundle)]
    else:
        print(f"no bundle at {args.bundle}: build it with scripts/build_package.sh; timing source only")
    for cmd in commands.values():  # warm the disk cache and create the default project
        launch(cmd, env)
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(launch(cmd, env))
    med = {k: statistics.median(v) for k, v in times.items()}
    for name, values in times.items():
        print(f"{name:7} median {med[name]:.3f} s  (min {min(values):.3f}, max {max(values):.3f}, n={len(values)})")
    if "frozen" in med:
        ratio = med["frozen"] / med["source"]
        ok = ratio <= 1.2 and med["frozen"] < 1.5
        print(f"frozen / source = {ratio:.2f}  -> {'within' if ok else 'OUTSIDE'} target (<= 1.2 and < 1.5 s)")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
