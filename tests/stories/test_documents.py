"""Word and PDF stories, from files the tests write themselves (tests/stories/document_files.py)."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from document_files import column_lines, docx_bytes, pdf_bytes

from annotator.stories import StoryError, read_story_bytes, read_story_file
from annotator.stories.base import MAX_DOCUMENT_BYTES

LEDE = "The ferry operator said on Friday that winter crossings to the islands would be cut from four a day to two."
QUOTE = "“We cannot run empty boats all winter,” the operator's chief executive, Iain Rennie, told reporters."
REPLY = "Island councillors called the decision a betrayal and said they would ask the government to step in."


def one(data: bytes, name: str):
    [rec] = read_story_bytes(data, name)
    return rec


# --- Word --------------------------------------------------------------------


def test_docx_paragraphs_headline_byline_dateline_no_header_or_footer():
    data = docx_bytes(
        [("Title", "Ferry crossings halved"), "By Morag Dunn", f"OBAN (Isles Press) — {LEDE}", QUOTE, REPLY],
        header="ISLES PRESS — EMBARGOED",
        footer="Page 1 of 1",
    )
    rec = one(data, "ferry.docx")
    assert rec.text == "\n\n".join(
        ["Ferry crossings halved", "By Morag Dunn", f"OBAN (Isles Press) — {LEDE}", QUOTE, REPLY]
    )
    assert rec.title == "Ferry crossings halved"
    assert rec.meta["byline"] == "By Morag Dunn" and rec.meta["dateline"] == "OBAN (Isles Press)"
    assert rec.meta["format"] == "docx"
    assert "EMBARGOED" not in rec.text and "Page 1" not in rec.text


def test_docx_soft_hyphens_deleted_revisions_fields_and_tables():
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    extra = (
        f'<w:p xmlns:w="{w}"><w:r><w:t>The time</w:t></w:r><w:r><w:softHyphen/></w:r><w:r><w:t>table changes</w:t>'
        "</w:r><w:del><w:r><w:delText> in error</w:delText></w:r></w:del><w:r><w:t xml:space='preserve'> in"
        " </w:t></w:r><w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>DATE \\@ yyyy</w:instrText>"
        "</w:r><w:r><w:t>January</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p>"
        f'<w:tbl xmlns:w="{w}"><w:tr><w:tc><w:p><w:r><w:t>Route</w:t></w:r></w:p></w:tc>'
        "<w:tc><w:p><w:r><w:t>Crossings</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        f'<w:sdt xmlns:w="{w}"><w:sdtContent><w:p><w:r><w:t>In a content control.</w:t></w:r></w:p>'
        "</w:sdtContent></w:sdt>"
    )
    rec = one(docx_bytes([LEDE], body_xml=extra), "t.docx")
    assert rec.text == f"{LEDE}\n\nThe timetable changes in January.\n\nRoute\tCrossings\n\nIn a content control."


def test_docx_hyphenated_line_breaks_are_joined():
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    extra = (
        f'<w:p xmlns:w="{w}"><w:r><w:t>The councillors met the oper-</w:t><w:br/><w:t>ator on Monday.</w:t></w:r></w:p>'
    )
    rec = one(docx_bytes([], body_xml=extra), "h.docx")
    assert rec.text == "The councillors met the operator on Monday."


EXPORT = [
    "Search terms: ferry AND islands",
    "Document 1 of 3",
    ("Heading1", "Ferry crossings halved"),
    "Byline: Morag Dunn",
    "Length: 412 words",
    LEDE,
    QUOTE,
    "Document 2 of 3",
    ("Heading1", "Islanders plan protest"),
    "Load-Date: March 5, 2026",
    REPLY,
    "Document 3 of 3",
    ("Heading1", "Minister to visit Oban"),
    "The transport minister will visit Oban next week, her office said.",
    "End of Document",
]


def test_a_multi_article_docx_splits_into_one_story_each():
    data = docx_bytes(EXPORT)
    whole = one(data, "export.docx")
    assert "Document 2 of 3" in whole.text  # unsplit: the file as it is
    recs = read_story_bytes(data, "export.docx", split_articles=True)
    assert [r.title for r in recs] == ["Ferry crossings halved", "Islanders plan protest", "Minister to visit Oban"]
    assert recs[0].text == f"Ferry crossings halved\n\n{LEDE}\n\n{QUOTE}"
    assert recs[0].meta["byline"] == "Morag Dunn" and recs[1].meta["date"] == "March 5, 2026"
    assert recs[2].meta["article"] == "3 of 3"
    for rec in recs:
        assert "Document" not in rec.text and "Search terms" not in rec.text


def test_factiva_style_document_ids_close_articles_but_words_do_not():
    data = docx_bytes(
        [("Heading1", "Ferry crossings halved"), LEDE, "Document ISLPRS0020260305e2350001"]
        + [("Heading1", "Islanders plan protest"), "Document Confidentiality", REPLY]
        + ["Document ISLPRS0020260306e2360002"]
    )
    recs = read_story_bytes(data, "factiva.docx", split_articles=True)
    assert [r.title for r in recs] == ["Ferry crossings halved", "Islanders plan protest"]
    assert "Document Confidentiality" in recs[1].text
    assert "ISLPRS" not in recs[0].text + recs[1].text


def test_a_docx_with_headline_styles_and_no_markers_splits_at_each_headline():
    data = docx_bytes([("Heading1", "First story"), LEDE, ("Heading1", "Second story"), REPLY])
    recs = read_story_bytes(data, "two.docx", split_articles=True)
    assert [(r.title, r.text) for r in recs] == [
        ("First story", f"First story\n\n{LEDE}"),
        ("Second story", f"Second story\n\n{REPLY}"),
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return out.getvalue()


def test_a_docx_zip_bomb_is_refused_before_it_inflates():
    bomb = _zip({"word/document.xml": b"<w:document>" + b" " * (60 * 1024 * 1024) + b"</w:document>"})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(StoryError, match=r"bomb\.docx: .*inflate"):
        read_story_bytes(bomb, "bomb.docx")
    many = _zip({f"word/media/{i}.xml": b"" for i in range(5001)})
    with pytest.raises(StoryError, match="parts"):
        read_story_bytes(many, "many.docx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le"), "password"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, r"old Word \.doc"),
        (b"PK\x03\x04 broken beyond repair", "damaged"),
        (_zip({"content.xml": b"<x/>"}), "not a Word document"),
        (_zip({"word/document.xml": b"<w:document><w:body>"}), "damaged"),
        (_zip({"word/document.xml": b'<!DOCTYPE d [<!ENTITY e "x">]><d>&e;</d>'}), "refused for safety"),
    ],
)
def test_unreadable_docx_files_are_refused_clearly(data, message):
    with pytest.raises(StoryError, match=rf"^x\.docx: .*{message}"):
        read_story_bytes(data, "x.docx")


def test_a_truncated_docx_is_refused():
    data = docx_bytes([LEDE, QUOTE])
    with pytest.raises(StoryError, match=r"^cut\.docx: "):
        read_story_bytes(data[: len(data) // 2], "cut.docx")


# --- PDF -----------------------------------------------------------------------

LEFT = [
    "The harbour authority said on Monday that the new breakwater would be finished by spring, "
    "two years later than planned and well over budget.",
    "Engineers blamed the storms of last winter, which washed away a third of the foundations.",
]
RIGHT = [
    "Fishermen were less patient. One skipper said the delay had cost him half a season of landings.",
    "The council will meet on Thursday to decide whether to fine the builder.",
]


def test_a_two_column_pdf_reads_column_by_column():
    lines = [(72, 740, 18, "Breakwater delayed again")]
    lines += column_lines(LEFT, 72, 700, 42) + column_lines(RIGHT, 320, 700, 42)
    lines.sort(key=lambda line: (-line[1], line[0]))  # drawn row by row across both columns
    rec = one(pdf_bytes([lines]), "two.pdf")
    assert rec.text == "\n\n".join(["Breakwater delayed again", *LEFT, *RIGHT])
    assert rec.title == "Breakwater delayed again" and rec.meta["format"] == "pdf"


def test_pdf_running_heads_page_numbers_and_hyphens():
    def page(n: int, body: list[tuple[float, str]]) -> list[tuple[float, float, float, str]]:
        return [
            (72, 760, 8, "HARBOUR NEWS — Press release"),
            *[(72, y, 10, text) for y, text in body],
            (300, 40, 8, f"Page {n} of 2"),
        ]

    first = [
        (700, "The harbour authority confirmed the new break-"),
        (687, "water would open in spring. Its chair, a well-"),
        (674, "known engineer, said so on Monday."),
        (648, "The contract was signed in 2024 and the work"),
        (635, "was meant to take two years, but the storms"),
    ]
    second = [
        (700, "of last winter set it back by a full season."),
        (674, "Fishermen want compensation. A well-known skipper said so."),
    ]
    rec = one(pdf_bytes([page(1, first), page(2, second)]), "release.pdf")
    assert rec.text == (
        "The harbour authority confirmed the new breakwater would open in spring. Its chair, a well-known engineer,"
        " said so on Monday.\n\nThe contract was signed in 2024 and the work was meant to take two years, but the"
        " storms of last winter set it back by a full season.\n\nFishermen want compensation. A well-known skipper"
        " said so."
    )


def test_a_multi_article_pdf_splits():
    pages = []
    for n, (head, body) in enumerate([("Breakwater delayed again", LEFT[0]), ("Skippers want money", RIGHT[0])], 1):
        pages.append([(72, 750, 10, f"Document {n} of 2"), (72, 720, 16, head), *column_lines([body], 72, 690, 80)])
    data = pdf_bytes(pages)
    recs = read_story_bytes(data, "export.pdf", split_articles=True)
    assert [r.title for r in recs] == ["Breakwater delayed again", "Skippers want money"]
    assert recs[1].text == f"Skippers want money\n\n{RIGHT[0]}"
    assert len(read_story_bytes(data, "export.pdf")) == 1


def test_encrypted_damaged_and_textless_pdfs_are_refused():
    from pypdf import PdfReader, PdfWriter

    plain = pdf_bytes([column_lines([LEFT[0]], 72, 700, 80)])
    writer = PdfWriter()
    for p in PdfReader(io.BytesIO(plain)).pages:
        writer.add_page(p)
    writer.encrypt(user_password="harbour", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(StoryError, match=r"^locked\.pdf: .*password"):
        read_story_bytes(locked.getvalue(), "locked.pdf")
    with pytest.raises(StoryError, match=r"^cut\.pdf: .*damaged"):
        read_story_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R", "cut.pdf")
    with pytest.raises(StoryError, match=r"^notes\.pdf: not a PDF"):
        read_story_bytes(b"just some notes", "notes.pdf")
    with pytest.raises(StoryError, match=r"^scan\.pdf: .*no text layer"):
        read_story_bytes(pdf_bytes([[]]), "scan.pdf")


def test_owner_password_only_pdf_is_read():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for p in PdfReader(io.BytesIO(pdf_bytes([column_lines([LEFT[0]], 72, 700, 80)]))).pages:
        writer.add_page(p)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert one(out.getvalue(), "open.pdf").text == LEFT[0]


def test_document_size_limit(tmp_path):
    big = tmp_path / "huge.pdf"
    with open(big, "wb") as f:
        f.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(StoryError, match=r"huge\.pdf: .*too large"):
        read_story_file(big)
    os.unlink(big)
