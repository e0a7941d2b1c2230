"""Issues 8 and 19's measures in one table, each beside its floor from the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/run_all.py [--stories 10000] [--spans 100]

- import N story files            vs reading the files' bytes + one raw executemany of the
                                  rows (also shown: vs the executemany alone)
- open the N-story project        time to a usable window (list filled, first story painted), peak RSS
- switch between stories          median of 50 switches (story text + spans + paint) vs the
                                  same panes built from stock Qt parts with the spans listed
                                  but not drawn (QStandardItemModel tables, a bare
                                  QPlainTextEdit); also shown: a bare QPlainTextEdit alone,
                                  and stock Qt drawing the spans (extra selections)
- a 5 MB story with 50,000 spans  (bench_render.py: open vs bare setPlainText, add one span)
- export / import all spans       (bench_native.py: vs SQL read + orjson dump, vs executemany)
- command-line start-up           (bench_cli.py: each command vs a bare interpreter opening the
                                  project; target 0.15 s wall)
- the window's start from source  launch to a shown window (bench_startup.py; target 0.4 s)
- idle memory of the window       RSS with the N-story project open, after the switches (target 150 MB)
Each phase runs in its own process so memory figures are that phase's own.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
PY = sys.executable


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def phase_import(work: Path, n: int) -> dict:
    from annotator.store import open_project
    from annotator.workflows.stories import import_story_files

    folder = work / "stories"
    folder.mkdir()
    for i in range(n):
        (folder / f"story-{i:05d}.txt").write_text(
            f"Story {i}\n\nThe mayor said on Tuesday that {i} bridges would close, officials said.\n" * 8
        )
    repo = open_project(work / "imported.annotator")
    t0 = time.perf_counter()
    summary = import_story_files(repo, [folder])
    ours = time.perf_counter() - t0
    repo.close()
    assert len(summary.imported) == n, summary.lines()[:3]
    # floors: the bare operations doing the same work, no parsing, checks or batching.
    # "write" inserts rows already in memory in one executemany; "read + write" also
    # reads each file's bytes from disk and hashes them (the rows cannot exist without
    # that), which is the fair floor for an import from files.
    open_project(work / "floor.annotator").close()
    con = sqlite3.connect(work / "floor.annotator", isolation_level=None)
    t0 = time.perf_counter()
    rows, texts = [], []
    for i, name in enumerate(sorted(os.listdir(folder))):
        path = os.path.join(folder, name)
        with open(path, "rb") as fh:
            data = fh.read()
        stem = name.rsplit(".", 1)[0]
        rows.append((stem, i, stem, hashlib.sha256(data).hexdigest(), "{}", path, "new", ""))
        texts.append((stem, data.decode("utf-8")))
    read = time.perf_counter() - t0
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO documents (id, position, title, sha256, meta, source_path, status, created) "
        "VALUES (?,?,?,?,?,?,?,?)",
        rows,
    )
    con.executemany("INSERT INTO document_texts (doc_id, text) VALUES (?, ?)", texts)
    con.execute("COMMIT")
    floor = time.perf_counter() - t0
    return {"import_s": ours, "import_floor_s": floor, "write_floor_s": floor - read, "peak_mb": _peak_mb()}


def phase_open(project: Path) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from annotator.store import open_project

    from annotator.ui.main_window import MainWindow
    from annotator.ui.settings import Settings

    t0 = time.perf_counter()
    window = MainWindow(open_project(project), annotator="bench", settings=Settings())
    window.show()
    window.view.viewport().repaint()
    app.processEvents()
    opened = time.perf_counter() - t0
    stories = len(window.story_model.rows)
    ids = [s.id for s in window.story_model.rows]
    switches = []
    for i in range(50):
        t0 = time.perf_counter()
        window.set_story(ids[(i * 197) % len(ids)])
        window.view.viewport().repaint()
        switches.append(time.perf_counter() - t0)
    window_mb = _peak_mb()  # opened and used; the floors below build windows of their own in this process
    for _ in range(20):  # left alone for a moment, as a window between keystrokes
        app.processEvents()
        time.sleep(0.05)
    idle_mb = _rss_mb()
    # floor for a switch: the same rows read straight from SQLite into a bare
    # QPlainTextEdit of the same size, painted once (no spans drawn, no tables)
    from PySide6.QtWidgets import QPlainTextEdit

    bare = QPlainTextEdit()
    bare.resize(window.view.size())
    bare.show()
    con = sqlite3.connect(project)
    floors = []
    for i in range(50):
        doc_id = ids[(i * 197) % len(ids)]
        t0 = time.perf_counter()
        text = con.execute("SELECT text FROM document_texts WHERE doc_id = ?", (doc_id,)).fetchone()[0]
        con.execute("SELECT * FROM spans WHERE doc_id = ?", (doc_id,)).fetchall()
        bare.setPlainText(text)
        bare.viewport().repaint()
        floors.append(time.perf_counter() - t0)
    dock_sizes = [(d.width(), d.height()) for d in (window.stories_dock, window.spans_dock, window.details_dock)]
    panes = _bare_switches(project, ids, window.size(), dock_sizes, highlights=False)
    stock = _bare_switches(project, ids, window.size(), dock_sizes, highlights=True)
    window.close()
    return {
        "open_s": opened,
        "stories": stories,
        "switch_ms": statistics.median(switches) * 1000,
        "switch_floor_ms": statistics.median(floors) * 1000,
        "switch_panes_ms": panes * 1000,
        "switch_stock_ms": stock * 1000,
        "peak_mb": window_mb,
        "idle_mb": idle_mb,
    }


def _bare_switches(
    project: Path, ids: list[str], size, dock_sizes: list[tuple[int, int]], *, highlights: bool
) -> float:
    """A switch done with stock Qt parts and nothing of ours, in a main window with panes
    the size of ours: a story list (QStandardItemModel) whose selection moves, the text in
    a QPlainTextEdit, the spans listed in a second QStandardItemModel table. Without
    ``highlights`` the spans are not drawn in the text (the floor: no work can be less);
    with them they are Qt's own extra selections (what a stock widget would do).
    Median seconds of 50 switches."""
    from PySide6.QtCore import QItemSelectionModel, Qt
    from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel, QTextCharFormat, QTextCursor
    from PySide6.QtWidgets import (
        QApplication,
        QDockWidget,
        QMainWindow,
        QPlainTextEdit,
        QTableView,
        QTextEdit,
        QWidget,
    )

    con = sqlite3.connect(project)
    win = QMainWindow()
    text_edit = QPlainTextEdit()
    win.setCentralWidget(text_edit)
    stories = QStandardItemModel(0, 3)
    for title, status, n in con.execute(
        "SELECT d.title, d.status, coalesce(c.n, 0) FROM documents d "
        "LEFT JOIN span_counts c ON c.doc_id = d.id ORDER BY d.position"
    ):
        stories.appendRow([QStandardItem(title), QStandardItem(status), QStandardItem(str(n))])
    story_table, span_table = QTableView(), QTableView()
    story_table.setModel(stories)
    spans = QStandardItemModel(0, 5)
    span_table.setModel(spans)
    docks = []
    for widget, area in (
        (story_table, Qt.DockWidgetArea.LeftDockWidgetArea),
        (span_table, Qt.DockWidgetArea.BottomDockWidgetArea),
        (QWidget(), Qt.DockWidgetArea.RightDockWidgetArea),  # where our details panel sits
    ):
        if isinstance(widget, QTableView):
            widget.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        dock = QDockWidget()
        dock.setWidget(widget)
        win.addDockWidget(area, dock)
        docks.append(dock)
    win.resize(size)
    win.show()
    QApplication.processEvents()
    for dock, (width, height) in zip(docks, dock_sizes, strict=True):  # the panes as large as ours
        win.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        win.resizeDocks([dock], [height], Qt.Orientation.Vertical)
    QApplication.processEvents()
    colours = {
        "CLAIM": QColor(242, 177, 52, 90),
        "QUOTE": QColor(74, 163, 223, 90),
        "ATTRIBUTION": QColor(224, 96, 126, 90),
    }
    times = []
    for i in range(50):
        row = (i * 197) % len(ids)
        t0 = time.perf_counter()
        story_table.selectionModel().setCurrentIndex(
            stories.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        text = con.execute("SELECT text FROM document_texts WHERE doc_id = ?", (ids[row],)).fetchone()[0]
        rows = con.execute(
            'SELECT label, start, "end", text, attributes, annotator FROM spans WHERE doc_id = ? '
            'ORDER BY start, "end", label',
            (ids[row],),
        ).fetchall()
        text_edit.setPlainText(text)  # ASCII stories here: offsets need no UTF-16 mapping
        marks = []
        for label, start, end, *_ in rows:
            mark = QTextEdit.ExtraSelection()
            mark.cursor = QTextCursor(text_edit.document())
            mark.cursor.setPosition(start)
            mark.cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(colours.get(label, QColor(136, 136, 136, 90)))
            mark.format = fmt
            marks.append(mark)
        if highlights:
            text_edit.setExtraSelections(marks)
        spans.setRowCount(0)
        spans.setRowCount(len(rows))
        for r, (label, _s, _e, span_text, attributes, annotator) in enumerate(rows):
            for c, value in enumerate((label, span_text, attributes, "", annotator)):
                spans.setItem(r, c, QStandardItem(value))
        text_edit.viewport().repaint()
        times.append(time.perf_counter() - t0)
    win.close()
    return statistics.median(times)


def _row(label: str, value: float, floor: float | None, unit: str, *, ours: bool = True) -> None:
    """One line of the table: ours, the floor from the same run, their ratio."""
    digits = 2 if unit == "s" else 1
    width = 12 - len(unit)
    mine = f"{value:>{width}.{digits}f}{unit}" if ours else " " * 12
    low = f"{floor:>{width}.{digits}f}{unit}{value / floor:>8.2f}" if floor else ""
    print(f"{label:<46}{mine}{low}")


def _run(args: list[str], env: dict | None = None) -> str:
    out = subprocess.run([PY, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=3600)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return out.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", type=int, default=10_000)
    ap.add_argument("--spans", type=int, default=100, help="spans per story")
    ap.add_argument("--phase")
    ap.add_argument("--work", type=Path)
    args = ap.parse_args()
    if args.phase == "import":
        print(json.dumps(phase_import(args.work, args.stories)))
        return 0
    if args.phase == "open":
        print(json.dumps(phase_open(args.work)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {"ANNOTATOR_HOME": str(work / "home"), "QT_QPA_PLATFORM": "offscreen"}
        imp = json.loads(
            _run([__file__, "--phase", "import", "--work", str(work), "--stories", str(args.stories)], env)
        )
        import bench_native

        t0 = time.perf_counter()
        bench_native.build(work, args.stories, args.spans)
        built = time.perf_counter() - t0
        opened = json.loads(_run([__file__, "--phase", "open", "--work", str(work / "source.annotator")], env))
        render = _run([str(ROOT / "bench" / "bench_render.py")], env)
        native = _run(
            [str(ROOT / "bench" / "bench_native.py"), "--stories", str(args.stories), "--spans", str(args.spans)], env
        )
        cli = _run([str(ROOT / "bench" / "bench_cli.py"), "--runs", "11"], env)
        startup = _run([str(ROOT / "bench" / "bench_startup.py"), "--runs", "7"], env)
    n = args.stories
    print(f"{'measure':<46}{'ours':>12}{'floor':>12}{'ratio':>8}")
    _row(f"import {n:,} story files (vs read + write)", imp["import_s"], imp["import_floor_s"], "s")
    _row("  (vs the write alone, rows already in memory)", imp["import_s"], imp["write_floor_s"], "s", ours=False)
    _row(f"open {n:,} stories / {n * args.spans:,} spans (window)", opened["open_s"], None, "s")
    print(f"{'  peak memory of the window process':<46}{opened['peak_mb']:>10.0f}MB")
    print(f"{'  idle memory of the window (target 150 MB)':<46}{opened['idle_mb']:>10.0f}MB")
    _row("switch story vs the same panes, bare Qt", opened["switch_ms"], opened["switch_panes_ms"], "ms")
    _row("  (vs a bare text widget alone)", opened["switch_ms"], opened["switch_floor_ms"], "ms", ours=False)
    _row(
        "  (vs stock Qt highlighting: extra selections)",
        opened["switch_ms"],
        opened["switch_stock_ms"],
        "ms",
        ours=False,
    )
    print(f"(building the {n * args.spans:,}-span project took {built:.0f} s)\n")
    print("5 MB story, 50,000 spans (bench_render.py):")
    print(render)
    print("native export / import (bench_native.py):")
    print(native)
    print("command-line start-up (bench_cli.py):")
    print(cli)
    print("the window's start (bench_startup.py; target from source 0.4 s):")
    print(startup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
