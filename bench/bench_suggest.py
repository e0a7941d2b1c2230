"""Suggester speed: one 5,000-word story (target < 50 ms) and 10,000 stories through
the workflow that `annotator-cli suggest` runs (target < 1 minute).

Run: .venv/bin/python bench/bench_suggest.py [--stories 10000] [--accept]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "core"))

from test_suggest_gold import rendered  # noqa: E402

from annotator.core.model import Document  # noqa: E402
from annotator.core.suggest.suggester import suggest  # noqa: E402
from annotator.core.text import text_hash  # noqa: E402


def corpus() -> list[str]:
    return [s["text"] for which in ("dev", "heldout") for s in rendered(which)]


def long_story(words: int = 5000) -> str:
    parts, n = [], 0
    texts = corpus()
    while n < words:
        t = texts[len(parts) % len(texts)]
        parts.append(t)
        n += len(t.split())
    return "\n\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stories", type=int, default=10_000)
    ap.add_argument("--accept", action="store_true", help="also store the suggestions")
    args = ap.parse_args()

    text = long_story()
    suggest(text)
    runs = []
    for _ in range(20):
        t0 = time.perf_counter()
        sugs = suggest(text)
        runs.append(time.perf_counter() - t0)
    print(
        f"5,000-word story ({len(text.split())} words, {len(sugs)} suggestions): "
        f"median {statistics.median(runs) * 1000:.1f} ms, max {max(runs) * 1000:.1f} ms"
    )

    from annotator.core.session import AnnotationSession
    from annotator.store import open_project
    from annotator.workflows.suggest import suggest_stories

    texts = corpus()
    with tempfile.TemporaryDirectory() as tmp:
        with open_project(Path(tmp) / "bench.annotator") as repo:
            docs = []
            for i in range(args.stories):
                t = f"Story {i}.\n\n" + texts[i % len(texts)]
                docs.append(Document(f"s{i}", f"Story {i}", t, text_hash(t)))
            repo.add_documents(docs)
            session = AnnotationSession(repo, annotator="bench", schema=repo.schema()) if args.accept else None
            t0 = time.perf_counter()
            result = suggest_stories(repo, session=session, keep_text=False)
            dt = time.perf_counter() - t0
    print(
        f"{args.stories} stories through the workflow{' with --accept' if args.accept else ''}: "
        f"{dt:.1f} s, {result.total} suggestions, {result.added} stored"
    )


if __name__ == "__main__":
    main()
