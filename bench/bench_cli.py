"""Command-line start-up: each command's wall time beside the floor, in one run.

    .venv/bin/python bench/bench_cli.py [--runs 15]

The floor is what any command on a project must pay: a fresh interpreter that opens the
project's SQLite file and reads one row. Commands are timed alternating with the floor
(median of ``--runs``), on a small project (the bundled sample stories), in the same
environment as the test suite, so pandas and numpy are installed beside us.
Target (issue 19): every command within 0.15 s wall.
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
PY = sys.executable
TARGET_S = 0.15


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def measure(runs: int) -> list[tuple[str, float, float]]:
    work = Path(tempfile.mkdtemp(prefix="annotator-bench-cli-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["ANNOTATOR_HOME"] = str(work / "home")
    project = work / "small.annotator"
    cli = [PY, "-m", "annotator.cli"]
    subprocess.run(
        [*cli, "import", "--project", str(project), str(ROOT / "resources" / "stories")],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    stories = []
    for i in range(runs + 2):  # one new story per timed import, so each run really stores one
        story = work / f"new-{i}.txt"
        story.write_text(f'Story {i}\n\nThe mayor said "we will" on day {i}, officials said.\n', encoding="utf-8")
        stories.append(story)
    floor = [
        PY,
        "-c",
        f"import sqlite3; sqlite3.connect({str(project)!r}).execute('SELECT id FROM documents').fetchone()",
    ]
    commands = {
        "--version": [*cli, "--version"],
        "--help": [*cli, "--help"],
        "stats": [*cli, "stats", "--project", str(project)],
        "import one story": None,
        "formats": [*cli, "formats"],
    }
    results = []
    for label, cmd in commands.items():
        ours, low = [], []
        for i in range(runs + 1):
            argv = cmd or [*cli, "import", "--project", str(project), str(stories[i])]
            a, b = _wall(argv, env), _wall(floor, env)
            if i:  # the first pair warms the disk cache
                ours.append(a)
                low.append(b)
        results.append((label, statistics.median(ours), statistics.median(low)))
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    print(f"{'annotator-cli …':<24}{'ours':>10}{'floor':>10}{'ratio':>8}  target {TARGET_S:.2f} s")
    worst = 0.0
    for label, ours, floor in measure(args.runs):
        worst = max(worst, ours)
        print(f"{label:<24}{ours:>9.3f}s{floor:>9.3f}s{ours / floor:>8.2f}  {'ok' if ours <= TARGET_S else 'OVER'}")
    print(f"slowest command {worst:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
