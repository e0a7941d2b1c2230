"""Mutated and random inputs for every story reader and annotation importer.

Shared by the test suite (a few hundred cases) and bench/fuzz_all.py (thousands).
Each case must end in a clean result or a clean refusal, and a refused file
must leave the project exactly as it was.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

from annotator.core.model import Document
from annotator.core.session import AnnotationSession
from annotator.core.text import text_hash
from annotator.formats import all_formats
from annotator.store import open_project
from annotator.stories import StoryError, read_story_bytes
from annotator.workflows.annotation_import import import_annotation_file
from annotator.workflows.exchange import ExportScope, export_project

SEED_TEXT = (
    "“We will not back down,” she said, “no matter the cost.” 😀 Officials said 12% more.\n"
    '서울시는 밝혔다. The mayor, according to the report, said "yes" — twice.\n'
)


def readable_formats():
    return [f for f in all_formats() if f.readable]


def seed_project(path: Path):
    repo = open_project(path)
    repo.add_documents([Document("seed", "Seed", SEED_TEXT, text_hash(SEED_TEXT))])
    doc = repo.document("seed")
    s = AnnotationSession(repo, annotator="ana", schema=repo.schema())
    q = s.add_span(doc, "QUOTE", [(0, 25), (35, 57)])
    a = s.add_span(doc, "ATTRIBUTION", [(26, 34)], attributes={"source": "she", "cue": "said"})
    s.link(a, q)
    s.add_span(doc, "CLAIM", [(70, 85)])
    return repo


def exports(workdir: Path) -> dict[str, Path]:
    """One valid export per readable format, to mutate."""
    repo = seed_project(workdir / "seed.annotator")
    out = {}
    try:
        for fmt in readable_formats():
            dest = workdir / f"seed-{fmt.name}{'' if fmt.dest_is_dir else fmt.extensions[0]}"
            export_project(repo, fmt.name, dest, scope=ExportScope())
            out[fmt.name] = dest
    finally:
        repo.close()
    return out


def mutate(data: bytes, rng: random.Random) -> bytes:
    ops = rng.randrange(1, 4)
    b = bytearray(data)
    for _ in range(ops):
        kind = rng.randrange(7)
        if not b:
            b += rng.randbytes(rng.randrange(1, 20))
            continue
        i = rng.randrange(len(b))
        if kind == 0:
            b[i] = rng.randrange(256)
        elif kind == 1:
            del b[i : i + rng.randrange(1, 40)]
        elif kind == 2:
            b[i:i] = rng.choice(
                [
                    b'"',
                    b"{",
                    b"}",
                    b"]",
                    b"\t",
                    b"\n",
                    b"-1",
                    b"99999999",
                    b"\xff\xfe",
                    b";",
                    b"\x00",
                    b"null",
                    "😀".encode(),
                    b"T1\tX 0 5\tabc\n",
                ]
            )
        elif kind == 3:
            j = rng.randrange(len(b))
            b[i:i] = b[j : j + rng.randrange(1, 80)]
        elif kind == 4:
            del b[i:]
        elif kind == 5:
            m = rng.randrange(len(b))
            b[min(i, m) : max(i, m)] = bytes(reversed(b[min(i, m) : max(i, m)]))
        else:
            digits = [k for k, c in enumerate(b) if 48 <= c <= 57]
            if digits:
                k = rng.choice(digits)
                b[k] = rng.randrange(48, 58)
    return bytes(b)


def fingerprint(repo) -> str:
    h = hashlib.sha256()
    for table in ("documents", "spans", "relations", "meta"):
        for row in repo.db.execute(f"SELECT * FROM {table} ORDER BY 1"):
            h.update(repr(row).encode())
    return h.hexdigest()


def _check_every_span(repo) -> None:
    """Every stored span's text still equals what its offsets cover."""
    for doc_id in repo.document_ids():
        doc = repo.document(doc_id)
        for span in repo.spans(doc_id):
            span.check(doc.text)


def _remove_project(project: Path) -> None:
    for extra in ("", "-wal", "-shm"):
        Path(str(project) + extra).unlink(missing_ok=True)
    shutil.rmtree(str(project) + ".backups", ignore_errors=True)


