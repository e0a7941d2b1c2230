"""Escaping rules of WebAnno TSV 3.2+ (as WebAnno's and INCEpTION's reader apply them).

Feature values escape ``\\ [ ] | _ -> ; * TAB LF`` with a backslash; ``->`` is one
unit. ``#Text=`` lines escape the backslash, TAB, LF, CR, form feed and
backspace the Java way (``\\t`` ...) and the other C0 control characters (except
8-13) as a backslash followed by the character itself.
"""

from __future__ import annotations

import re

__all__ = [
    "escape_value",
    "unescape_value",
    "escape_text",
    "unescape_text",
    "split_stack",
    "split_id",
    "feature_name",
    "attribute_name",
]

# Feature names WebAnno and INCEpTION refuse (WebAnnoConst.RESTRICTED_FEATURE_NAMES),
# plus the three our span layer uses for its own fields.
RESTRICTED = frozenset(
    "address begin end coveredText booleanValue doubleValue byteValue CAS CASImpl class "
    "featureValue floatValue longValue lowLevelCas printRefs sofa stringValue type typeIndexId view".split()
)
OWN = frozenset({"label", "note", "annotator"})

_VALUE_ESC = {
    "\\": "\\\\",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",
    "_": "\\_",
    "->": "\\->",
    ";": "\\;",
    "\t": "\\t",
    "\n": "\\n",
    "*": "\\*",
}
_VALUE_RE = re.compile(r"->|[\\\[\]|_;\t\n*]")
_VALUE_UNESC = {v: k for k, v in _VALUE_ESC.items()}
_VALUE_UNRE = re.compile(r"\\(?:->|[\\\[\]|_;tn*])")

_TEXT_ESC: dict[str, str] = {chr(i): "\\" + chr(i) for i in range(32) if not 7 < i < 14}
_TEXT_ESC.update({"\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", "\b": "\\b", "\\": "\\\\"})
_TEXT_RE = re.compile("[" + re.escape("".join(_TEXT_ESC)) + "]")
_TEXT_UNESC = {v: k for k, v in _TEXT_ESC.items()}
_TEXT_UNRE = re.compile("|".join(re.escape(k) for k in sorted(_TEXT_UNESC, key=len, reverse=True)))


def escape_value(value: str) -> str:
    return _VALUE_RE.sub(lambda m: _VALUE_ESC[m.group()], value)


def unescape_value(value: str) -> str:
    if "\\" not in value:
        return value
    return _VALUE_UNRE.sub(lambda m: _VALUE_UNESC[m.group()], value)


def escape_text(text: str) -> str:
    return _TEXT_RE.sub(lambda m: _TEXT_ESC[m.group()], text)


def unescape_text(text: str) -> str:
    return _TEXT_UNRE.sub(lambda m: _TEXT_UNESC[m.group()], text)


def split_stack(raw: str) -> list[str]:
    """Split a column on ``|`` that is not escaped (values stay escaped)."""
    if "\\" not in raw:
        return raw.split("|")
    out: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            buf.append(raw[i : i + 2])
            i += 2
            continue
        if ch == "|":
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    out.append("".join(buf))
    return out


_ID_SUFFIX = re.compile(r"\[([0-9_]+)\]$")


def split_id(value: str) -> tuple[str, str | None]:
    """``"QUOTE[3]"`` -> ``("QUOTE", "3")``; an escaped ``\\]`` is not an id."""
    if value.endswith("]") and not value.endswith("\\]"):
        m = _ID_SUFFIX.search(value)
        if m:
            return value[: m.start()], m.group(1)
    return value, None


def feature_name(attribute: str) -> str:
    """The INCEpTION feature for an attribute: a letter, then letters, digits or ``_``.

    A reserved name gets a trailing ``_`` (``type`` -> ``type_``), which
    :func:`attribute_name` takes off again; other characters become ``_``.
    """
    name = re.sub(r"\W", "_", attribute)
    if not name or not name[0].isalpha():
        name = "a" + name
    if name in RESTRICTED or name in OWN:
        name += "_"
    return name


def attribute_name(feature: str) -> str:
    if feature.endswith("_") and (feature[:-1] in RESTRICTED or feature[:-1] in OWN):
        return feature[:-1]
    return feature
