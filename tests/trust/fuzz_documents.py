"""Fuzzing the Word and PDF readers: mutated files, and Word files whose XML is mutated
inside an intact zip (a mutated zip mostly fails its checksum before any XML is read)."""

from __future__ import annotations

import io
import random
import zipfile

from stories.document_files import column_lines, docx_bytes, pdf_bytes

from annotator.stories import StoryError, read_story_bytes

from .fuzz_harness import mutate

__all__ = ["document_seeds", "fuzz_document_reader"]

_PARAS = [
    "The ferry operator said on Friday that winter crossings would be cut from four a day to two.",
    "“We cannot run empty boats all winter,” the chief executive told reporters in Oban.",
    "Island councillors called the decision a betrayal and said they would ask the government to step in.",
]


def document_seeds() -> dict[str, bytes]:
    docx = docx_bytes(
        ["Document 1 of 2", ("Heading1", "Ferry crossings halved"), "Byline: Morag Dunn", *_PARAS[:2]]
        + ["Document 2 of 2", ("Heading1", "Islanders protest"), _PARAS[2], "End of Document"],
        header="ISLES PRESS",
        footer="Page 1",
    )
    pages = [
        [(72, 760, 8, "ISLES PRESS"), (72, 730, 16, "Ferry crossings halved")]
        + column_lines(_PARAS[:2], 72, 700, 40)
        + column_lines(_PARAS[2:], 320, 700, 40)
        + [(300, 40, 8, "1")],
        [(72, 760, 8, "ISLES PRESS"), *column_lines(_PARAS, 72, 700, 80), (300, 40, 8, "2")],
    ]
    return {"a.docx": docx, "a.pdf": pdf_bytes(pages)}


def _mutate_inside(docx: bytes, rng: random.Random) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename in ("word/document.xml", "word/styles.xml") and rng.random() < 0.7:
                body = mutate(body, rng)
            dst.writestr(info.filename, body)
    return out.getvalue()


def fuzz_document_reader(rng: random.Random, seeds: dict[str, bytes]) -> str:
    """One mutated Word or PDF file: read (split or whole) or refused with a message naming it."""
    name, seed = rng.choice(sorted(seeds.items()))
    data = _mutate_inside(seed, rng) if name.endswith(".docx") and rng.random() < 0.7 else mutate(seed, rng)
    try:
        records = read_story_bytes(data, name, split_articles=rng.random() < 0.5)
    except StoryError as exc:
        assert str(exc).startswith(name)
        return "refused"
    assert records and all("\r" not in r.text and r.text.strip() for r in records)
    return "read"
