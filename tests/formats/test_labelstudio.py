"""Label Studio JSON: regions, per-region attributes, relations, annotators, code-point
offsets (UTF-16 from older versions detected by region text), predictions."""

from __future__ import annotations

import json

import pytest
from exchange_fixtures import rich_project, snapshot

from annotator.store import open_project
from annotator.workflows.exchange import export_project, import_files


@pytest.fixture
def rich(tmp_path):
    repo = rich_project(tmp_path / "rich.annotator")
    yield repo
    repo.close()


def test_export_shape(rich, tmp_path):
    out = tmp_path / "ls.json"
    report = export_project(rich, "labelstudio", out)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    task = next(t for t in tasks if t["data"]["story_id"] == "emoji-crlf")
    text = task["data"]["text"]
    names = sorted(a["created_username"] for a in task["annotations"])
    assert names == ["alice", "bob"]
    alice = next(a for a in task["annotations"] if a["created_username"] == "alice")
    regions = [r for r in alice["result"] if r["type"] == "labels"]
    for r in regions:
        v = r["value"]
        assert text[v["start"] : v["end"]] == v["text"]  # code points
        assert r["from_name"] == "label" and r["to_name"] == "text"
    quote = next(r for r in regions if r["value"]["labels"] == ["QUOTE"])
    per_region = [r for r in alice["result"] if r.get("id") == quote["id"] and r["type"] == "choices"]
    assert per_region[0]["from_name"] == "type" and per_region[0]["value"]["choices"] == ["direct"]
    notes = [r for r in alice["result"] if r["type"] == "textarea" and r["from_name"] == "note"]
    assert notes[0]["value"]["text"] == ["two parts:\nsaid + told"]
    (rel,) = [r for r in alice["result"] if r["type"] == "relation"]
    assert rel["labels"] == ["attributes"] and rel["direction"] == "right"
    assert report.dropped == {
        "spans with several fragments, written as one region per fragment": 1,
        "links to spans with several fragments, pointing at the region of the first fragment": 1,
    }


def test_round_trip(rich, tmp_path):
    out = tmp_path / "ls.json"
    export_project(rich, "labelstudio", out)
    back = open_project(tmp_path / "back.annotator")
    summary = import_files(back, [out], annotator="x")
    assert not summary.refused
    got, want = snapshot(back), snapshot(rich)
    assert got.keys() == want.keys()
    for digest in want:
        single = [s for s in want[digest]["spans"] if len(s[2]) == 1]
        assert set(single) <= set(got[digest]["spans"])
        assert len(got[digest]["relations"]) == len(want[digest]["relations"])
    assert back.document("emoji-crlf").title == "Bridge 🌉"
    back.close()


def _task(text, regions, **extra):
    return {
        "data": {"text": text},
        "annotations": [{"completed_by": {"email": "pat@example.org"}, "result": regions}],
        **extra,
    }


def _region(rid, start, end, text, label="PER"):
    return {
        "id": rid,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
    }


def test_old_utf16_offsets_are_recognised_by_region_text(tmp_path):
    text = "😀 Anna met 😀 Bob\r\nlater."
    # An old Label Studio counted JavaScript string indices over the raw text.
    u16 = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
    a, b = text.index("Anna"), text.index("Bob")
    path = tmp_path / "old.json"
    path.write_text(
        json.dumps(
            [
                _task(
                    text,
                    [
                        _region("r1", u16(text[:a]), u16(text[:a]) + 4, "Anna"),
                        _region("r2", u16(text[:b]), u16(text[:b]) + 3, "Bob"),
                        {"type": "relation", "from_id": "r2", "to_id": "r1", "direction": "left", "labels": ["met"]},
                    ],
                )
            ]
        )
    )
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [path], annotator="me")
    assert not summary.refused, summary.refused
    (doc_id,) = repo.document_ids()
    spans = {s.text: s for s in repo.spans(doc_id)}
    assert set(spans) == {"Anna", "Bob"}
    assert all(s.annotator == "pat@example.org" for s in spans.values())
    (rel,) = repo.relations(doc_id)
    assert (rel.source, rel.target) == (spans["Anna"].id, spans["Bob"].id)  # "left" reverses
    assert any("UTF-16" in line for line in summary.lines())
    repo.close()


def test_region_text_that_matches_nothing_is_refused(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([_task("Anna met Bob.", [_region("r1", 0, 4, "Bob!")])]))
    repo = open_project(tmp_path / "p.annotator")
    ((_, why),) = import_files(repo, [path], annotator="me").refused
    assert "bad.json" in why and "region r1" in why and "'Bob!'" in why
    assert repo.stats()["stories"] == 0
    repo.close()


def test_relation_to_missing_region_is_refused(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            [
                _task(
                    "Anna met Bob.",
                    [
                        _region("r1", 0, 4, "Anna"),
                        {"type": "relation", "from_id": "r1", "to_id": "zz", "direction": "right", "labels": []},
                    ],
                )
            ]
        )
    )
    repo = open_project(tmp_path / "p.annotator")
    ((_, why),) = import_files(repo, [path], annotator="me").refused
    assert "'zz'" in why
    repo.close()


def test_predictions_become_suggestions_and_per_region_attributes_are_kept(tmp_path):
    text = "Anna said it rains."
    task = {
        "data": {"text": text, "title": "Rain"},
        "annotations": [
            {
                "created_username": "kim@example.org, 3",
                "result": [
                    _region("q", 10, 18, "it rains", "QUOTE"),
                    {
                        "id": "q",
                        "from_name": "type",
                        "to_name": "text",
                        "type": "choices",
                        "value": {"start": 10, "end": 18, "text": "it rains", "choices": ["indirect"]},
                    },
                    {
                        "id": "q",
                        "from_name": "note",
                        "to_name": "text",
                        "type": "textarea",
                        "value": {"start": 10, "end": 18, "text": ["weather"]},
                    },
                ],
            }
        ],
        "predictions": [{"model_version": "v2", "result": [_region("p", 0, 4, "Anna", "ATTRIBUTION")]}],
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps(task, indent=2))  # one pretty-printed task, as LS's examples are
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [path], annotator="me")
    assert not summary.refused
    (doc_id,) = repo.document_ids()
    spans = {s.label: s for s in repo.spans(doc_id)}
    assert spans["QUOTE"].attributes == {"type": "indirect"} and spans["QUOTE"].note == "weather"
    assert spans["QUOTE"].annotator == "kim@example.org"
    assert spans["ATTRIBUTION"].origin == "suggested" and spans["ATTRIBUTION"].annotator == "prediction v2"
    assert repo.document(doc_id).title == "Rain"
    repo.close()


def test_our_task_arrays_stream_and_errors_name_the_line(rich, tmp_path):
    out = tmp_path / "ls.json"
    export_project(rich, "labelstudio", out)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "[" and lines[-2] == "]"  # one task per line: readable as a stream
    broken = tmp_path / "broken.json"
    broken.write_text("\n".join([lines[0], lines[1], lines[2][:-30], *lines[3:]]), encoding="utf-8")
    repo = open_project(tmp_path / "p.annotator")
    ((_, why),) = import_files(repo, [broken], annotator="me").refused
    assert "broken.json, line 3" in why
    cut = tmp_path / "cut.json"
    cut.write_text("\n".join(lines[:3]), encoding="utf-8")
    ((_, why),) = import_files(repo, [cut], annotator="me").refused
    assert "cut short" in why
    assert repo.stats()["stories"] == 0
    repo.close()
