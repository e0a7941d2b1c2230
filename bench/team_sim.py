"""Three annotators, one team folder, for minutes: how fast work arrives, what an idle
watcher costs, how big the folder gets.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/team_sim.py [--stories 1000]
        [--spans 100] [--minutes 2] [--idle-seconds 30]

Each annotator is a process of its own with its own project (the same stories, 100
spans per story of their own) and the window's real sync machinery (ui/team.py's
TeamSync: watcher, poll, debounced publishing, background jobs). Every ~2 s each one
tags a new span whose note carries the wall time of the keystroke; when a teammate
receives it, the delay is recorded. Then a real main window with the team folder
joined sits idle and its CPU time is read. Last, the folder's size is set beside a
native export of the same work (all three layers, every story).
Targets (issue 18): arrival under 5 s on a local folder; an idle window under 1% CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NAMES = ("alice", "bob", "carol")
WORDS = "the mayor said on Tuesday that bridges would close officials council budget river".split()


def build(path: Path, name: str, stories: int, spans: int) -> None:
    from annotator.core.model import Document, Span, new_id
    from annotator.core.text import fragment_text, text_hash
    from annotator.store import open_project

    texts = random.Random(1)  # the same stories for everyone
    mine = random.Random(hash(name) & 0xFFFF)
    repo = open_project(path)
    with repo.transaction():
        for i in range(stories):
            text = " ".join(texts.choice(WORDS) for _ in range(spans * 4))
            doc = Document(f"story-{i:05d}", f"Story {i}", text, text_hash(text))
            repo.add_documents([doc])
            made = []
            for _ in range(spans):
                s = mine.randrange(0, len(text) - 40)
                frags = ((s, s + mine.randrange(5, 20)),)
                made.append(
                    Span(new_id(), doc.id, "CLAIM", frags, fragment_text(text, frags), {}, "", name, "manual", "", "")
                )
            repo.add_annotations(made)
    repo.close()


def annotator_process(project: Path, folder: Path, name: str, seconds: float, out: Path) -> None:
    """One teammate: join, keep tagging, record when teammates' marked spans arrive."""
    from annotator.workflows.project import Project

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.ui.team import TeamPanel, TeamSync

    app = QApplication([])
    mine = Project.open(project, annotator=name)
    mine.join_team(folder)
    repo, session = mine.repo, mine.session
    delays: list[float] = []
    seen: set[str] = set()

    def arrived(_report) -> None:
        now = time.time()
        rows = repo.db.execute("SELECT id, note FROM spans WHERE note LIKE 'edit %' AND annotator != ?", (name,))
        for sid, note in rows:
            if sid not in seen:
                seen.add(sid)
                delays.append(now - float(note.split()[2]))

    panel = TeamPanel()
    sync = TeamSync(
        panel,
        project=lambda: mine,
        arrived=arrived,
        wrote=lambda: None,
    )
    rng = random.Random(name)
    ids = repo.document_ids()
    edits = [0]

    def edit() -> None:
        doc = repo.document(rng.choice(ids))
        s = rng.randrange(0, len(doc.text) - 30)
        session.add_span(doc, "QUOTE", [(s, s + 12)], note=f"edit {name} {time.time():.3f}", trim_whitespace=False)
        edits[0] += 1
        sync.my_layer_changed()

    tick = QTimer()
    tick.timeout.connect(edit)
    tick.start(2000 + rng.randrange(0, 300))
    sync.start()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    tick.stop()
    sync.stop()
    sync.wait_idle()
    out.write_text(json.dumps({"name": name, "edits": edits[0], "delays": delays}))
    mine.close()


def idle_window(project: Path, folder: Path, seconds: float) -> dict:
    """A real main window with the team folder joined, left alone: its CPU share."""
    from annotator.workflows.project import Project

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.ui.main_window import MainWindow
    from annotator.ui.settings import Settings

    app = QApplication([])
    mine = Project.open(project, annotator="alice")
    mine.join_team(folder)
    window = MainWindow(mine, annotator="alice", settings=Settings())
    window.show()
    QTimer.singleShot(15_000, app.quit)  # settle: first receive and publish
    app.exec()
    window.team.sync.wait_idle()
    t0, c0 = time.perf_counter(), time.process_time()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"cpu_percent": 100 * cpu / wall, "seconds": wall}


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=1000)
    ap.add_argument("--spans", type=int, default=100)
    ap.add_argument("--minutes", type=float, default=2.0)
    ap.add_argument("--idle-seconds", type=float, default=30.0)
    ap.add_argument("--role")
    ap.add_argument("--project", type=Path)
    ap.add_argument("--folder", type=Path)
    ap.add_argument("--name")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if args.role == "annotator":
        annotator_process(args.project, args.folder, args.name, args.minutes * 60, args.out)
        return 0
    if args.role == "idle":
        print(json.dumps(idle_window(args.project, args.folder, args.idle_seconds)))
        return 0
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env["ANNOTATOR_HOME"] = str(work / "home")
        folder = work / "team"
        t0 = time.perf_counter()
        for name in NAMES:
            build(work / f"{name}.annotator", name, args.stories, args.spans)
        print(
            f"built 3 projects of {args.stories:,} stories, {args.stories * args.spans:,} spans each "
            f"in {time.perf_counter() - t0:.0f} s"
        )
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--role",
                    "annotator",
                    "--project",
                    str(work / f"{n}.annotator"),
                    "--folder",
                    str(folder),
                    "--name",
                    n,
                    "--out",
                    str(work / f"{n}.json"),
                    "--minutes",
                    str(args.minutes),
                ],
                env=env,
            )
            for n in NAMES
        ]
        for p in procs:
            if p.wait():
                raise SystemExit(f"an annotator process failed ({p.returncode})")
        results = [json.loads((work / f"{n}.json").read_text()) for n in NAMES]
        delays = sorted(d for r in results for d in r["delays"])
        edits = sum(r["edits"] for r in results)
        expected = edits * (len(NAMES) - 1)
        idle = json.loads(
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--role",
                    "idle",
                    "--project",
                    str(work / "alice.annotator"),
                    "--folder",
                    str(folder),
                    "--idle-seconds",
                    str(args.idle_seconds),
                ],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.splitlines()[-1]
        )
        from annotator.store import open_project
        from annotator.workflows.exchange import ExportScope, export_project

        with open_project(work / "alice.annotator") as repo:
            export_project(repo, "native", work / "all.jsonl", scope=ExportScope())
        native = (work / "all.jsonl").stat().st_size
        size = folder_size(folder)
    print(
        f"{args.minutes:g} minutes, 3 annotators: {edits} edits, {len(delays)} of {expected} arrivals seen "
        "(edits in the last seconds may still be on their way)"
    )
    if delays:
        q = statistics.quantiles(delays, n=20)
        print(
            f"edit -> arrival at a teammate: median {statistics.median(delays):.2f} s, "
            f"95th percentile {q[18]:.2f} s, worst {delays[-1]:.2f} s   (target < 5 s)"
        )
    print(
        f"idle window watching the folder: {idle['cpu_percent']:.2f}% CPU over {idle['seconds']:.0f} s   (target < 1%)"
    )
    print(
        f"team folder {size / 1e6:.1f} MB vs native export of the same work {native / 1e6:.1f} MB "
        f"({size / native:.2f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
