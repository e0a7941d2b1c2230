"""The one list of formats the CLI and the export/import dialogs offer."""

from __future__ import annotations

import importlib
from pathlib import Path

from .base import Format, FormatError

# Module names under annotator.formats; each defines FORMAT (or FORMATS, a list).
_MODULES: tuple[str, ...] = (
    "native",
    "brat",
    "doccano",
    "labelstudio",
    "spacy_docbin",
    "conll",
    "webanno_tsv",
    "w3c_annotation",
    "csv_spans",
)

_cache: dict[str, Format] | None = None


def _load() -> dict[str, Format]:
    global _cache
    if _cache is None:
        found: dict[str, Format] = {}
        for name in _MODULES:
            module = importlib.import_module(f"{__package__}.{name}")
            for fmt in getattr(module, "FORMATS", None) or [module.FORMAT]:
                found[fmt.name] = fmt
        _cache = found
    return _cache


def all_formats() -> list[Format]:
    return list(_load().values())


def get(name: str) -> Format:
    try:
        return _load()[name]
    except KeyError:
        known = ", ".join(_load())
        raise FormatError(f"unknown format {name!r}; known formats: {known}") from None


def detect(path: Path) -> Format | None:
    """The readable format a file looks like, by content first and extension second."""
    path = Path(path)
    head = b""
    if path.is_file():
        with open(path, "rb") as fh:
            head = fh.read(64 * 1024)
    for fmt in _load().values():
        if fmt.read is not None and fmt.sniff is not None and fmt.sniff(path, head):
            return fmt
    return None
