"""Crash and hostile-input campaign (issue 17): kill the program mid-work, feed it bad files.

    .venv/bin/python bench/trust_campaign.py [--kills 25] [--fuzz 60] [--seed 2026]

Kills (SIGKILL at a random moment) while editing, importing, suggesting and writing
backups, plus backups on a "full disk" (RLIMIT_FSIZE); then every hostile input class
of tests/trust/hostile_inputs.py, mutated files for every importer, archives, and
hostile project files. Prints the tally and exits 1 if any target is missed:
0 lost edits, 0 tracebacks, 0 valid-looking bad backups, 0 refused files that
changed the project. A few minutes with the defaults.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from trust.fuzz_harness import (  # noqa: E402
    archive_seeds,
    exports,
    fingerprint,
    fuzz_archive,
    fuzz_importer,
    fuzz_story_reader,
    readable_formats,
)
from trust.hostile_inputs import CASES, good_stories, write_case  # noqa: E402

from annotator.core.model import Document  # noqa: E402
from annotator.core.session import AnnotationSession  # noqa: E402
from annotator.core.text import text_hash  # noqa: E402
from annotator.store import ProjectError, open_project  # noqa: E402
from annotator.store.backups import list_backups, verify_backup  # noqa: E402
from annotator.workflows.exchange import import_files  # noqa: E402

CLI = Path(sys.executable).with_name("annotator-cli")
PY = sys.executable

EDITOR = r"""
import sys
from annotator.store import open_project
from annotator.core.session import AnnotationSession
repo = open_project(sys.argv[1])
session = AnnotationSession(repo, annotator="kim", schema=repo.schema())
doc = repo.document("story")
for i in range(100000):
    span = session.add_span(doc, ("CLAIM", "QUOTE")[i % 2], [(i % 60, i % 60 + 7)])
    if i % 4 == 0:
        session.undo(); session.redo()
    print("DONE", span.id, flush=True)
"""

BACKUPS = r"""
import resource, signal, sys
from annotator.store import ProjectError, open_project
from annotator.store.backups import make_backup
repo = open_project(sys.argv[1], read_only=True)
limit = int(sys.argv[2])
if limit:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
for _ in range(int(sys.argv[3])):
    try:
        print("MADE", make_backup(repo, "manual"), flush=True)
    except ProjectError as exc:
        print("FAILED", exc, flush=True)
