"""`annotator-cli suggest`: list, --json, --accept (idempotent), bad story ids."""

from __future__ import annotations

import json

from annotator.cli import main
from annotator.core.model import Document
from annotator.core.text import text_hash
from annotator.store import open_project

STORY = (
    "Mayor Elena Ortiz opened the bridge on Monday.\n"
    "\u201cWe will rebuild,\u201d she said, \u201cbut not this year.\u201d\n"
    "Repairs cost $4 million, according to the Transport Ministry."
)


def _project(tmp_path):
    path = tmp_path / "p.annotator"
    with open_project(path) as repo:
        repo.add_documents([Document("bridge", "Bridge", STORY, text_hash(STORY))])
    return path


def test_lists_without_storing(tmp_path, capsys):
    path = _project(tmp_path)
    assert main(["suggest", "--project", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "QUOTE" in printed and "source=Elena Ortiz" in printed
    with open_project(path) as repo:
        assert repo.spans("bridge") == []


def test_json_lines(tmp_path, capsys):
    path = _project(tmp_path)
    assert main(["suggest", "--project", str(path), "--json", "--stories", "bridge"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    quote = next(r for r in rows if r["label"] == "QUOTE" and r["attributes"]["type"] == "direct")
    assert quote["text"] == "\u201cWe will rebuild,\u201d \u201cbut not this year.\u201d"
    attr = next(r for r in rows if quote["id"] in r["links"])
    assert attr["attributes"]["source"] == "Elena Ortiz"


def test_accept_stores_suggested_spans_once(tmp_path, capsys):
    path = _project(tmp_path)
    assert main(["suggest", "--project", str(path), "--accept", "--annotator", "bot"]) == 0
    with open_project(path) as repo:
        spans = repo.spans("bridge")
        rels = repo.relations("bridge")
    assert spans and all(s.origin == "suggested" and s.annotator == "bot" for s in spans)
    assert {s.label for s in spans} >= {"QUOTE", "ATTRIBUTION"}
    by_id = {s.id: s for s in spans}
    assert rels and all(by_id[r.source].label == "ATTRIBUTION" for r in rels)
    capsys.readouterr()
    assert main(["suggest", "--project", str(path), "--accept"]) == 0
    assert "0 new spans and 0 new links" in capsys.readouterr().out
    with open_project(path) as repo:
        assert len(repo.spans("bridge")) == len(spans) and len(repo.relations("bridge")) == len(rels)


def test_unknown_story_is_a_clear_error(tmp_path, capsys):
    path = _project(tmp_path)
    assert main(["suggest", "--project", str(path), "--stories", "nope"]) == 2
    assert "no story with id nope" in capsys.readouterr().err


def test_accept_skips_spans_already_tagged_by_hand(tmp_path):
    from annotator.core.session import AnnotationSession

    path = _project(tmp_path)
    with open_project(path) as repo:
        session = AnnotationSession(repo, annotator="ann", schema=repo.schema())
        doc = repo.document("bridge")
        start = STORY.index("\u201cWe will")
        manual = session.add_span(doc, "QUOTE", [(start, start + 18), (start + 29, start + 50)])
        assert manual.text == "\u201cWe will rebuild,\u201d \u201cbut not this year.\u201d"
    assert main(["suggest", "--project", str(path), "--accept"]) == 0
    with open_project(path) as repo:
        quotes = [s for s in repo.spans("bridge") if s.fragments == manual.fragments]
        assert [q.origin for q in quotes] == ["manual"]
        # The suggested attribution still links to the hand-made quote.
        assert any(r.target == manual.id for r in repo.relations("bridge"))
