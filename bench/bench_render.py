"""Open a 5 MB story with 50,000 spans and 20,000 links, and add one span, in the real window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_render.py [--mb 5] [--spans 50000] [--links 20000]

Prints, measured in the same run:
- floor: bare QPlainTextEdit.setPlainText + first paint of the same text;
- the story view alone (text + span index + first paint with highlights);
- the whole window switching to the story, usable: text, status and the first screen's
  spans read from SQLite and painted (the rest of a long story's spans still to come);
- the whole window with every span read, indexed and in the span table, and the longest
  single pass of the event loop meanwhile (issue 19: complete <= 3x the floor, no stall > 50 ms);
- add one span: session command + commit + event + repaint, median of 50.
- a repaint of the first screen with its links drawn (arches and gutter), median of 20.
Targets (issue 2, issue 12 with links drawn): window usable <= 1.2x the floor; add-one <= 16 ms median.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.core.model import Document, Relation, Span, now_iso  # noqa: E402
from annotator.core.text import fragment_text, text_hash  # noqa: E402
from annotator.store import open_project  # noqa: E402

from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

WORDS = "the mayor said officials would close bridge on Tuesday according to report city council 😀 서울 vote".split()


def make_text(mb: float, rng: random.Random) -> str:
    parts, size = [], 0
    while size < mb * 1_000_000:
        para = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(40, 120))) + "."
        parts.append(para)
        size += len(para.encode()) + 2
    return "\n\n".join(parts)


def make_spans(doc: Document, n: int, rng: random.Random) -> list[Span]:
    text, out, stamp = doc.text, [], now_iso()
    labels = ("CLAIM", "QUOTE", "ATTRIBUTION")
    for i in range(n):
        s = rng.randrange(0, len(text) - 200)
        e = s + rng.randrange(5, 150)
        while text[s].isspace():
            s += 1
        while text[e - 1].isspace():
            e -= 1
        frags = ((s, e),)
        out.append(
            Span(
                f"b{i}",
                doc.id,
                labels[i % 3],
                frags,
                fragment_text(text, frags),
                {},
                "",
                "bench",
                "manual",
                stamp,
                stamp,
            )
        )
    return out


def make_links(spans: list[Span], n: int, rng: random.Random) -> list[Relation]:
    """Links as news has them: mostly an attribution beside its quote, some across paragraphs."""
    ordered = sorted(spans, key=lambda s: s.start)
    out, stamp, seen = [], now_iso(), set()
    while len(out) < n:
        a = rng.randrange(0, len(ordered) - 40)
        b = a + (rng.randrange(1, 4) if rng.random() < 0.85 else rng.randrange(5, 40))
        if (a, b) in seen:  # one link per pair: the project refuses twins
            continue
        seen.add((a, b))
        src, tgt = ordered[a], ordered[b]
        out.append(Relation(f"r{len(out)}", src.doc_id, "attributes", src.id, tgt.id, "bench", stamp))
    return out


def timed(fn, app) -> float:
    t0 = time.perf_counter()
    fn()
    app.processEvents()
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--spans", type=int, default=50_000)
    ap.add_argument("--links", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(5)
    app = QApplication.instance() or QApplication([])
    from annotator.ui.main_window import MainWindow
    from annotator.ui.settings import Settings
    from annotator.ui.text_view import StoryView

    text = make_text(args.mb, rng)
    doc = Document("big", "Big story", text, text_hash(text))
    spans = make_spans(doc, args.spans, rng)
    links = make_links(spans, args.links, rng) if args.links else []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANNOTATOR_HOME"] = tmp
        repo = open_project(Path(tmp) / "bench.annotator")
        small = "A small story."
        repo.add_documents([doc, Document("small", "Small", small, text_hash(small))])
        repo.add_annotations(spans, links)
        window = MainWindow(repo, annotator="bench", settings=Settings())
        window.resize(1200, 800)
        window.show()
        app.processEvents()

        bare = QPlainTextEdit()
        bare.resize(900, 700)
        bare.show()
        view = StoryView()
        view.resize(900, 700)
        view.show()
        view.set_colours({"CLAIM": "#f2b134", "QUOTE": "#4aa3df", "ATTRIBUTION": "#e0607e"})
        app.processEvents()
        floor, alone, usable, whole, stalls = [], [], [], [], []
        for _ in range(args.repeat):
            bare.setPlainText("")
            app.processEvents()
            floor.append(timed(lambda: (bare.setPlainText(text), bare.viewport().repaint()), app))
            view.set_story(None, [])
            app.processEvents()
            alone.append(timed(lambda: (view.set_story(doc, spans), view.viewport().repaint()), app))
            window.set_story("small")
            app.processEvents()
            t0 = time.perf_counter()
            window.set_story("big")
            window.view.viewport().repaint()
            usable.append(time.perf_counter() - t0)
            stall = 0.0  # the longest single pass of the event loop while the spans complete
            while window.loading_spans:
                t1 = time.perf_counter()
                app.processEvents()
                stall = max(stall, time.perf_counter() - t1)
            stalls.append(stall)
            app.processEvents()
            whole.append(time.perf_counter() - t0)
            assert len(window.view.index) == args.spans and window.span_model.rowCount() == args.spans
            assert len(window.view.links) == args.links
        f, a, u, w = min(floor), min(alone), min(usable), min(whole)
        repaints = []
        for _ in range(20):
            t0 = time.perf_counter()
            window.view.viewport().repaint()
            repaints.append(time.perf_counter() - t0)
        drawn = len(window.view.link_layout.arches) + len(window.view.link_layout.connectors)
        latencies = []
        session = window.session
        for i in range(50):
            s = 1000 + i * 997
            t0 = time.perf_counter()
            session.add_span(window.doc, "CLAIM", [(s, s + 40)])
            window.view.viewport().repaint()
            latencies.append(time.perf_counter() - t0)
        window.close()
    print(
        f"story: {len(text.encode()) / 1e6:.1f} MB, {len(text):,} code points, {args.spans:,} spans, "
        f"{args.links:,} links ({drawn} drawn on the first screen)"
    )
    print(f"{'measure':<52}{'ms':>9}{'x floor':>9}")
    print(f"{'floor: bare setPlainText + first paint':<52}{f * 1000:>9.1f}{1:>9.2f}")
    print(f"{'story view: text + index + first paint':<52}{a * 1000:>9.1f}{a / f:>9.2f}")
    print(f"{'window usable: text + first spans from SQLite, painted':<52}{u * 1000:>9.1f}{u / f:>9.2f}")
    print(f"{'window complete: every span read, indexed, tabled':<52}{w * 1000:>9.1f}{w / f:>9.2f}")
    print(f"{'longest event-loop stall while completing (worst run)':<52}{max(stalls) * 1000:>9.1f}")
    print(f"{'repaint first screen with its links, median':<52}{statistics.median(repaints) * 1000:>9.1f}")
    print(f"{'add one span (command+commit+repaint), median':<52}{statistics.median(latencies) * 1000:>9.1f}")
    print(f"{'add one span, 95th percentile':<52}{sorted(latencies)[int(len(latencies) * 0.95)] * 1000:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
