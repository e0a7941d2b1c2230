"""Hostile and malformed files, one per class issue 17 found getting through (or
stopping the good files beside them). Shared by tests/trust/test_refusals.py and
bench/trust_campaign.py. Every text here was written for these tests.

Each case is a file (or brat folder) that must be refused with a reason that
contains ``says``, never a traceback, and must change nothing in the project.
"""

from __future__ import annotations

import json
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TEXT = "Officials said the bridge is safe, the mayor said on Tuesday."
HEADER = {"format": {"name": "annotator", "version": 1}}


@dataclass(frozen=True)
class Case:
    name: str  # file or folder name
    klass: str  # what kind of hostility, for the campaign's tally
    says: str  # a phrase the refusal must contain
    make: Callable[[Path], None]  # writes the case at the given path


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def _native(**fields: object) -> Callable[[Path], None]:
    record = {**HEADER, "id": "n1", "text": TEXT, "spans": [], "relations": [], **fields}
    return lambda p: p.write_text(json.dumps(record) + "\n", encoding="utf-8")


def _span(sid: str, label: str = "CLAIM", a: int = 0, b: int = 9, **extra: object) -> dict:
    return {"id": sid, "label": label, "start": a, "end": b, "fragments": [[a, b]], "text": TEXT[a:b], **extra}


def _brat(txt: str, ann: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        folder.mkdir()
        (folder / "a.txt").write_text(txt, encoding="utf-8")
        (folder / "a.ann").write_text(ann, encoding="utf-8")

    return make


def _zip(members: dict[str, str]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with zipfile.ZipFile(path, "w") as zf:
            for name, body in members.items():
                zf.writestr(name, body)

    return make


def _tar_hidden(path: Path) -> None:
    inner = path.with_name(".hidden-note.txt")
    inner.write_text(TEXT, encoding="utf-8")
    with tarfile.open(path, "w:gz") as tf:
        tf.add(inner, arcname=".hidden-note.txt")
    inner.unlink()


def _deep(n: int) -> str:
    return '{"a":' * n + "1" + "}" * n


CASES: list[Case] = [
    # item 3: JSON story files that raised a traceback
    Case("surrogate.json", "json limits", "surrogate", _bytes(b'{"text": "Officials said \\ud800 it is safe."}')),
    Case("bignum.json", "json limits", "digits", _bytes(f'{{"text": "{TEXT}", "n": {"7" * 5000}}}'.encode())),
    Case("deep.json", "json limits", "deep", _bytes(b"[" * 100_000 + b"]" * 100_000)),
    Case("deepmeta.json", "json limits", "deep", _bytes(f'{{"text": "{TEXT}", "meta": {_deep(5000)}}}'.encode())),
    Case("deepattrs.jsonl", "json limits", "deep", _native(spans=[_span("s1", attributes=_deep(5000))])),
    Case(
        "deepattrs-object.jsonl", "json limits", "deep", _native(spans=[_span("s1", attributes=json.loads(_deep(500)))])
    ),
    # item 4: garbage that went in silently
    Case(
        "doccano-negative.jsonl",
        "peer files",
        "outside the text",
        _bytes(json.dumps({"text": TEXT, "label": [[-1, 5, "CLAIM"]]}).encode() + b"\n"),
    ),
    Case(
        "doccano-empty-label.jsonl",
        "peer files",
        "label is empty",
        _bytes(json.dumps({"text": TEXT, "label": [[0, 9, ""]]}).encode() + b"\n"),
    ),
    Case(
        "brat-duplicate-ids",
        "peer files",
        "used twice",
        _brat(TEXT, "T1\tCLAIM 0 9\tOfficials\nT1\tQUOTE 15 18\tthe\n"),
    ),
    Case("brat-empty-text", "peer files", "no text", _brat("", "")),
    Case(
        "malformed.conll",
        "peer files",
        "expected a token and a tag",
        _bytes(b"Officials\tO\nsaid it\tis\tB-X Y\n\njunk\n"),
    ),
    Case("headerless.tsv", "peer files", "not a WebAnno TSV", _bytes(b"1-1\t0-9\tOfficials\t_\n1-2\t10-14\tsaid\t_\n")),
    Case(
        "truncated.conll",
        "peer files",
        "cut off",
        _bytes(b"Officials\tB-ATTRIBUTION\nsaid\tI-ATTRIBUTION\n\nthe\tB-QUOTE\nbridge\tI-QUOTE\n\nsafe\tB-QUOT"),
    ),
    Case(
        "self-link.jsonl",
        "native",
        "to itself",
        _native(spans=[_span("s1")], relations=[{"id": "r1", "type": "attributes", "from": "s1", "to": "s1"}]),
    ),
    Case("nul-label.jsonl", "native", "NUL", _native(spans=[_span("s1", "CL\u0000AIM")])),
    Case("nul-id.jsonl", "native", "NUL", _native(id="n\u00001", spans=[_span("s1")])),
    Case("nul-span-id.jsonl", "native", "NUL", _native(spans=[_span("s\u00001")])),
    Case("nul-text.jsonl", "native", "NUL", _native(text="Officials\u0000 said it.")),
    Case("oversized.jsonl", "size limits", "the limit for a story", _native(text="word " * (21 * 2**20 // 5 + 1))),
    # item 6: archives with nothing in them
    Case("empty.zip", "archives", "no files to import", _zip({})),
    Case("hidden-only.zip", "archives", "no files to import", _zip({".secret.txt": TEXT, "__MACOSX/._a.txt": "x"})),
    Case("hidden-only.tar.gz", "archives", "no files to import", _tar_hidden),
]


def good_stories(folder: Path, n: int = 3, *, tag: str = "") -> list[Path]:
    """Plain stories that must land whatever is imported beside them (``tag`` makes them
    new to a project that has the untagged ones)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"good-{i}.txt"
        p.write_text(f"Story {i}{tag}: the council voted {i + 4} to 3, a spokesman said.\n", encoding="utf-8")
        out.append(p)
    return out


def write_case(case: Case, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / case.name
    case.make(path)
    return path
