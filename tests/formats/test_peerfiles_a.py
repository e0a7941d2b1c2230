"""Every brat, doccano and Label Studio file in shared/peerfiles imports, detected by
content, and every imported span covers exactly the text the file states for it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from exchange_fixtures import check_spans_match_text

from annotator.formats import detect
from annotator.store import open_project
from annotator.workflows.exchange import import_files

PEER = Path(__file__).resolve().parents[3] / "shared" / "peerfiles"
if not PEER.is_dir():  # the checkout may sit elsewhere; the shared folder is fixed
    PEER = Path("/work/shared/peerfiles")

pytestmark = pytest.mark.skipif(not PEER.is_dir(), reason="peer files not available")

DOCCANO = sorted((PEER / "doccano").glob("*.jsonl"))
LABEL_STUDIO = sorted((PEER / "label-studio").glob("*.json"))


def _stated_brat(folder: Path) -> dict[str, list[str]]:
    out = {}
    for ann in folder.glob("*.ann"):
        out[ann.stem] = sorted(
            line.split("\t")[2] for line in ann.read_text(encoding="utf-8").splitlines() if line.startswith("T")
        )
    return out


def test_brat_examples_import_with_their_stated_texts(tmp_path):
    folder = PEER / "brat"
    assert detect(folder).name == "brat"
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [folder], annotator="me")
    assert not summary.refused, summary.refused
    stated = _stated_brat(folder)
    got = {repo.document(d).title: sorted(s.text for s in repo.spans(d)) for d in repo.document_ids()}
    assert got == stated
    assert check_spans_match_text(repo) == sum(len(v) for v in stated.values())
    # The non-ASCII (Spanish) corpus file: code-point offsets.
    assert "Camilo José Cela" in " ".join(got["esp.train-doc-29"])
    # Person/Organization are not in our schema: added, with the conf's attribute values.
    person = repo.schema().label("Person")
    assert person is not None and person.attribute("Mention").values == ("Name", "Nominal", "Other")
    intro = next(d for d in repo.document_ids() if repo.document(d).title == "000-introduction")
    notes = {s.text: s.note for s in repo.spans(intro)}
    assert notes["$100 million"] == "100000000 USD"
    assert {r.type for r in repo.relations(intro)} >= {"Origin", "Family", "Giver-Arg"}
    assert any("added label Person" in line for line in summary.lines())
    repo.close()


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in DOCCANO])
def test_doccano_examples_import(tmp_path, path):
    assert detect(path).name == "doccano"
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [path], annotator="me")
    assert not summary.refused, summary.refused
    # What the file states: each [start, end, label] or entity; the text is sliced by hand.
    raw = path.read_text(encoding="utf-8")
    try:
        records = [json.loads(line) for line in raw.splitlines() if line.strip()]
    except json.JSONDecodeError:
        records = [json.loads(raw)]  # the pretty-printed one
    stated = []
    for rec in records:
        text = rec.get("text") or rec.get("column_data")
        if text is None:
            continue
        for s, e, label in rec.get("label") or rec.get("column_label") or []:
            stated.append((label, text[s:e]))
        for ent in rec.get("entities", []):
            stated.append((ent["label"], text[ent["start_offset"] : ent["end_offset"]]))
    got = [(s.label, s.text) for d in repo.document_ids() for s in repo.spans(d)]
    assert sorted(set(got)) == sorted(set(stated))
    check_spans_match_text(repo)
    repo.close()


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in LABEL_STUDIO])
def test_label_studio_examples_import(tmp_path, path):
    assert detect(path).name == "labelstudio"
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [path], annotator="me")
    assert not summary.refused, summary.refused
    data = json.loads(path.read_text(encoding="utf-8"))
    tasks = data if isinstance(data, list) else [data]
    stated = sorted(
        (r["value"]["labels"][0], r["value"]["text"])
        for t in tasks
        for key in ("annotations", "predictions")
        for a in t.get(key, [])
        for r in a["result"]
        if r["type"] == "labels"
    )
    got = sorted((s.label, s.text) for d in repo.document_ids() for s in repo.spans(d))
    assert got == stated and got
    check_spans_match_text(repo)
    repo.close()


def test_doccano_records_without_text_are_reported(tmp_path):
    path = PEER / "doccano" / "test_import_sequence_labeling_meta.jsonl"
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [path], annotator="me")
    assert any(re.search(r"records without text, skipped: 1", line) for line in summary.lines())
    assert {repo.document(d).meta.get("wikiPageID") for d in repo.document_ids()} == {1, 2}
    repo.close()
