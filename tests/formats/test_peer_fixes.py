"""Issue 15, items 1-10: files the real tools accept, each on a file written here."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from exchange_fixtures import add_story, find
from peer_project import SCHEMA, peer_project

from annotator.core.model import Origin, Span
from annotator.core.session import AnnotationSession
from annotator.formats.csv_spans import defused
from annotator.formats.spacy_docbin import why_unavailable
from annotator.store import open_project
from annotator.workflows.exchange import export_project, import_files

TEXT = "The mayor said that taxes, she added, will fall next year.\nThe council agreed."


def _brat_folder(tmp_path, ann: str, text: str = TEXT):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "a.ann").write_text(ann, encoding="utf-8")
    return folder


def _spans(repo):
    (doc_id,) = repo.document_ids()
    return doc_id, repo.spans(doc_id), repo.relations(doc_id)


# -- 1: brat import --------------------------------------------------------------------------


def test_brat_fragments_out_of_text_order_and_touching_import(tmp_path):
    taxes, fall = find(TEXT, "taxes"), find(TEXT, "will fall")
    said = find(TEXT, "said")
    ann = (
        f"T1\tClaim {fall[0]} {fall[1]};{taxes[0]} {taxes[1]}\twill fall taxes\n"  # listed as brat lists them
        f"T2\tCue {said[0]} {said[1]};{said[1]} {said[1] + 5}\tsaid  that\n"  # touching: joined by a space
        "R1\tCue Arg1:T1 Arg2:T2\t\n"
    )
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [_brat_folder(tmp_path, ann)], annotator="me")
    assert not summary.refused, summary.lines()
    _, spans, rels = _spans(repo)
    by_label = {s.label: s for s in spans}
    assert by_label["Claim"].fragments == (taxes, fall)  # sorted
    assert by_label["Claim"].text == "taxes will fall"
    assert by_label["Cue"].fragments == ((said[0], said[1] + 5),)  # touching fragments merged
    assert by_label["Cue"].text == "said that"
    assert len(rels) == 1


def test_brat_stated_text_must_follow_the_listed_order(tmp_path):
    taxes, fall = find(TEXT, "taxes"), find(TEXT, "will fall")
    ann = f"T1\tClaim {fall[0]} {fall[1]};{taxes[0]} {taxes[1]}\ttaxes will fall\n"  # sorted text: brat refuses
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [_brat_folder(tmp_path, ann)], annotator="me")
    assert summary.refused and "says 'taxes will fall'" in summary.refused[0][1]


def test_brat_span_text_broken_over_lines_refuses_that_line_only(tmp_path):
    cross = find(TEXT, "year.\nThe council")
    mayor, said = find(TEXT, "The mayor"), find(TEXT, "said")
    ann = (
        f"T1\tSource {mayor[0]} {mayor[1]}\tThe mayor\n"
        f"T2\tContent {cross[0]} {cross[1]}\tyear.\n"  # the text's line break broke the .ann line
        "The council\n"
        f"T3\tCue {said[0]} {said[1]}\tsaid\n"
        "E1\tCue:T3 Source:T1 Content:T2\n"
        "#1\tAnnotatorNotes T2\tabout the year\n"
    )
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [_brat_folder(tmp_path, ann)], annotator="me")
    assert not summary.refused, summary.lines()
    _, spans, rels = _spans(repo)
    assert sorted(s.label for s in spans) == ["Cue", "Source"]
    assert [(r.type) for r in rels] == ["Source"]
    text = "\n".join(summary.lines())
    assert "line break (brat refuses those lines too), not imported: 1" in text
    assert "pointing at a span brat refuses" in text


# -- 2: brat export -----------------------------------------------------------------------------


def test_brat_export_uses_brats_storage_names_and_overlap_macro(tmp_path):
    repo = peer_project(tmp_path / "p.annotator")
    dest = tmp_path / "out"
    report = export_project(repo, "brat", dest)
    conf = (dest / "annotation.conf").read_text(encoding="utf-8")
    assert "<OVL-TYPE>:<ANY>" in conf and "<OL-TYPE>" not in conf
    entities = conf.split("[entities]")[1].split("[relations]")[0].split()
    assert "STATE_PROVINCE" in entities and "STATE/PROVINCE" not in conf
    assert "org_founded_by\tArg1:ORG, Arg2:PERSON" in conf
    ann = (dest / "river.ann").read_text(encoding="utf-8")
    types = {line.split("\t")[1].split()[0] for line in ann.splitlines() if line[0] in "TR"}
    assert types <= set(entities) | {"org_founded_by", "attributes"}
    assert "STATE_PROVINCE" in types and "org_founded_by" in types
    assert "STATE_PROVINCE | STATE/PROVINCE |" in (dest / "visual.conf").read_text(encoding="utf-8")
    assert any("brat stores renamed" in r for r in report.dropped)
    back = open_project(tmp_path / "back.annotator")
    summary = import_files(back, [dest], annotator="x")
    assert not summary.refused
    labels = {s.label for d in back.document_ids() for s in back.spans(d)}
    assert "STATE/PROVINCE" in labels and "STATE_PROVINCE" not in labels
    assert {r.type for d in back.document_ids() for r in back.relations(d)} == {"org:founded_by", "attributes"}
    assert back.schema().label("STATE/PROVINCE") is not None


def test_brat_export_leaves_out_a_span_of_spaces_and_says_so(tmp_path):
    repo = open_project(tmp_path / "p.annotator")
    doc = add_story(repo, "Word  word.", "s")
    gap = Span.create(doc, "CLAIM", [(4, 6)], annotator="me", origin=Origin.MANUAL)
    word = Span.create(doc, "CLAIM", [(0, 4)], annotator="me", origin=Origin.MANUAL)
    repo.add_annotations([gap, word], [])
    dest = tmp_path / "out"
    report = export_project(repo, "brat", dest)
    lines = (dest / "s.ann").read_text(encoding="utf-8").splitlines()
    assert lines == ["T1\tCLAIM 0 4\tWord", "#1\tAnnotator T1\tme"]
    assert report.dropped["spans covering only spaces (brat takes their text as missing)"] == 1


# -- 3: Label Studio -------------------------------------------------------------------------------


def test_label_studio_tasks_carry_ids_and_repeated_texts_stay_apart(tmp_path):
    repo = peer_project(tmp_path / "p.annotator")
    export_project(repo, "labelstudio", tmp_path / "ls.json")
    tasks = json.loads((tmp_path / "ls.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in tasks] == [1, 2]
    same = "Prices rose in May, the bank said."
    region = {"from_name": "label", "to_name": "text", "type": "labels"}
    file = [
        {"id": 11, "data": {"text": same, "id": "a-1"}, "annotations": [{"result": [
            {**region, "id": "r1", "value": {"start": 0, "end": 18, "text": "Prices rose in May", "labels": ["CLAIM"]}}
        ]}]},
        {"id": 12, "data": {"text": same, "id": "a-2"}, "annotations": [{"result": [
            {**region, "id": "r1", "value": {"start": 20, "end": 28, "text": "the bank", "labels": ["ATTRIBUTION"]}}
        ]}]},
        {"id": 13, "data": {"text": same, "id": "a-2"}, "annotations": []},  # the same task again: one story
    ]  # fmt: skip
    (tmp_path / "tasks.json").write_text(json.dumps(file), encoding="utf-8")
    target = open_project(tmp_path / "t.annotator")
    summary = import_files(target, [tmp_path / "tasks.json"], annotator="me")
    assert not summary.refused
    metas = sorted(target.document(d).meta["id"] for d in target.document_ids())
    assert metas == ["a-1", "a-2"]
    assert "kept as stories of their own, not merged" in "\n".join(summary.lines())
    by_meta = {target.document(d).meta["id"]: [s.label for s in target.spans(d)] for d in target.document_ids()}
    assert by_meta == {"a-1": ["CLAIM"], "a-2": ["ATTRIBUTION"]}
    again = import_files(target, [tmp_path / "tasks.json"], annotator="me")
    assert not again.imported_anything and len(target.document_ids()) == 2


# -- 4: W3C ------------------------------------------------------------------------------------------


def test_w3c_multi_fragment_targets_and_meta_round_trip(tmp_path):
    repo = peer_project(tmp_path / "p.annotator")
    export_project(repo, "w3c", tmp_path / "w.jsonld")
    data = json.loads((tmp_path / "w.jsonld").read_text(encoding="utf-8"))
    two = [a for a in data["first"]["items"] if isinstance(a["target"], list)]
    assert len(two) == 1 and all(t["type"] == "SpecificResource" and t["selector"] for t in two[0]["target"])
    assert not any("List" in json.dumps(a["target"]) for a in data["first"]["items"])
    river = next(s for s in data["annotator:stories"] if s["annotator:id"] == "river")
    assert json.loads(river["annotator:meta"]) == {"id": 7, "desk": "metro"}
    back = open_project(tmp_path / "b.annotator")
    assert not import_files(back, [tmp_path / "w.jsonld"], annotator="x").refused
    assert back.document("river").meta == {"id": 7, "desk": "metro"}
    frags = {s.fragments for s in back.spans("river") if s.label == "ATTRIBUTION"}
    assert frags == {s.fragments for s in repo.spans("river") if s.label == "ATTRIBUTION"}


# -- 5: WebAnno TSV ---------------------------------------------------------------------------------


def test_webanno_stacked_values_are_matched_by_id(tmp_path):
    """Columns list a token's annotations in different orders and not all of them (as GUM's do)."""
    text = "the old red barn burned"
    rows = [
        # entity: [1] = "the old red barn", [2] = "red barn", "old" alone has no id
        ("1-1", "0-3", "the", "place[1]", "new[1]", "_", "_", "_"),
        ("1-2", "4-7", "old", "place[1]|abstract", "new[1]|giv", "_", "_", "_"),
        ("1-3", "8-11", "red", "place[1]|object[2]", "giv[2]|new[1]", "Barn_X[2]", "_", "_"),
        ("1-4", "12-16", "barn", "place[1]|object[2]", "new[1]|giv[2]", "Barn_X[2]", "bridge", "1-2[0_2]"),
        ("1-5", "17-23", "burned", "_", "_", "_", "_", "_"),
    ]
    tsv = (
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=webanno.custom.Referent|entity|infstat|identity\n"
        "#T_RL=webanno.custom.Coref|type|BT_webanno.custom.Referent\n\n\n"
        f"#Text={text}\n" + "".join("\t".join(r) + "\t\n" for r in rows)
    )
    (tmp_path / "doc.tsv").write_text(tsv, encoding="utf-8")
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [tmp_path / "doc.tsv"], annotator="me")
    assert not summary.refused, summary.lines()
    _, spans, rels = _spans(repo)
    got = {
        (s.text, s.attributes.get("entity"), s.attributes.get("infstat"), s.attributes.get("identity")) for s in spans
    }
    assert got == {
        ("the old red barn", "place", "new", None),
        ("red barn", "object", "giv", "Barn_X"),
        ("old", "abstract", "giv", None),
    }
    (rel,) = rels
    by_id = {s.id: s.text for s in spans}
    assert (by_id[rel.source], by_id[rel.target], rel.type) == ("old", "red barn", "bridge")


# -- 6: reports --------------------------------------------------------------------------------------


def test_doccano_and_label_studio_reports_name_what_they_drop(tmp_path):
    repo = peer_project(tmp_path / "p.annotator")
    doccano = export_project(repo, "doccano", tmp_path / "d.jsonl", options={"variant": "entities"})
    spans = sum(len(repo.spans(d)) for d in repo.document_ids())
    links = sum(len(repo.relations(d)) for d in repo.document_ids())
    assert (
        doccano.dropped["annotator names of spans and links (doccano files have no annotator field)"] == spans + links
    )
    ls = export_project(repo, "labelstudio", tmp_path / "l.json")
    assert ls.dropped["links to spans with several fragments, pointing at the region of the first fragment"] == 1


# -- 7: CSV ------------------------------------------------------------------------------------------


def test_csv_cells_that_start_like_formulas_are_defused_unless_raw(tmp_path):
    repo = open_project(tmp_path / "p.annotator")
    doc = add_story(repo, "=SUM(A1) said -5 experts, +1 @all", "s", title="@mention")
    me = AnnotationSession(repo, annotator="=cmd|' /C calc'!A0", schema=repo.schema())
    me.add_span(doc, "CLAIM", [find(doc.text, "=SUM(A1)")], note="+1 from me")
    me.add_span(doc, "CLAIM", [find(doc.text, "-5 experts")])
    report = export_project(repo, "csv", tmp_path / "s.csv")
    rows = list(csv.DictReader((tmp_path / "s.csv").open(encoding="utf-8", newline="")))
    assert [r["text"] for r in rows] == ["'=SUM(A1)", "'-5 experts"]
    assert rows[0]["doc_title"] == "'@mention" and rows[0]["note"] == "'+1 from me"
    assert rows[0]["annotator"].startswith("'=cmd")
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    assert any("start with ' so spreadsheets" in n for n in report.notes)
    export_project(repo, "csv", tmp_path / "raw.csv", options={"raw": "true"})
    raw = list(csv.DictReader((tmp_path / "raw.csv").open(encoding="utf-8", newline="")))
    assert [r["text"] for r in raw] == ["=SUM(A1)", "-5 experts"] and raw[0]["doc_title"] == "@mention"
    assert defused("\tx") == "'\tx" and defused("plain") == "plain"


# -- 8: source paths ---------------------------------------------------------------------------------


def test_exports_carry_bare_source_names_unless_full_paths(tmp_path):
    from annotator.cli import main

    story = tmp_path / "home" / "alice" / "news" / "budget.txt"
    story.parent.mkdir(parents=True)
    story.write_text("The budget passed on Friday.", encoding="utf-8")
    project = tmp_path / "p.annotator"
    assert main(["import", "--project", str(project), str(story)]) == 0
    assert main(["export", "--project", str(project), "--format", "native", "--output", str(tmp_path / "a.jsonl")]) == 0
    line = json.loads((tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["source_path"] == "budget.txt" and "alice" not in (tmp_path / "a.jsonl").read_text(encoding="utf-8")
    out = tmp_path / "b.jsonl"
    assert main(["export", "--project", str(project), "--format", "native", "--output", str(out), "--full-paths"]) == 0
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["source_path"] == str(story)


# -- 9: spaCy where it is not installed ---------------------------------------------------------------


def test_spacy_unavailable_is_said_plainly_and_listed(tmp_path):
    frozen = why_unavailable(frozen=True, found=False)
    assert frozen and "packaged app does not include spaCy" in frozen and "pip" not in frozen.split(";")[0]
    assert why_unavailable(frozen=False, found=True) is None
    # A real installation without spaCy: None in sys.modules is Python's own way to block an import.
    blocked = "import sys; sys.modules['spacy'] = None; from annotator.cli import main; sys.exit(main(sys.argv[1:]))"
    listed = subprocess.run([sys.executable, "-c", blocked, "formats"], capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and "UNAVAILABLE here: the spaCy export needs spaCy" in listed.stdout
    repo = open_project(tmp_path / "p.annotator")
    add_story(repo, "A short story.", "s")
    repo.close()
    args = ["export", "--project", str(tmp_path / "p.annotator"), "--format", "spacy", "--output", str(tmp_path / "o")]
    done = subprocess.run([sys.executable, "-c", blocked, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "scripts/venv.sh spacy" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "o").exists()


# -- 10: CoNLL round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("comments", ["true", "false"])
def test_conll_reimport_matches_the_stories_it_came_from(tmp_path, comments):
    repo = open_project(tmp_path / "p.annotator")
    doc = add_story(repo, "The  mayor said:\n\ntaxes will fall, she added.", "s1", "Taxes")
    me = AnnotationSession(repo, annotator="me", schema=repo.schema())
    me.add_span(doc, "CLAIM", [find(doc.text, "taxes will fall")])
    me.add_span(doc, "ATTRIBUTION", [find(doc.text, "The  mayor said")])
    out = tmp_path / "c.conll"
    export_project(repo, "conll", out, options={"comments": comments})
    again = import_files(repo, [out], annotator="me")
    assert not again.refused
    assert repo.document_ids() == ["s1"] and not again.imported_anything
    assert "matched to the project's by their tokens" in "\n".join(again.lines())
    other = import_files(repo, [out], annotator="bob", format_name="conll")  # no annotator in the file: bob's
    assert repo.document_ids() == ["s1"] and other.files[0].spans_added == 2
    mine = {(s.label, s.fragments, s.text) for s in repo.spans("s1", ("me",))}
    assert {(s.label, s.fragments, s.text) for s in repo.spans("s1", ("bob",))} == mine
    fresh = open_project(tmp_path / "q.annotator")
    fresh.add_documents([repo.document("s1")])
    assert not import_files(fresh, [out], annotator="bob").refused
    assert fresh.document_ids() == ["s1"]
    got = sorted((s.label, s.fragments, s.text, s.annotator) for s in fresh.spans("s1"))
    want = sorted((s.label, s.fragments, s.text, "bob") for s in repo.spans("s1", ("me",)))
    assert got == want


def test_the_peer_schema_is_what_the_tests_use():
    assert SCHEMA.label("STATE/PROVINCE") is not None
