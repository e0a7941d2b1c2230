"""Export (and where readable, re-import) many stories through the part-B formats.

Prints each format's time next to a floor measured in the same run: writing the
same spans as plain tab-separated lines (the least any text export can cost).
    python bench/bench_formats_b.py [--stories 2000] [--spans 100] [--only webanno]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

from annotator.core.model import AnnotatedDocument, Document, Relation, Span
from annotator.core.schema import news_schema
from annotator.core.text import fragment_text, text_hash
from annotator.formats import registry

WORDS = "the mayor said on Tuesday that 😊 bridge will open in May 市长 officials agreed".split()


def make_docs(n_stories: int, n_spans: int, seed: int = 1):
    rng = random.Random(seed)
    labels = ["CLAIM", "QUOTE", "ATTRIBUTION"]
    for i in range(n_stories):
        text = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(60)) + "." for _ in range(n_spans // 6 + 1))
        doc = Document(f"s{i}", f"Story {i}", text, text_hash(text))
        spans = []
        for k in range(n_spans):
            a = rng.randrange(0, len(text) - 40)
            b = a + rng.randrange(5, 40)
            frags = ((a, b),)
            spans.append(
                Span(f"s{i}-{k}", doc.id, rng.choice(labels), frags, fragment_text(text, frags), {}, "", "ana")
            )
        rels = [
            Relation(f"r{i}-{k}", doc.id, "attributes", spans[k].id, spans[k + 1].id, "ana")
            for k in range(0, n_spans - 1, 10)
        ]
        yield AnnotatedDocument(doc, spans, rels)


def floor(docs, dest: Path) -> None:
    with open(dest, "w", encoding="utf-8") as fh:
        for d in docs:
            for s in d.spans:
                fh.write(f"{d.document.id}\t{s.id}\t{s.label}\t{s.start}\t{s.end}\t{s.text}\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stories", type=int, default=2000)
    ap.add_argument("--spans", type=int, default=100)
    ap.add_argument("--only", help="one format (run alone, the peak memory is that format's)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    schema = news_schema()
    try:
        t = time.perf_counter()
        floor(make_docs(args.stories, args.spans), tmp / "floor.tsv")
        base = time.perf_counter() - t
        print(f"{args.stories} stories x {args.spans} spans; floor (generate + plain TSV): {base:.2f} s")
        for name in [args.only] if args.only else ["csv", "conll", "webanno", "w3c", "spacy"]:
            fmt = registry.get(name)
            dest = tmp / f"out.{name}"
            t = time.perf_counter()
            report = fmt.write(make_docs(args.stories, args.spans), schema, dest)
            took = time.perf_counter() - t
            line = f"{name:8} export {took:6.2f} s ({took / base:4.1f}x floor)"
            if fmt.readable:
                t = time.perf_counter()
                result = fmt.read(dest)
                n = sum(len(d.spans) for d in result.documents)  # lazy readers stream here
                line += f"   read {time.perf_counter() - t:6.2f} s ({n} spans back)"
            print(line, "|", "; ".join(report.lines()[1:3]))
        print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
