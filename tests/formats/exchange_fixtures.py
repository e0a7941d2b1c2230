"""Shared builders for the exchange-format tests (native, brat, doccano, Label Studio)."""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import Document
from annotator.core.session import AnnotationSession
from annotator.core.text import normalise, text_hash
from annotator.store import open_project

# Emoji (astral), CRLF, CJK, a combining mark and RTL text: the things offsets get wrong.
EMOJI_CRLF = (
    'Officials 😀 said "the bridge is safe 🌉," the mayor told reporters.\r\n'
    "Later 𝔘 added: “we will check again.” 中文新闻说没问题。 Café is naïve, שלום.\r\n"
)


def add_story(repo, text: str, doc_id: str, title: str = "", meta: dict | None = None) -> Document:
    norm = normalise(text).text
    repo.add_documents([Document(doc_id, title or doc_id, norm, text_hash(norm), dict(meta or {}))])
    return repo.document(doc_id)


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def rich_project(path: Path):
    """Two stories, two annotators, fragments, overlaps, attributes, notes and links."""
    repo = open_project(path)
    doc = add_story(repo, EMOJI_CRLF, "emoji-crlf", "Bridge 🌉", {"outlet": "Gazette", "words": 12, "paywall": False})
    alice = AnnotationSession(repo, annotator="alice", schema=repo.schema())
    bob = AnnotationSession(repo, annotator="bob", schema=repo.schema())
    t = doc.text
    quote = alice.add_span(doc, "QUOTE", [find(t, '"the bridge is safe 🌉,"')], attributes={"type": "direct"})
    attr = alice.add_span(
        doc,
        "ATTRIBUTION",
        [find(t, "Officials 😀 said"), find(t, "the mayor told")],
        attributes={"source": "the mayor", "cue": "told\treporters"},
        note="two parts:\nsaid + told",
    )
    alice.link(attr, quote)
    claim = bob.add_span(doc, "CLAIM", [find(t, "the bridge is safe")], attributes={"checkworthy": "yes"})
    bob.add_span(doc, "QUOTE", [find(t, "“we will check again.”")])
    cjk = bob.add_span(doc, "CLAIM", [find(t, "中文新闻说没问题")])
    battr = bob.add_span(doc, "ATTRIBUTION", [find(t, "Later 𝔘 added")], attributes={"source_kind": "person"})
    bob.link(battr, claim)
    bob.link(battr, cjk)
    doc2 = add_story(repo, "Plain story.\nThe minister said taxes will fall.\n", "plain", "Plain")
    AnnotationSession(repo, annotator="alice", schema=repo.schema()).add_span(
        doc2, "CLAIM", [find(doc2.text, "taxes will fall")]
    )
    return repo


def snapshot(repo) -> dict:
    """Everything a project holds that an exchange could change, keyed by story text hash."""
    out = {}
    for doc_id in repo.document_ids():
        doc = repo.document(doc_id)
        spans = repo.spans(doc_id)
        by_id = {s.id: s for s in spans}
        out[doc.sha256] = {
            "spans": sorted(
                (s.annotator, s.label, s.fragments, s.text, tuple(sorted(s.attributes.items())), s.note) for s in spans
            ),
            "relations": sorted(
                (r.annotator, r.type, by_id[r.source].fragments, by_id[r.target].fragments)
                for r in repo.relations(doc_id)
            ),
        }
    return out


def check_spans_match_text(repo) -> int:
    """Every stored span's text equals its offsets; returns how many were checked."""
    n = 0
    for doc_id in repo.document_ids():
        doc = repo.document(doc_id)
        for span in repo.spans(doc_id):
            span.check(doc.text)
            n += 1
    return n
