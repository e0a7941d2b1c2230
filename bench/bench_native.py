"""Native JSONL export and import at scale, each against its floor measured in the same run.

    .venv/bin/python bench/bench_native.py              # 10,000 stories, 1,000,000 spans
    .venv/bin/python bench/bench_native.py --quick      # 1,000 stories, 100,000 spans
    .venv/bin/python bench/bench_native.py --stories 2000 --spans 100

Floors (what no implementation can beat on this machine):
  export  plain SQL read of the same rows (stories, spans, links; sqlite3 directly)
          + orjson dump of them, one line per story
  import  raw ``executemany`` of the same rows (already parsed, in memory) into a
          fresh project in one transaction (with the same tables, indexes and triggers)

Every phase runs in its own process, so the peak RSS printed is that phase's alone;
"memory flat" means the peak does not grow with the number of stories (compare a
--quick run with a full one).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "the minister said taxes will fall next year according to officials who spoke on condition "
    "of anonymity 😀 中文 Café naïve reporters asked whether claims were true"
).split()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(work: Path, stories: int, spans: int) -> None:
    from annotator.core.model import Document, Relation, Span, new_id
    from annotator.core.text import fragment_text, text_hash
    from annotator.store import open_project

    rng = random.Random(7)
    repo = open_project(work / "source.annotator")
    labels = ("CLAIM", "QUOTE", "ATTRIBUTION")
    with repo.transaction():
        for i in range(stories):
            text = " ".join(rng.choice(WORDS) for _ in range(spans * 4))
            doc = Document(f"story-{i:05d}", f"Story {i}", text, text_hash(text), {"outlet": "Bench", "n": i})
            repo.add_documents([doc])
            made, rels = [], []
            for k in range(spans):
                s = rng.randrange(0, len(text) - 40)
                frags = ((s, s + rng.randrange(5, 20)),)
                if k % 10 == 0:
                    frags = ((s, s + 6), (s + 10, s + 30))
                label = labels[k % 3]
                attrs = {"type": "direct"} if label == "QUOTE" else ({"source": "x"} if label == "ATTRIBUTION" else {})
                made.append(
                    Span(
                        new_id(),
                        doc.id,
                        label,
                        frags,
                        fragment_text(text, frags),
                        attrs,
                        "",
                        "alice" if k % 2 else "bob",
                        "manual",
                        "2026-01-01T00:00:00Z",
                        "2026-01-01T00:00:00Z",
                    )
                )
            for k in range(0, spans - 2, 3):
                if made[k + 2].label == "ATTRIBUTION":
                    rels.append(Relation(new_id(), doc.id, "attributes", made[k + 2].id, made[k].id, "bob", ""))
            repo.add_annotations(made, rels)
    repo.close()


def floor_export(work: Path) -> None:
    import orjson

    con = sqlite3.connect(work / "source.annotator")
    with open(work / "floor.jsonl", "wb") as fh:
        for doc in con.execute(
            "SELECT d.id, d.title, t.text, d.sha256, d.meta, d.status, d.created, d.source_path "
            "FROM documents d JOIN document_texts t ON t.doc_id = d.id ORDER BY d.position"
        ):
            spans = con.execute(
                "SELECT id, label, start, end, fragments, text, attributes, note, annotator, origin, created, updated "
                "FROM spans WHERE doc_id = ? ORDER BY start, end, label",
                (doc[0],),
            ).fetchall()
            rels = con.execute(
                "SELECT id, type, source, target, annotator, created FROM relations WHERE doc_id = ?", (doc[0],)
            ).fetchall()
            fh.write(orjson.dumps([doc, spans, rels]) + b"\n")
    con.close()


def export(work: Path) -> None:
    from annotator.store import open_project
    from annotator.workflows.exchange import export_project

    repo = open_project(work / "source.annotator", read_only=True)
    report = export_project(repo, "native", work / "export.jsonl")
    repo.close()
    assert report.lossless


def _rows(work: Path) -> tuple[list, list, list]:
    import orjson

    docs, spans, rels = [], [], []
    with open(work / "export.jsonl", "rb") as fh:
        for pos, line in enumerate(fh):
            d = orjson.loads(line)
            docs.append(
                (
                    d["id"],
                    pos,
                    d["title"],
                    d["text"],
                    d["sha256"],
                    d["meta"],
                    d["source_path"],
                    d["status"],
                    d["created"],
                )
            )
            spans += [
                (
                    s["id"],
                    d["id"],
                    s["label"],
                    s["start"],
                    s["end"],
                    orjson.dumps(s["fragments"]).decode(),
                    s["text"],
                    s["attributes"],
                    s["note"],
                    s["annotator"],
                    s["origin"],
                    s["created"],
                    s["updated"],
                )
                for s in d["spans"]
            ]
            rels += [
                (r["id"], d["id"], r["type"], r["from"], r["to"], r["annotator"], r["created"]) for r in d["relations"]
            ]
    return docs, spans, rels


def floor_import(work: Path) -> float:
    from annotator.store import open_project

    docs, spans, rels = _rows(work)  # parsed before the clock starts: the floor is the writing
    target = work / "floor.annotator"
    open_project(target).close()
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA synchronous = FULL")
    con.execute("PRAGMA foreign_keys = ON")
    start = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    con.executemany(
        "INSERT INTO documents (id, position, title, sha256, meta, source_path, status, created) "
        "VALUES (?,?,?,?,?,?,?,?)",
        [d[:3] + d[4:] for d in docs],
    )
    con.executemany("INSERT INTO document_texts (doc_id, text) VALUES (?, ?)", [(d[0], d[3]) for d in docs])
    con.executemany(
        'INSERT INTO spans (id, doc_id, label, start, "end", fragments, text, attributes, note, '
        "annotator, origin, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        spans,
    )
    con.executemany(
        "INSERT INTO relations (id, doc_id, type, source, target, annotator, created) VALUES (?,?,?,?,?,?,?)", rels
    )
    con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def do_import(work: Path) -> None:
    from annotator.store import open_project
    from annotator.workflows.exchange import import_files

    repo = open_project(work / "import.annotator")
    summary = import_files(repo, [work / "export.jsonl"], annotator="bench")
    assert not summary.refused, summary.refused
    repo.close()


def _child(phase: str, work: Path) -> None:
    # Load the code first: the clock measures the work, not Python importing modules.
    import orjson  # noqa: F401

    from annotator.formats import all_formats
    from annotator.store import open_project  # noqa: F401
    from annotator.workflows import exchange  # noqa: F401

    all_formats()
    start = time.perf_counter()
    inner = {"export": export, "floor-export": floor_export, "import": do_import}.get(phase)
    if phase == "floor-import":
        seconds = floor_import(work)
    elif inner is not None:
        inner(work)
        seconds = time.perf_counter() - start
    else:
        raise SystemExit(f"unknown phase {phase}")
    print(json.dumps({"seconds": seconds, "peak_rss_mb": _peak_mb()}))


def _run(phase: str, work: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--work", str(work)], capture_output=True, text=True, check=False
    )
    if out.returncode:
        raise SystemExit(f"{phase} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", type=int, default=10_000)
    ap.add_argument("--spans", type=int, default=100, help="spans per story")
    ap.add_argument("--quick", action="store_true", help="1,000 stories x 100 spans")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        _child(args.phase, args.work)
        return
    stories = 1000 if args.quick else args.stories
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        build(work, stories, args.spans)
        print(
            f"built {stories:,} stories x {args.spans} spans in {time.perf_counter() - t0:.1f} s "
            f"({(work / 'source.annotator').stat().st_size / 1e6:.0f} MB project)"
        )
        results = {phase: _run(phase, work) for phase in ("floor-export", "export", "floor-import", "import")}
        size = (work / "export.jsonl").stat().st_size / 1e6
        for ours, floor in (("export", "floor-export"), ("import", "floor-import")):
            r, f = results[ours], results[floor]
            ratio = r["seconds"] / f["seconds"]
            verdict = "within 2x" if ratio <= 2 else "OVER 2x"
            print(
                f"{ours:<7} {r['seconds']:7.2f} s  floor {f['seconds']:7.2f} s  ratio {ratio:4.2f}  {verdict}   "
                f"peak RSS {r['peak_rss_mb']:6.0f} MB (floor {f['peak_rss_mb']:.0f} MB)"
            )
        print(f"native file {size:.0f} MB")


if __name__ == "__main__":
    main()
