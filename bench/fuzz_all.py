"""Fuzz every annotation importer, story reader and archive unpacker with thousands of inputs.

    .venv/bin/python bench/fuzz_all.py [--cases 1000]

Prints, per target, how many inputs imported cleanly and how many were refused
with a clear message; any other ending (a traceback, a refused file that changed
the project, a span whose text disagrees with its offsets) stops the run.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from trust.fuzz_documents import document_seeds, fuzz_document_reader  # noqa: E402
from trust.fuzz_harness import (  # noqa: E402
    archive_seeds,
    exports,
    fuzz_archive,
    fuzz_importer,
    fuzz_story_reader,
    readable_formats,
)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1000, help="inputs per importer (story readers get 5x)")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        seeds = exports(work)
        print(f"{'target':<16}{'inputs':>8}{'ok':>8}{'refused':>9}{'seconds':>9}")
        for fmt in readable_formats():
            rng = random.Random(f"{args.seed}-{fmt.name}")
            t0 = time.perf_counter()
            outcomes = [fuzz_importer(fmt.name, seeds[fmt.name], work, rng) for _ in range(args.cases)]
            ok = outcomes.count("imported")
            print(f"{fmt.name:<16}{len(outcomes):>8}{ok:>8}{len(outcomes) - ok:>9}{time.perf_counter() - t0:>9.1f}")
            total += len(outcomes)
        rng = random.Random(args.seed)
        t0 = time.perf_counter()
        outcomes = [fuzz_story_reader(rng) for _ in range(args.cases * 5)]
        ok = outcomes.count("read")
        print(f"{'story readers':<16}{len(outcomes):>8}{ok:>8}{len(outcomes) - ok:>9}{time.perf_counter() - t0:>9.1f}")
        total += len(outcomes)
        rng = random.Random(f"{args.seed}-documents")
        t0 = time.perf_counter()
        docs = document_seeds()
        outcomes = [fuzz_document_reader(rng, docs) for _ in range(args.cases)]
        ok = outcomes.count("read")
        print(f"{'word and pdf':<16}{len(outcomes):>8}{ok:>8}{len(outcomes) - ok:>9}{time.perf_counter() - t0:>9.1f}")
        total += len(outcomes)
        (work / "archives").mkdir()
        for kind, seed in archive_seeds(work / "archives").items():
            rng = random.Random(f"{args.seed}-{kind}")
            t0 = time.perf_counter()
            outcomes = [fuzz_archive(kind, seed, work, rng) for _ in range(args.cases)]
            ok = outcomes.count("imported")
            seconds = time.perf_counter() - t0
            print(f"{kind + ' archives':<16}{len(outcomes):>8}{ok:>8}{len(outcomes) - ok:>9}{seconds:>9.1f}")
            total += len(outcomes)
    print(f"{total} inputs, every one ended in a clean result or a clean refusal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
