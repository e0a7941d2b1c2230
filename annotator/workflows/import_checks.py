"""The last check before a file's story reaches the project, whatever format it came in.

Readers check their own syntax; this checks what no format may bring in: text that
is not text (NUL, lone surrogates), a story over the size limit or empty, empty
labels and link types, metadata and attributes nested past the shared limits, and a
link from a span to itself (the window refuses to draw one, and no peer tool means
one). The message names the story and the span or link, for the refusal line.
"""

from __future__ import annotations

from annotator.core.limits import flat_json, is_text, json_problem, name_problem, text_problem
from annotator.core.model import AnnotatedDocument

__all__ = ["story_problem", "unexpected"]


def unexpected(exc: BaseException) -> str:
    """The refusal for a file that failed in a way no reader foresaw (a bug to report)."""
    return f"could not be read ({type(exc).__name__}: {str(exc)[:200]}); nothing from this file was imported"


def story_problem(item: AnnotatedDocument) -> str | None:
    doc = item.document
    story = f"story {doc.id!r}" if doc.id else "a story"
    if not doc.text.strip():
        return f"{story} has no text (an empty story is not imported)"
    why = (
        text_problem(doc.text, f"{story}: the text")
        or (doc.id and text_problem(doc.id, f"{story}: the id", limit=10_000))
        or text_problem(doc.title, f"{story}: the title", limit=100_000)
        or (doc.meta and json_problem(doc.meta, f"{story}: meta"))
    )
    if why:
        return why
    for span in item.spans:
        # The quick test first: a million-span import must not build a million messages.
        if (
            is_text(span.id + span.label + span.annotator + span.origin + span.note)
            and span.label.strip()
            and (not span.attributes or flat_json(span.attributes))
        ):
            continue
        what = f"{story}, span {span.id!r}"
        why = (
            name_problem(span.label, f"{what}: the label")
            or text_problem(span.id + span.annotator + span.origin, f"{what}: its id or annotator", limit=None)
            or text_problem(span.note, f"{what}: the note", limit=None)
            or (span.attributes and json_problem(span.attributes, f"{what}: attributes"))
        )
        if why:
            return why
    for rel in item.relations:
        if rel.source != rel.target and rel.type.strip() and is_text(rel.id + rel.type + rel.annotator):
            continue
        what = f"{story}, link {rel.id!r}"
        if rel.source == rel.target:
            return f"{what} joins span {rel.source!r} to itself"
        why = name_problem(rel.type, f"{what}: the link type") or text_problem(
            rel.id + rel.annotator, f"{what}: its id or annotator", limit=None
        )
        if why:
            return why
    return None
