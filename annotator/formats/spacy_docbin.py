"""spaCy DocBin (``.spacy``): what ``spacy train`` reads for span categorisation.

Export only; spaCy is an optional dependency (``pip install "annotator[spacy]"``)
imported when an export runs, never at import time.

Each story becomes one ``Doc`` made by the tokenizer of ``spacy.blank(lang)``
(``lang`` option, default ``"en"``; ``"xx"`` is spaCy's multi-language tokenizer,
``"zh"`` splits Chinese into characters; ``"auto"`` takes each story's
``language`` metadata, e.g. ``ru`` or ``zh-CN``; English without one, and the
multi-language tokenizer where spaCy lacks the language's extra packages). spaCy keeps the text exactly as given,
so ``doc.text`` is our normalised text and character offsets are code points.
Spans go into span groups: one group per label (``doc.spans["QUOTE"]``...) and
all of them in ``doc.spans["sc"]``, the group spaCy's spancat uses by default
(``spans_key`` option). Overlaps are fine in span groups; with ``ents=true``
the longest non-overlapping spans also become ``doc.ents`` for NER training.
spaCy spans are whole tokens, so a boundary inside a token is widened to it
(``alignment_mode="expand"``) and reported. A discontinuous span becomes one
spaCy span per fragment, all with the same ``span.id_`` (our span id).

A DocBin is one compressed blob, so the stories stay in memory until it is
written (measured: about 0.5 MB per 1,000-word story with 100 spans).

Everything else is kept in ``doc.user_data["annotator"]`` (JSON-compatible):
``{"format": {...}, "id", "title", "meta", "spans": {span id: {"label",
"fragments", "text", "attributes", "note", "annotator", "origin", "created",
"updated"}}, "relations": [{"id", "type", "from", "to", "annotator"}]}``, so
attributes and links travel with the file (``DocBin(store_user_data=True)``;
spaCy's msgpack gives the lists back as tuples).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotatedDocument
from annotator.core.schema import Schema

from .base import Capabilities, Format, FormatError, Report
from .imported import flag, no_other_options, one_layer

__all__ = ["FORMAT", "write", "USER_DATA_KEY"]

USER_DATA_KEY = "annotator"
FORMAT_OPTIONS = {
    "lang": "spaCy tokenizer language (default en; xx = multi-language, zh = characters; "
    "auto = each story's language metadata)",
    "spans_key": "span group holding all spans (default sc, what spancat reads)",
    "ents": "true: also set doc.ents for NER training (longest non-overlapping spans)",
}
FORMAT_TAG = {"name": "annotator-spacy", "version": 1}


def why_unavailable(*, frozen: bool, found: bool) -> str | None:
    """The packaged app leaves spaCy out: with numpy and blis it takes the bundle from about
    133 MB to 249 MB, past the 200 MB it must stay under (measured with PyInstaller)."""
    if found:
        return None
    if frozen:
        return (
            "the packaged app does not include spaCy (it would double the download); export conll or native "
            'here, or install annotator with pip (pip install "annotator[spacy]") for .spacy files'
        )
    return (
        "the spaCy export needs spaCy, which is not installed: run  scripts/venv.sh spacy  "
        '(for ./run.sh\'s .venv) or  pip install "annotator[spacy]"'
    )


def _missing() -> str | None:
    try:
        found = importlib.util.find_spec("spacy") is not None
    except (ImportError, ValueError):  # a blocked or broken install
        found = False
    return why_unavailable(frozen=bool(getattr(sys, "frozen", False)), found=found)


def _load_spacy(lang: str) -> Any:
    try:
        import spacy
    except ImportError:
        raise FormatError(why_unavailable(frozen=bool(getattr(sys, "frozen", False)), found=False) or "") from None
    try:
        return spacy.blank(lang)
    except (ImportError, KeyError, ValueError) as exc:
        raise FormatError(f"spaCy cannot make a blank {lang!r} pipeline: {exc}") from None


class _Tokenizers:
    """One blank pipeline per language; with ``lang="auto"`` each story's ``language``
    metadata picks it: English without one, the multi-language tokenizer for a
    language spaCy cannot tokenize here (Korean and Japanese need extra packages)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.fallback = "en" if lang == "auto" else lang
        self._nlp: dict[str, Any] = {self.fallback: _load_spacy(self.fallback)}
        self.unknown: set[str] = set()

    def for_story(self, meta: dict[str, Any]) -> Any:
        if self.lang != "auto":
            return self._nlp[self.fallback]
        code = str(meta.get("language") or meta.get("lang") or "").strip().lower().split("-")[0]
        if not code:
            return self._nlp[self.fallback]
        if code in self.unknown:
            return self._neutral()
        if code not in self._nlp:
            try:
                self._nlp[code] = _load_spacy(code)
            except FormatError:  # e.g. Korean or Japanese need extra packages
                self.unknown.add(code)
                return self._neutral()
        return self._nlp[code]

    def _neutral(self) -> Any:
        if "xx" not in self._nlp:
            self._nlp["xx"] = _load_spacy("xx")
        return self._nlp["xx"]