"""

QUOTED = (
    "“We will not back down,” the mayor said on Tuesday. Officials said the bridge was safe. "
    "“It is a scandal,” said Dana Whitfield, a spokeswoman for the union. "
)


class Tally:
    def __init__(self) -> None:
        self.kills: dict[str, Counter] = defaultdict(Counter)
        self.inputs: dict[str, Counter] = defaultdict(Counter)
        self.problems: list[str] = []

    def problem(self, what: str) -> None:
        self.problems.append(what)
        print("PROBLEM:", what, flush=True)


def _human_work(path: Path, stories: int = 1, text: str = "word " * 80) -> set[str]:
    """A project with a story or more and some annotations; returns the span ids."""
    repo = open_project(path)
    docs = [Document(f"h{i}", f"H{i}", f"{i} {text}", text_hash(f"{i} {text}")) for i in range(stories)]
    repo.add_documents(docs)
    session = AnnotationSession(repo, annotator="ana", schema=repo.schema())
    ids = {session.add_span(repo.document(d.id), "CLAIM", [(2, 9)]).id for d in docs[:20]}
    repo.close()
    return ids


def _sound(path: Path, must_have: set[str], tally: Tally, kind: str) -> None:
    """After a kill: the project opens, passes its checks and holds every reported edit."""
    try:
        repo = open_project(path)
    except ProjectError as exc:
        tally.problem(f"{kind}: the project does not open after a kill: {exc}")
        return
    try:
        if repo.db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            tally.problem(f"{kind}: integrity check failed")
        if repo.db.execute("PRAGMA foreign_key_check").fetchall():
            tally.problem(f"{kind}: dangling links")
        stored = {r[0] for r in repo.db.execute("SELECT id FROM spans")}
        lost = must_have - stored
        tally.kills[kind]["lost edits"] += len(lost)
        for doc_id in repo.document_ids():
            text = repo.document(doc_id).text
            for span in repo.spans(doc_id):
                span.check(text)
    finally:
        repo.close()


def _duration(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """How long ``cmd`` takes left alone: kills are then spread over that time, so they
    land during the work and not before or after it."""
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, timeout=600)
    return time.perf_counter() - t


def _kill_during(cmd: list[str], duration: float, rng: random.Random, tally: Tally, kind: str, **popen) -> str:
    """Start ``cmd``, SIGKILL it at a random moment of its usual run time; its output."""
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, **popen)
    time.sleep(rng.uniform(0.02, 0.7) * duration)
    tally.kills[kind]["killed mid-work" if child.poll() is None else "finished before the kill"] += 1
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate()
    return out


def _remove(project: Path) -> None:
    for extra in ("", "-wal", "-shm"):
        Path(f"{project}{extra}").unlink(missing_ok=True)
    shutil.rmtree(f"{project}.backups", ignore_errors=True)


def kill_edits(work: Path, runs: int, rng: random.Random, tally: Tally) -> None:
    for run in range(runs):
        path = work / f"edit-{run}.annotator"
        repo = open_project(path)
        text = "The minister said the numbers rose, officials said on Tuesday. " * 3
        repo.add_documents([Document("story", "Story", text, text_hash(text))])
        repo.close()
        child = subprocess.Popen([PY, "-c", EDITOR, str(path)], stdout=subprocess.PIPE, text=True)
        wanted, reported = rng.randrange(1, 120), set()
        assert child.stdout is not None
        for line in child.stdout:
            reported.add(line.split()[1])
            if len(reported) >= wanted:
                break
        child.send_signal(signal.SIGKILL)
        child.wait()
        tally.kills["edit"]["runs"] += 1
        tally.kills["edit"]["edits reported"] += len(reported)
        _sound(path, reported, tally, "edit")


def kill_imports(work: Path, runs: int, rng: random.Random, tally: Tally) -> None:
    stories = work / "many.jsonl"
    with open(stories, "w", encoding="utf-8") as fh:
        for i in range(1200):
            fh.write(f'{{"id": "s{i}", "text": "Story {i}: {QUOTED * 3}"}}\n')
    archive = work / "many.zip"
    import zipfile

    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(800):
            zf.writestr(f"s/{i:05d}.txt", f"Archived story {i}. {QUOTED}")
    temp = work / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    took = {}
    for source in (stories, archive):
        _human_work(work / "calibrate.annotator", stories=20)
        took[source] = _duration([str(CLI), "import", "--project", str(work / "calibrate.annotator"), str(source)], env)
        _remove(work / "calibrate.annotator")
    left: set[Path] = set()
    for run in range(runs):
        path = work / f"import-{run}.annotator"
        human = _human_work(path, stories=20)
        source = stories if run % 2 else archive
        command = [str(CLI), "import", "--project", str(path), str(source)]
        _kill_during(command, took[source], rng, tally, "import", env=env)
        tally.kills["import"]["runs"] += 1
        tally.kills["import"]["edits reported"] += len(human)
        left |= set(temp.glob("annotator-unpacked-*"))
        tally.kills["import"]["unpack folders left"] = len(left)
        _sound(path, human, tally, "import")
        repo = open_project(path)
        n = len(repo.document_summaries())
        repo.close()
        if source == stories and n not in (20, 1220):
            tally.problem(f"import: a killed import of one file left {n - 20} of its 1200 stories")
    subprocess.run(
        [str(CLI), "import", "--project", str(work / "sweep.annotator"), str(archive)], env=env, capture_output=True
    )
    if list(temp.glob("annotator-unpacked-*")):
        tally.problem("import: unpack folders of killed imports survived the next import")


def kill_suggest(work: Path, runs: int, rng: random.Random, tally: Tally) -> None:
    _human_work(work / "calibrate.annotator", stories=100, text=QUOTED * 4)
    took = _duration([str(CLI), "suggest", "--project", str(work / "calibrate.annotator"), "--accept"])
    for run in range(runs):
        path = work / f"suggest-{run}.annotator"
        human = _human_work(path, stories=100, text=QUOTED * 4)
        _kill_during([str(CLI), "suggest", "--project", str(path), "--accept"], took, rng, tally, "suggest")
        tally.kills["suggest"]["runs"] += 1
        tally.kills["suggest"]["edits reported"] += len(human)
        _sound(path, human, tally, "suggest")


def kill_backups(work: Path, runs: int, rng: random.Random, tally: Tally) -> None:
    path = work / "backup.annotator"
    _human_work(path, stories=5000, text=QUOTED * 20)  # about 20 MB: a backup takes a moment
    size = path.stat().st_size
    took = _duration([PY, "-c", BACKUPS, str(path), "0", "8"])
    unusable: set[Path] = set()
    for run in range(runs):
        full_disk = run % 3 == 2
        command = [PY, "-c", BACKUPS, str(path), str(rng.randrange(0, size) if full_disk else 0), "8"]
        if full_disk:
            out = subprocess.run(command, capture_output=True, text=True, timeout=300).stdout
            tally.kills["backup"]["full-disk failures"] += out.count("FAILED")
        else:
            out = _kill_during(command, took, rng, tally, "backup")
        tally.kills["backup"]["runs"] += 1
        made = [line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("MADE")]
        tally.kills["backup"]["backups reported"] += len(made)
        listed = list_backups(path)
        for b in listed:
            if b.verified and verify_backup(b.path) is not None:
                tally.kills["backup"]["valid-looking bad backups"] += 1
                tally.problem(f"backup: {b.path.name} is listed as usable but {verify_backup(b.path)}")
        unusable |= {b.path for b in listed if not b.verified}
        tally.kills["backup"]["left marked unusable"] = len(unusable)
        if made and not Path(made[-1]).exists():
            tally.problem(f"backup: the reported backup {made[-1]} is gone")
    _sound(path, set(), tally, "backup")


def hostile_inputs(work: Path, fuzz: int, seed: int, tally: Tally) -> None:
    project = work / "hostile.annotator"
    _human_work(project)
    for n, case in enumerate(CASES):
        bad = write_case(case, work / f"case-{n}")
        good = good_stories(work / f"good-{n}", 2, tag=case.name)
        repo = open_project(project)
        klass = tally.inputs[case.klass]
        klass["files"] += 1
        try:
            before = fingerprint(repo)
            lone = import_files(repo, [bad], annotator="x")
            if not lone.refused or lone.imported_anything:
                klass["accepted"] += 1
                tally.problem(f"{case.name}: not refused")
            elif fingerprint(repo) != before:
                klass["refused but changed the project"] += 1
                tally.problem(f"{case.name}: refused, yet the project changed")
            else:
                klass["refused cleanly"] += 1
            mixed = import_files(repo, [good[0], bad, good[1]], annotator="x")
            if not mixed.stories or len(mixed.stories.imported) != 2:
                tally.problem(f"{case.name}: stopped the good files beside it")
        except Exception as exc:  # noqa: BLE001 - what the campaign counts
            klass["tracebacks"] += 1
            tally.problem(f"{case.name}: {type(exc).__name__}: {exc}")
        finally:
            repo.close()
    seeds = exports(work)
    for fmt in readable_formats():
        rng = random.Random(f"{seed}-{fmt.name}")
        _fuzz(
            tally,
            f"mutated {fmt.name}",
            lambda rng=rng, fmt=fmt: fuzz_importer(fmt.name, seeds[fmt.name], work, rng),
            fuzz,
        )
    rng = random.Random(seed)
    _fuzz(tally, "mutated stories", lambda: fuzz_story_reader(rng), fuzz * 3)
    (work / "archives").mkdir()
    for kind, source in archive_seeds(work / "archives").items():
        rng = random.Random(f"{seed}-{kind}")
        _fuzz(tally, f"mutated {kind}", lambda rng=rng, kind=kind, s=source: fuzz_archive(kind, s, work, rng), fuzz)
    _project_files(work, tally)


def _fuzz(tally: Tally, klass: str, one, n: int) -> None:
    counts = tally.inputs[klass]
    for _ in range(n):
        counts["files"] += 1
        try:
            outcome = one()
        except AssertionError as exc:
            counts["refused but changed the project"] += 1
            tally.problem(f"{klass}: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001
            counts["tracebacks"] += 1
            tally.problem(f"{klass}: {type(exc).__name__}: {exc}")
            continue
        counts["refused cleanly" if outcome == "refused" else "accepted"] += 1


def _project_files(work: Path, tally: Tally) -> None:
    """Files given as the project: foreign SQLite, a newer project, text, a FIFO, a folder."""
    folder = work / "not-projects"
    folder.mkdir()
    foreign = folder / "recipes.annotator"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.commit()
    con.close()
    newer = folder / "newer.annotator"
    open_project(newer).close()
    con = sqlite3.connect(newer)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("PRAGMA user_version = 99")
    con.close()
    (folder / "text.annotator").write_text("just some notes")
    os.mkfifo(folder / "pipe.annotator")
    (folder / "dir.annotator").mkdir()
    counts = tally.inputs["project files"]
    for path in sorted(folder.iterdir()):
        counts["files"] += 1
        before = path.read_bytes() if path.is_file() and not path.is_fifo() else None
        done = subprocess.run([str(CLI), "stats", "--project", str(path)], capture_output=True, text=True, timeout=60)
        after = path.read_bytes() if before is not None else None
        if "Traceback" in done.stderr:
            counts["tracebacks"] += 1
            tally.problem(f"project file {path.name}: traceback")
        elif done.returncode != 2:
            counts["accepted"] += 1
            tally.problem(f"project file {path.name}: not refused")
        elif before != after or Path(f"{path}-wal").exists():
            counts["refused but changed the project"] += 1
            tally.problem(f"project file {path.name}: refused, yet changed")
        else:
            counts["refused cleanly"] += 1


def report(tally: Tally, seconds: float) -> int:
    print(f"\n{'kills during':<16}{'runs':>6}  outcomes")
    for kind in ("edit", "import", "suggest", "backup"):
        c = tally.kills[kind]
        rest = ", ".join(f"{k} {v}" for k, v in c.items() if k != "runs")
        print(f"{kind:<16}{c['runs']:>6}  {rest}")
    cols = ("files", "refused cleanly", "accepted", "tracebacks", "refused but changed the project")
    print(
        f"\n{'inputs by class':<22}"
        + "".join(f"{c:>12}" for c in ("files", "refused", "accepted", "tracebacks", "changed"))
    )
    for klass, c in tally.inputs.items():
        print(f"{klass:<22}" + "".join(f"{c[k]:>12}" for k in cols))
    lost = sum(c["lost edits"] for c in tally.kills.values())
    tracebacks = sum(c["tracebacks"] for c in tally.inputs.values())
    bad_backups = tally.kills["backup"]["valid-looking bad backups"]
    changed = sum(c["refused but changed the project"] for c in tally.inputs.values())
    print(
        f"\n{lost} lost edits, {tracebacks} tracebacks, {bad_backups} valid-looking bad backups, "
        f"{changed} refused files that changed the project; {len(tally.problems)} problems in {seconds:.0f} s"
    )
    return 1 if tally.problems else 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=10, help="kill runs per kind of work")
    ap.add_argument("--fuzz", type=int, default=40, help="mutated inputs per importer")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tally = Tally()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="trust-campaign-") as tmp:
        work = Path(tmp)
        for name, phase in (
            ("edit", kill_edits),
            ("import", kill_imports),
            ("suggest", kill_suggest),
            ("backup", kill_backups),
        ):
            folder = work / name
            folder.mkdir()
            t = time.perf_counter()
            phase(folder, args.kills, rng, tally)
            print(f"kills during {name}: {time.perf_counter() - t:.0f} s", flush=True)
            shutil.rmtree(folder, ignore_errors=True)
        t = time.perf_counter()
        (work / "inputs").mkdir()
        hostile_inputs(work / "inputs", args.fuzz, args.seed, tally)
        print(f"hostile inputs: {time.perf_counter() - t:.0f} s", flush=True)
    return report(tally, time.perf_counter() - t0)


if __name__ == "__main__":
    sys.exit(main())
