"""Word (.docx) stories: the body's paragraphs in order, read from the OOXML package.

The standard library's zipfile with defusedxml: no third-party parser and no DTD,
entity or external reference is ever expanded. Only the main document part is
read, so headers, footers (page numbers live there) and comments stay out; deleted
revisions, field codes and the fallback copy of drawings are skipped. The package
is checked before anything is inflated: too many parts, a part that inflates past
its cap (a zip bomb), an encrypted package or an old binary .doc are refused with a
message.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Any
from xml.etree.ElementTree import Element

from .articles import Block
from .base import StoryError
from .lines import join_lines

__all__ = ["docx_blocks", "MAX_PARTS", "MAX_PART_BYTES"]

MAX_PARTS = 5000
MAX_PART_BYTES = 48 * 1024 * 1024  # inflated document.xml; ~10x the text of a very long story
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: old .doc, or an encrypted OOXML package
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = {_W + t for t in ("del", "instrText", "delText", "footnoteReference", "commentReference")} | {
    _MC + "Fallback",
    _W + "drawing",
    _W + "pict",
    _W + "object",
}
_HEADING = re.compile(r"^(?:heading\s*(\d)|title)$", re.I)


def _read_part(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, cap: int) -> bytes:
    """A part's bytes, inflated in chunks and refused as soon as it passes ``cap``
    (the sizes a zip declares can lie)."""
    if info.file_size > cap:
        raise StoryError(f"{name}: the Word file's {info.filename} would inflate past {cap // 2**20} MB; refused.")
    out = bytearray()
    with z.open(info) as f:
        while chunk := f.read(1 << 20):
            out += chunk
            if len(out) > cap:
                raise StoryError(f"{name}: the Word file's {info.filename} inflates past {cap // 2**20} MB; refused.")
    return bytes(out)


def _parse(data: bytes, name: str) -> Element:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise StoryError(f"{name}: the Word file declares XML entities, which are refused for safety.") from exc
    except (SafeET.ParseError, LookupError, ValueError) as exc:  # LookupError: an unknown encoding declared
        raise StoryError(f"{name}: the Word file is damaged (its XML does not parse: {exc}).") from exc


def _styles(z: zipfile.ZipFile, name: str) -> dict[str, int]:
    """Heading level of each paragraph style id (ids are localised: "berschrift1")."""
    try:
        info = z.getinfo("word/styles.xml")
    except KeyError:
        return {}
    levels: dict[str, int] = {}
    for style in _parse(_read_part(z, info, name, 8 * 1024 * 1024), name).iter(_W + "style"):
        sid = style.get(_W + "styleId") or ""
        el = style.find(_W + "name")
        m = _HEADING.match((el.get(_W + "val") or "") if el is not None else "") or _HEADING.match(sid)
        if m:
            levels[sid] = int(m.group(1) or 1)
    return levels


def _text(el: Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == _W + "t":
            out.append(child.text or "")
        elif tag == _W + "tab" or tag == _W + "ptab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _W + "softHyphen":
            continue  # shown only where Word breaks the line: not part of the word
        else:
            _text(child, out)


def _paragraph(p: Element, levels: dict[str, int]) -> Block | None:
    parts: list[str] = []
    _text(p, parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parts).split("\n")]
    text = ""
    for line in lines:  # a manual line break stays, unless it splits a hyphenated word
        if text and re.search(r"\w-$", text) and line[:1].islower():
            text = join_lines([text, line])
        else:
            text = f"{text}\n{line}" if text else line
    text = text.strip()
    if not text:
        return None
    heading = 0
    ppr = p.find(_W + "pPr")
    if ppr is not None:
        style = ppr.find(_W + "pStyle")
        if style is not None:
            heading = levels.get(style.get(_W + "val") or "", 0)
        outline = ppr.find(_W + "outlineLvl")
        if not heading and outline is not None and (outline.get(_W + "val") or "").isdigit():
            heading = int(outline.get(_W + "val") or 0) + 1
    return Block(text, heading)


def _body_blocks(body: Element, levels: dict[str, int]) -> list[Block]:
    blocks: list[Block] = []
    for el in body:
        if el.tag == _W + "p":
            b = _paragraph(el, levels)
            if b:
                blocks.append(b)
        elif el.tag == _W + "tbl":
            for row in el.iter(_W + "tr"):
                cells = []
                for cell in row.findall(_W + "tc"):
                    texts = [b.text for p in cell.iter(_W + "p") if (b := _paragraph(p, {}))]
                    cells.append(" ".join(texts))
                if any(cells):
                    blocks.append(Block("\t".join(c for c in cells if c)))
        elif el.tag in (_W + "sdt", _W + "customXml", _W + "sdtContent"):  # content controls hold paragraphs too
            inner = el.find(_W + "sdtContent") if el.tag == _W + "sdt" else el
            if inner is not None:
                blocks += _body_blocks(inner, levels)
    return blocks


def _core_title(z: zipfile.ZipFile, name: str) -> str:
    try:
        info = z.getinfo("docProps/core.xml")
    except KeyError:
        return ""
    root = _parse(_read_part(z, info, name, 1024 * 1024), name)
    el = root.find("{http://purl.org/dc/elements/1.1/}title")
    return (el.text or "").strip() if el is not None else ""


def docx_blocks(data: bytes, name: str) -> tuple[list[Block], dict[str, Any]]:
    """The body's paragraphs (with heading levels) and the file's own title, or StoryError."""
    if data.startswith(_CFB):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise StoryError(f"{name}: the Word file is password-protected; save a copy without a password.")
        raise StoryError(f"{name}: an old Word .doc (or other Office binary) file; save it as .docx and import that.")
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise StoryError(f"{name}: not a Word .docx file, or a damaged one ({exc}).") from exc
    with z:
        try:
            infos = z.infolist()
            if len(infos) > MAX_PARTS:
                raise StoryError(f"{name}: the Word file holds {len(infos)} parts; refused (the limit is {MAX_PARTS}).")
            try:
                main = z.getinfo("word/document.xml")
            except KeyError:
                raise StoryError(f"{name}: a zip file, but not a Word document (no word/document.xml).") from None
            if main.flag_bits & 0x1:
                raise StoryError(f"{name}: the Word file is encrypted; save a copy without a password.")
            levels = _styles(z, name)
            root = _parse(_read_part(z, main, name, MAX_PART_BYTES), name)
            title = _core_title(z, name)
        except StoryError:
            raise
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            NotImplementedError,
            RuntimeError,
            ValueError,
        ) as exc:
            raise StoryError(f"{name}: the Word file is damaged ({exc}).") from exc
    body = root.find(_W + "body")
    if body is None:
        raise StoryError(f"{name}: the Word file has no document body.")
    return _body_blocks(body, levels), ({"title": title} if title else {})
