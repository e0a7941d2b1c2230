"""Bytes -> text: BOMs, UTF-8, BOM-less UTF-16, then legacy encodings.

The order matters: a BOM is certain; strict UTF-8 almost never decodes legacy
text by accident; UTF-16 without a BOM shows as NULs in every other byte of
mostly-ASCII text; only then is detection (charset-normalizer) asked to guess
among legacy code pages (cp1252, EUC-KR/cp949, Shift-JIS, GB18030, ...).
"""

from __future__ import annotations

import codecs

from .base import StoryError

__all__ = ["decode_bytes", "looks_binary"]

# The control characters no story holds (all but tab, newline, vertical tab, form feed, CR), as UTF-8 bytes.
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20))

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_STARTS = {bom[:1] for bom, _ in _BOMS}  # most files start with none of these: no loop

# Encodings a newsroom archive plausibly holds; detection is limited to these
# so that short texts are not "detected" as something exotic.
_LEGACY = (
    "cp1252",
    "cp949",
    "euc_kr",
    "shift_jis",
    "cp932",
    "euc_jp",
    "gb18030",
    "big5",
    "cp1251",
    "koi8_r",
    "iso8859_2",
    "cp1250",
    "iso8859_7",
    "cp1253",
    "cp1254",
    "iso8859_9",
    "cp1256",
    "cp1255",
)


def _utf16_guess(data: bytes) -> str | None:
    if len(data) < 4 or data.find(b"\x00", 0, 4096) < 0:  # the usual case, without copying a sample
        return None
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def looks_binary(text: str) -> bool:
    """Control characters other than tab/newline/CR/FF mean this is not a story."""
    sample = text[:8192]
    # Counted at C speed on the UTF-8 bytes, where these characters are exactly those
    # bytes (no other character's bytes are below 0x80): several times isprintable().
    raw = sample.encode("utf-8", "surrogatepass")
    bad = len(raw) - len(raw.translate(None, _CONTROL_BYTES))
    if not bad:
        return False
    return "\x00" in sample or bad > max(2, len(sample) // 200)


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise StoryError naming the file."""
    for bom, enc in _BOMS if data[:1] in _BOM_STARTS else ():
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc.replace("-sig", "")), enc.replace("-sig", "") + " (BOM)"
            except UnicodeDecodeError as exc:
                raise StoryError(
                    f"{name}: starts with a {enc} byte-order mark but is not valid {enc} (byte {exc.start})."
                ) from exc
    enc16 = _utf16_guess(data)  # before UTF-8: ASCII in UTF-16 is also valid UTF-8
    if enc16:
        try:
            return data.decode(enc16), enc16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:8192]:
        raise StoryError(f"{name}: this is a binary file, not a story.")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_LEGACY)).best()
    if best is None:
        raise StoryError(
            f"{name}: cannot tell which text encoding this file uses. Save it as UTF-8 and import it again."
        )
    enc = best.encoding
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise StoryError(f"{name}: the bytes do not decode as {enc}; save it as UTF-8.") from exc
    # Related code pages often decode the same bytes identically; name the one
    # archives are usually labelled with (cp1252 over cp1250, EUC-KR over cp949).
    for preferred in ("cp1252", "euc_kr", "shift_jis"):
        if preferred == enc:
            break
        try:
            if data.decode(preferred) == text:
                return text, preferred
        except UnicodeDecodeError:
            pass
    return text, enc
