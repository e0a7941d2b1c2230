"""Word and PDF files written from the tests' own text: raw OOXML and hand-written PDF operators.

Kept deliberately small and explicit, so a test says exactly what the file holds: a
PDF page is a list of (x, y, font size, text) lines in Helvetica; a DOCX is a list
of (style, text) paragraphs plus optional header and footer.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

Line = tuple[float, float, float, str]  # x, y (from the bottom), font size, text

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _pdf_string(text: str) -> str:
    raw = text.encode("cp1252")  # WinAnsiEncoding, as the font declares
    return "(" + "".join(chr(b) for b in raw).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf_bytes(pages: list[list[Line]], *, width: float = 612, height: float = 792, info_title: str = "") -> bytes:
    """A PDF whose pages show the given lines, each placed with its own text matrix."""
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(pages)  # after every page and its content
    page_ids = []
    for lines in pages:
        ops = ["BT"]
        for x, y, size, text in lines:
            ops.append(f"/F1 {size:g} Tf 1 0 0 1 {x:g} {y:g} Tm {_pdf_string(text)} Tj")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {width:g} {height:g}] "
                f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"
            )
        )
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    assert add(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>") == pages_id
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>")
    info = add(f"<< /Title {_pdf_string(info_title)} >>") if info_title else 0
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    trailer = f"<< /Size {len(objects) + 1} /Root {catalog} 0 R" + (f" /Info {info} 0 R" if info else "") + " >>"
    out.write(b"trailer\n" + trailer.encode() + b"\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap to ``width`` characters (the PDF tests lay out their own lines)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def column_lines(paragraphs: list[str], x: float, top: float, width_chars: int, size: float = 10) -> list[Line]:
    """Paragraphs set in one column from ``top`` down, a blank line between paragraphs."""
    out: list[Line] = []
    y = top
    for para in paragraphs:
        for line in wrap(para, width_chars):
            out.append((x, y, size, line))
            y -= size * 1.3
        y -= size * 1.3
    return out


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _para(style: str, text: str) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{_run(text)}</w:p>"


def docx_bytes(
    paragraphs: list[tuple[str, str]] | list[str],
    *,
    header: str = "",
    footer: str = "",
    body_xml: str = "",
    title: str = "",
) -> bytes:
    """A .docx: paragraphs as (style id, text) or plain text; ``body_xml`` is appended raw."""
    paras = [("", p) if isinstance(p, str) else p for p in paragraphs]
    body = "".join(_para(style, text) for style, text in paras)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}" xmlns:r="{_R}">'
        f"<w:body>{body}{body_xml}<w:sectPr>"
        + ('<w:headerReference w:type="default" r:id="rIdH"/>' if header else "")
        + ('<w:footerReference w:type="default" r:id="rIdF"/>' if footer else "")
        + "</w:sectPr></w:body></w:document>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{_W}">'
        '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>'
        "</w:styles>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/>'
        + (
            '<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"'
            ' Target="header1.xml"/>'
            if header
            else ""
        )
        + (
            '<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"'
            ' Target="footer1.xml"/>'
            if footer
            else ""
        )
        + "</Relationships>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("word/document.xml", document)
        z.writestr("word/styles.xml", styles)
        z.writestr("word/_rels/document.xml.rels", rels)
        if header:
            z.writestr("word/header1.xml", f'<w:hdr xmlns:w="{_W}">{_para("", header)}</w:hdr>')
        if footer:
            z.writestr("word/footer1.xml", f'<w:ftr xmlns:w="{_W}">{_para("", footer)}</w:ftr>')
        if title:
            z.writestr(
                "docProps/core.xml",
                '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
                f' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{escape(title)}</dc:title>'
                "</cp:coreProperties>",
            )
    return out.getvalue()