def fuzz_importer(fmt_name: str, source: Path, workdir: Path, rng: random.Random) -> str:
    """Import one mutated copy of ``source``; returns 'imported' or 'refused'."""
    fmt = next(f for f in readable_formats() if f.name == fmt_name)
    case = workdir / f"case-{fmt_name}"
    if case.exists():
        shutil.rmtree(case) if case.is_dir() else case.unlink()
    if source.is_dir():
        shutil.copytree(source, case)
        files = sorted(p for p in case.iterdir() if p.is_file())
        victim = rng.choice(files)
        victim.write_bytes(mutate(victim.read_bytes(), rng))
    else:
        case = case.with_suffix(source.suffix)
        data = source.read_bytes() if rng.random() < 0.9 else rng.randbytes(rng.randrange(0, 400))
        case.write_bytes(mutate(data, rng))
    project = workdir / "target.annotator"
    repo = open_project(project)
    try:
        before = fingerprint(repo)
        outcome = import_annotation_file(repo, case, fmt, annotator="fuzz")
        if outcome.refused:
            assert fingerprint(repo) == before, f"{fmt_name}: refused file changed the project"
            assert outcome.refused.strip()
            return "refused"
        _check_every_span(repo)
        return "imported"
    finally:
        repo.close()
        _remove_project(project)


STORY_SEEDS = {
    "a.txt": SEED_TEXT.encode(),
    "a.md": b"# Head\n\nShe said **no** to [it](http://x.invalid).\n",
    "a.html": b"<html><body><nav>x</nav><article><h1>T</h1><p>He said &ldquo;yes&rdquo;.</p></article></body></html>",
    "a.json": b'{"id": "x", "headline": "H", "text": "Body text here."}',
    "a.jsonl": b'{"text": "one"}\n{"text": "two"}\n',
    "a.xml": b"<?xml version='1.0'?><nitf><body><body.content><p>Para.</p></body.content></body></nitf>",
}


def fuzz_story_reader(rng: random.Random) -> str:
    name, seed = rng.choice(sorted(STORY_SEEDS.items()))
    data = mutate(seed, rng) if rng.random() < 0.8 else rng.randbytes(rng.randrange(0, 300))
    try:
        records = read_story_bytes(data, name)
    except StoryError as exc:
        assert str(exc).startswith(name)
        return "refused"
    assert all("\r" not in r.text and r.text.strip() for r in records)
    return "read"


def archive_seeds(workdir: Path) -> dict[str, Path]:
    """A zip and a .tar.gz holding stories and a brat collection, to mutate."""
    import tarfile
    import zipfile

    brat = exports(workdir)["brat"]
    zipped = workdir / "seed.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("stories/a.txt", SEED_TEXT)
        zf.writestr("stories/b.md", STORY_SEEDS["a.md"])
        for f in sorted(brat.iterdir()):
            zf.write(f, f"brat/{f.name}")
    tarred = workdir / "seed.tar.gz"
    with tarfile.open(tarred, "w:gz") as tf:
        tf.add(brat, arcname="brat")
    return {"zip": zipped, "tar.gz": tarred}


def fuzz_archive(kind: str, source: Path, workdir: Path, rng: random.Random) -> str:
    """Import one mutated copy of an archive through the import front door; a refusal
    must leave the project as it was and write nothing beside the archive."""
    from annotator.workflows.exchange import import_files

    case_dir = workdir / "archive-case"
    shutil.rmtree(case_dir, ignore_errors=True)
    case_dir.mkdir()
    case = case_dir / f"case.{kind}"
    case.write_bytes(mutate(source.read_bytes(), rng))
    project = workdir / "archive-target.annotator"
    repo = open_project(project)
    try:
        before = fingerprint(repo)
        summary = import_files(repo, [case], annotator="fuzz")
        assert sorted(p.name for p in case_dir.iterdir()) == [case.name], "something was unpacked beside it"
        refused = [why for path, why in summary.refused if path.startswith(str(case))]
        if refused and not summary.imported_anything:
            assert fingerprint(repo) == before, f"{kind}: refused archive changed the project"
            return "refused"
        _check_every_span(repo)
        return "imported"
    finally:
        repo.close()
        _remove_project(project)
