"""How well the HTML reader finds the article in real news pages, beside plain trafilatura.

    .venv/bin/python bench/html_extraction.py DIR [--worst 10] [--limit N]

DIR is a checkout of scrapinghub's article-extraction-benchmark (html/*.html.gz and
ground-truth.json; its pages are publishers' content and stay outside this repository).
For each page both extractors run in the same process, one after the other; printed per
extractor: mean bag-of-words precision, recall and F1 over pages, the benchmark's own
shingle F1 (4-gram shingles, per-page normalised counts, F1 of the mean precision and mean
recall: the measure of its evaluate.py, reproduced here), pages refused or returned empty,
and milliseconds per page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.stories import StoryError, read_story_bytes  # noqa: E402

_TOKEN = re.compile(r"\w+", re.UNICODE)  # the benchmark's tokenizer (case kept)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def counts_match(true: Counter, pred: Counter) -> tuple[float, float, float]:
    tp = sum((true & pred).values())
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    return float(tp), float(fp), float(fn)


def bag_of_words(true: str, pred: str) -> tuple[float, float, float]:
    """Per-page precision, recall, F1 over word counts."""
    tp, fp, fn = counts_match(Counter(tokens(true)), Counter(tokens(pred)))
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def shingles(text: str, n: int = 4) -> Counter:
    toks = tokens(text)
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i : i + n])


def shingle_tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    """evaluate.py's string_shingle_matching: counts normalised so long pages weigh no more."""
    tp, fp, fn = counts_match(shingles(true), shingles(pred))
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def shingle_f1(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """evaluate.py's metrics_from_tp_fp_fns: (P, R, F1) from the mean P and mean R."""
    p = statistics.mean(_precision(*r) for r in rows if r[0] + r[1] > 0)
    r = statistics.mean(_recall(*x) for x in rows if x[0] + x[2] > 0)
    return p, r, 2 * p * r / (p + r)


def ours(data: bytes) -> str | None:
    try:
        return "\n\n".join(r.text for r in read_story_bytes(data, "page.html"))
    except StoryError:
        return None


def plain_trafilatura(data: bytes) -> str | None:
    import trafilatura

    return trafilatura.extract(data)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=Path, help="checkout of article-extraction-benchmark")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages where ours scores lowest")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    args = ap.parse_args()
    truth = json.loads((args.dir / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit or None]
    pages = {k: gzip.decompress((args.dir / "html" / f"{k}.html.gz").read_bytes()) for k in keys}
    extractors: dict[str, Callable[[bytes], str | None]] = {"annotator": ours, "trafilatura": plain_trafilatura}
    for fn in extractors.values():  # imports and caches warm before timing
        fn(pages[keys[0]])
    print(f"{len(keys)} pages")
    head = f"{'extractor':<12}{'BoW P':>7}{'BoW R':>7}{'BoW F1':>8}{'shingle F1':>12}"
    print(head + f"{'refused':>9}{'<0.5':>6}{'ms/page':>9}")
    worst: list[tuple[float, str]] = []
    for name, fn in extractors.items():
        bow: list[tuple[float, float, float]] = []
        shing: list[tuple[float, float, float]] = []
        refused = 0
        seconds = 0.0
        for k in keys:
            t0 = time.perf_counter()
            text = fn(pages[k])
            seconds += time.perf_counter() - t0
            if not text or not text.strip():
                refused += 1
                text = ""
            gold = truth[k].get("articleBody", "")
            bow.append(bag_of_words(gold, text))
            shing.append(shingle_tp_fp_fn(gold, text))
            if name == "annotator":
                worst.append((bow[-1][2], k))
        p, r = statistics.mean(b[0] for b in bow), statistics.mean(b[1] for b in bow)
        f1 = statistics.mean(b[2] for b in bow)
        low = sum(b[2] < 0.5 for b in bow)
        sf1 = shingle_f1(shing)[2]
        print(
            f"{name:<12}{p:>7.3f}{r:>7.3f}{f1:>8.3f}{sf1:>12.3f}{refused:>9}{low:>6}{1000 * seconds / len(keys):>9.1f}"
        )
    for score, k in sorted(worst)[: args.worst]:
        print(f"  {score:.3f}  {k}  {truth[k].get('url', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
