"""A person's answer to one entry of the review list after a story changed.

Accept keeps the placement; adjust puts the span on text the person selected
(an orphan comes back that way, with its attributes, note and the links whose
other span still exists); delete removes the span (an orphan is forgotten).
Span edits go through the session, so they are undoable like any other.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from annotator.core.anchoring import ORPHANED
from annotator.core.model import Relation, Span, SpanError, normalise_fragments
from annotator.core.session import AnnotationSession, EditError
from annotator.core.text import fragment_text
from annotator.store import Repository

__all__ = ["accept_review", "adjust_review", "delete_review", "how_sure"]


def _entry(repo: Repository, span_id: str) -> dict[str, Any]:
    entry = repo.review(span_id)
    if entry is None:
        raise EditError("That span is no longer waiting for review.")
    return entry


def accept_review(repo: Repository, span_id: str) -> None:
    """Keep the placement (a span not waiting for review stays as it is)."""
    entry = repo.review(span_id)
    if entry is not None and entry["status"] == ORPHANED:
        raise EditError("Its words are gone: select where it belongs in the story and choose Adjust, or delete it.")
    with repo.transaction():
        repo.clear_review(span_id)


def _restored(entry: dict[str, Any], text: str, fragments: list[tuple[int, int]]) -> Span:
    record = dict(entry["detail"].get("span") or {})
    if not record:
        raise EditError("This orphaned span was stored without its details; it can only be deleted.")
    record["fragments"] = tuple(tuple(f) for f in record.get("fragments", ()))
    span = Span(**record)
    try:
        frags = normalise_fragments(fragments, len(text))
    except SpanError as exc:
        raise EditError(str(exc)) from exc
    return replace(span, fragments=frags, text=fragment_text(text, frags))


def adjust_review(repo: Repository, session: AnnotationSession, span_id: str, fragments: list[tuple[int, int]]) -> Span:
    """Put a reviewed span on ``fragments`` of its story's current text."""
    entry = _entry(repo, span_id)
    doc = repo.document(entry["doc_id"])
    current = repo.span(span_id)
    if entry["status"] == ORPHANED or current is None:
        span = _restored(entry, doc.text, fragments)
        links = [
            Relation(**r)
            for r in entry["detail"].get("relations", [])
            if repo.span(r["target"] if r["source"] == span_id else r["source"]) is not None
        ]
        session.bulk(f"Place {span.label} again", doc.id, [span], links)
    else:
        span = session.update_span(current, fragments=fragments, description="Adjust after review")
    with repo.transaction():
        repo.clear_review(span_id)
    return span


def delete_review(repo: Repository, session: AnnotationSession, span_id: str) -> None:
    span = repo.span(span_id)
    if span is not None:
        session.delete_spans([span], description="Delete reviewed span")  # its review row goes with it
    with repo.transaction():
        repo.clear_review(span_id)


def how_sure(status: str, confidence: float, reason: str = "") -> str:
    """What the placement means, in words; a share is floored (0.996 is 99%, never 100%)."""
    pct = int(confidence * 100)
    if status == ORPHANED:
        return "gone: its words are no longer in the story"
    if status == "edited":
        return f"its words changed ({pct}% alike)"
    if status == "unsure":
        return reason or f"unsure ({pct}%)"
    return f"{status} ({pct}%)" + (f": {reason}" if reason else "")