def _user_data(doc: AnnotatedDocument) -> dict[str, Any]:
    d = doc.document
    return {
        "format": dict(FORMAT_TAG),
        "id": d.id,
        "title": d.title,
        "sha256": d.sha256,
        "meta": dict(d.meta),
        "spans": {
            s.id: {
                "label": s.label,
                "fragments": [[a, b] for a, b in s.fragments],
                "text": s.text,
                "attributes": dict(s.attributes),
                "note": s.note,
                "annotator": s.annotator,
                "origin": s.origin,
                "created": s.created,
                "updated": s.updated,
            }
            for s in doc.spans
        },
        "relations": [
            {"id": r.id, "type": r.type, "from": r.source, "to": r.target, "annotator": r.annotator}
            for r in doc.relations
        ],
    }


def write(
    documents: Iterable[AnnotatedDocument],
    schema: Schema,
    dest: Path,
    *,
    lang: str = "en",
    spans_key: str = "sc",
    ents: bool | str = False,
    **options: Any,
) -> Report:
    no_other_options("spacy", options, FORMAT_OPTIONS)
    ents = flag(ents, "ents")
    tokenizers = _Tokenizers(lang)
    from spacy.tokens import DocBin, Span

    report = Report()
    widened = fragmented = no_token = not_ents = 0
    docbin = DocBin(store_user_data=True)
    for adoc in documents:
        report.documents += 1
        doc = tokenizers.for_story(adoc.document.meta).make_doc(adoc.document.text)
        if doc.text != adoc.document.text:  # spaCy promises this; refuse rather than shift offsets
            raise FormatError(f"spaCy changed the text of story {adoc.document.id}")
        groups: dict[str, list[Any]] = {}
        all_spans: list[Any] = []
        for span in sorted(adoc.spans, key=lambda s: (s.start, s.end, s.label, s.id)):
            if len(span.fragments) > 1:
                fragmented += 1
            pieces = []
            for s, e in span.fragments:
                piece = doc.char_span(s, e, label=span.label, alignment_mode="expand")
                if piece is None or len(piece) == 0:
                    continue
                if piece.start_char != s or piece.end_char != e:
                    widened += 1
                pieces.append(Span(doc, piece.start, piece.end, label=span.label, span_id=span.id))
            if not pieces:
                no_token += 1
                continue
            groups.setdefault(span.label, []).extend(pieces)
            all_spans.extend(pieces)
            report.spans += 1
        for label, spans in groups.items():
            if label != spans_key:  # a label named like the combined group lives in it anyway
                doc.spans[label] = spans
        doc.spans[spans_key] = all_spans
        if ents:
            keep, dropped = one_layer([(p.start, p.end, p) for p in all_spans])
            doc.ents = [p for _, _, p in keep]
            not_ents += len(dropped)
        doc.user_data[USER_DATA_KEY] = _user_data(adoc)
        report.relations += len(adoc.relations)
        docbin.add(doc)
    try:
        docbin.to_disk(Path(dest))
    except OSError as exc:
        raise FormatError(f"cannot write the file ({exc.strerror})", path=dest) from None
    if widened:
        report.drop("span boundary inside a spaCy token, widened to the token (exact offsets in user_data)", widened)
    if fragmented:
        report.drop("discontinuous span written as one spaCy span per fragment (same span id)", fragmented)
    if no_token:
        report.drop("span covering no spaCy token left out of the span groups (kept in user_data)", no_token)
    if tokenizers.unknown:
        report.notes.append(
            f"no spaCy tokenizer for language {', '.join(sorted(tokenizers.unknown))} here: "
            "spaCy's multi-language one (xx) used"
        )
    if not_ents:
        report.notes.append(
            f"{not_ents} overlapping spans are in doc.spans only, not in doc.ents (entities cannot overlap)"
        )
    report.notes.append(
        f"spans in doc.spans[label] and doc.spans[{spans_key!r}]; "
        f"links and attributes in doc.user_data[{USER_DATA_KEY!r}]"
    )
    return report


FORMAT = Format(
    name="spacy",
    title="spaCy DocBin (.spacy)",
    extensions=(".spacy",),
    carries=Capabilities(fragments=False),
    write=write,
    read=None,
    missing=_missing,
    offsets="spaCy tokens (character offsets are code points)",
    options=FORMAT_OPTIONS,
)
