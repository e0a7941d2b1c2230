"""A small project whose exports the peers' own readers check (test_peer_readers.py).

Labels brat stores renamed (``STATE/PROVINCE``, ``org:founded_by``), a span with two
fragments that a link points at, an attribute, a note, two annotators, and a story
whose metadata has a key ``id`` (as a Label Studio task's data may). All text is ours.
"""

from __future__ import annotations

from pathlib import Path

from exchange_fixtures import add_story, find

from annotator.core.schema import AttributeDef, Label, RelationType, Schema
from annotator.core.session import AnnotationSession
from annotator.store import open_project

STORY = (
    "Maria Lopez of Ontario said on Monday that the river fund started by Sam Ortiz will grow next year.\n"
    "Officials in Quebec told reporters the plan is sound."
)
SECOND = "Sam Ortiz said the fund pays for new bridges in Quebec."

SCHEMA = Schema(
    "peers",
    (
        Label("PERSON", "#aa3333"),
        Label("STATE/PROVINCE", "#33aa33"),
        Label("ORG", "#3333aa"),
        Label("CLAIM", "#aaaa33", attributes=(AttributeDef("checkworthy", "choice", ("yes", "no")),)),
        Label("ATTRIBUTION", "#33aaaa"),
    ),
    (
        RelationType("org:founded_by", ("ORG",), ("PERSON",)),
        RelationType("attributes", ("ATTRIBUTION",), ("CLAIM",)),
    ),
)


def peer_project(path: Path):
    repo = open_project(path)
    repo.set_schema(SCHEMA)
    doc = add_story(repo, STORY, "river", "River fund", {"id": 7, "desk": "metro"})
    alice = AnnotationSession(repo, annotator="alice", schema=SCHEMA)
    t = doc.text
    alice.add_span(doc, "PERSON", [find(t, "Maria Lopez")])
    alice.add_span(doc, "STATE/PROVINCE", [find(t, "Ontario")])
    org = alice.add_span(doc, "ORG", [find(t, "the river fund")])
    sam = alice.add_span(doc, "PERSON", [find(t, "Sam Ortiz")])
    alice.link(org, sam, "org:founded_by")
    claim = alice.add_span(
        doc, "CLAIM", [find(t, "the plan is sound")], attributes={"checkworthy": "yes"}, note="check the budget"
    )
    said = alice.add_span(doc, "ATTRIBUTION", [find(t, "Officials in Quebec"), find(t, "told reporters")])
    alice.link(said, claim, "attributes")
    alice.add_span(doc, "STATE/PROVINCE", [find(t, "Quebec")])
    doc2 = add_story(repo, SECOND, "bridges", "Bridges")
    bob = AnnotationSession(repo, annotator="bob", schema=SCHEMA)
    bob.add_span(doc2, "PERSON", [find(doc2.text, "Sam Ortiz")])
    bob.add_span(doc2, "STATE/PROVINCE", [find(doc2.text, "Quebec")])
    return repo


def expected_fragments(repo) -> dict[str, set[tuple[str, int, int, str, str]]]:
    """story id -> {(annotator, start, end, text, label)} for every fragment of every span."""
    out: dict[str, set[tuple[str, int, int, str, str]]] = {}
    for doc_id in repo.document_ids():
        text = repo.document(doc_id).text
        out[doc_id] = {(s.annotator, a, b, text[a:b], s.label) for s in repo.spans(doc_id) for a, b in s.fragments}
    return out
