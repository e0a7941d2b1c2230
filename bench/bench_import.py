"""Importing N plain-text story files, beside its floor, alternating in one process.

    .venv/bin/python bench/bench_import.py [--stories 10000] [--runs 5] [--profile]

The floor is what bench/run_all.py calls "read + write": each file's bytes read and
hashed, decoded, and one raw executemany into the same tables of a fresh project. Ours
is ``import_story_files`` into a fresh project. The two alternate ``--runs`` times (each
on its own new project, the files already in the page cache) and the medians are printed
with their ratio, in wall time and in CPU time (steadier on a loaded machine).
``--profile`` prints cProfile's top entries of one extra import instead.
Target (issue 19): ours <= 1.5x the floor.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.store import open_project  # noqa: E402
from annotator.workflows.stories import import_story_files  # noqa: E402


def make_stories(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"story-{i:05d}.txt").write_text(
            f"Story {i}\n\nThe mayor said on Tuesday that {i} bridges would close, officials said.\n" * 8
        )


def ours(folder: Path, project: Path, n: int) -> tuple[float, float]:
    """(wall, CPU) seconds of the import."""
    repo = open_project(project)
    t0, c0 = time.perf_counter(), time.process_time()
    summary = import_story_files(repo, [folder])
    took = time.perf_counter() - t0, time.process_time() - c0
    repo.close()
    assert len(summary.imported) == n, summary.lines()[:3]
    return took


def floor(folder: Path, project: Path) -> tuple[float, float]:
    open_project(project).close()
    con = sqlite3.connect(project, isolation_level=None)
    t0, c0 = time.perf_counter(), time.process_time()
    rows, texts = [], []
    for i, name in enumerate(sorted(os.listdir(folder))):
        path = os.path.join(folder, name)
        with open(path, "rb") as fh:
            data = fh.read()
        stem = name.rsplit(".", 1)[0]
        rows.append((stem, i, stem, hashlib.sha256(data).hexdigest(), "{}", path, "new", ""))
        texts.append((stem, data.decode("utf-8")))
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO documents (id, position, title, sha256, meta, source_path, status, created) "
        "VALUES (?,?,?,?,?,?,?,?)",
        rows,
    )
    con.executemany("INSERT INTO document_texts (doc_id, text) VALUES (?, ?)", texts)
    con.execute("COMMIT")
    took = time.perf_counter() - t0, time.process_time() - c0
    con.close()
    return took


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--sort", default="tottime", help="cProfile sort key with --profile")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="annotator-bench-import-") as tmp:
        work = Path(tmp)
        folder = work / "stories"
        make_stories(folder, args.stories)
        floor(folder, work / "warm.annotator")  # page cache and first-use costs, for both
        if args.profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
            ours(folder, work / "profiled.annotator", args.stories)
            prof.disable()
            pstats.Stats(prof).sort_stats(args.sort).print_stats(40)
            return 0
        mine, floors = [], []
        for run in range(args.runs):
            mine.append(ours(folder, work / f"ours-{run}.annotator", args.stories))
            floors.append(floor(folder, work / f"floor-{run}.annotator"))
        print(f"import {args.stories:,} story files, {args.runs} alternating runs (target: ratio <= 1.5)")
        for i, what in enumerate(("wall", "CPU")):
            a, b = [m[i] for m in mine], [f[i] for f in floors]
            ratios = [x / y for x, y in zip(a, b, strict=True)]
            print(
                f"  {what:<5} ours {statistics.median(a):.3f} s  floor {statistics.median(b):.3f} s  "
                f"ratio {statistics.median(ratios):.2f} (range {min(ratios):.2f}-{max(ratios):.2f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
