"""`annotator-cli agree`: JSON shape and figures, the readable table, clean errors."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.core.model import Document, Relation, Span
from annotator.core.text import text_hash
from annotator.store import open_project

T1 = "Police said the road was closed. The mayor said it would reopen in May."
T2 = "Critics disagreed. “It is too late,” one resident said."


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "team.annotator"
    repo = open_project(path)
    d1 = Document("s1", "Road closure", T1, text_hash(T1))
    d2 = Document("s2", "Critics", T2, text_hash(T2))
    repo.add_documents([d1, d2])

    def s(d, label, a, b, who, **attrs):
        return Span.create(d, label, [(a, b)], annotator=who, attributes=attrs)

    spans, rels = [], []
    for who in ("alice", "bob"):
        att = s(d1, "ATTRIBUTION", 0, 11, who, source="police")
        claim = s(d1, "CLAIM", 12, 31, who)
        spans += [att, claim]
        rels.append(Relation.create("s1", "attributes", att.id, claim.id, annotator=who))
    # story 2: alice and bob disagree on the quote's end; only bob marks the claim
    spans += [
        s(d2, "QUOTE", 19, 36, "alice", type="direct"),
        s(d2, "QUOTE", 20, 35, "bob", type="direct"),
        s(d2, "CLAIM", 0, 18, "bob"),
        s(d2, "ATTRIBUTION", 37, 54, "carol", source="resident"),
    ]
    with repo.transaction():
        repo.add_annotations(spans, rels)
    repo.close()
    return path


def run_json(capsys, *args):
    assert main(["agree", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_pairs_overall_and_per_story(project, capsys):
    d = run_json(capsys, "--project", str(project))
    assert set(d) >= {"pairs", "overall", "per_story"}
    pairs = {(p["a"], p["b"]): p for p in d["pairs"]}
    assert set(pairs) == {("alice", "bob"), ("alice", "carol"), ("bob", "carol")}
    ab = pairs[("alice", "bob")]
    # alice 3 spans, bob 4; exact: ATTRIBUTION + CLAIM of story 1; overlap adds the quote
    assert ab["span_f1_exact"] == pytest.approx(round(2 * 2 / 7, 4))
    assert ab["span_f1_overlap"] == pytest.approx(round(2 * 3 / 7, 4))
    assert ab["relation_f1"] == 1.0
    assert set(ab["per_label"]) == {"ATTRIBUTION", "CLAIM", "QUOTE"}
    assert ab["per_label"]["QUOTE"] == {
        "span_f1_exact": 0.0,
        "span_f1_overlap": 1.0,
        "token_kappa": ab["per_label"]["QUOTE"]["token_kappa"],
        "spans_a": 1,
        "spans_b": 1,
    }
    assert ab["attributes"]["QUOTE.type"]["agreement"] == 1.0
    assert -1.0 <= ab["token_kappa"] <= 1.0
    assert pairs[("alice", "carol")]["stories"] == 1  # carol only marked story 2
    assert d["overall"]["annotators"] == ["alice", "bob", "carol"]
    assert isinstance(d["overall"]["alpha"], float)
    stories = {s["doc_id"]: s for s in d["per_story"]}
    assert stories["s1"]["disagreement"] == 0.0
    assert stories["s1"]["pairs"][0]["span_f1_exact"] == 1.0
    assert stories["s2"]["disagreement"] == 1.0


def test_annotators_and_label_filters(project, capsys):
    d = run_json(capsys, "--project", str(project), "--annotators", "alice", "bob", "--label", "QUOTE")
    assert [(p["a"], p["b"]) for p in d["pairs"]] == [("alice", "bob")]
    (p,) = d["pairs"]
    assert (p["span_f1_exact"], p["span_f1_overlap"]) == (0.0, 1.0)
    assert list(p["per_label"]) == ["QUOTE"]
    assert d["labels"] == ["QUOTE"]


def test_human_table(project, capsys):
    assert main(["agree", "--project", str(project)]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("a ") and "F1 exact" in line)
    row = next(line for line in lines if line.startswith("alice") and "bob" in line)
    # columns line up: each figure ends where its header ends
    assert row.index("0.571") + len("0.571") == header.index("F1 exact") + len("F1 exact")
    assert "alpha" in text and "QUOTE" in text and "QUOTE.type" in text
    assert "most disagreement" in text and "Critics" in text


def test_single_annotator_says_so(tmp_path, capsys):
    path = tmp_path / "solo.annotator"
    repo = open_project(path)
    d = Document("s1", "Solo", T1, text_hash(T1))
    repo.add_documents([d])
    with repo.transaction():
        repo.add_annotations([Span.create(d, "CLAIM", [(12, 31)], annotator="alice")])
    repo.close()
    assert main(["agree", "--project", str(path)]) == 0
    assert "at least two annotators" in capsys.readouterr().out
    d = run_json(capsys, "--project", str(path))
    assert d["pairs"] == [] and d["overall"]["alpha"] is None


def test_unknown_annotator_or_label_is_one_clear_line(project, capsys):
    assert main(["agree", "--project", str(project), "--annotators", "alice", "zoe"]) == 2
    err = capsys.readouterr().err
    assert "zoe" in err and "alice, bob, carol" in err and "Traceback" not in err
    assert main(["agree", "--project", str(project), "--label", "RUMOUR"]) == 2
    assert "RUMOUR" in capsys.readouterr().err


def test_help_documents_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["agree", "--help"])
    text = capsys.readouterr().out
    for opt in ("--project", "--annotators", "--label", "--json", "--stories", "--accept-agreements"):
        assert opt in text


def test_accept_agreements_into_gold_headless(project, capsys):
    args = ["agree", "--project", str(project), "--accept-agreements"]
    assert main([*args, "--annotators", "alice", "bob", "--json"]) == 0
    captured = capsys.readouterr()
    assert "accepted 2 agreed spans into gold in 1 stories" in captured.err
    json.loads(captured.out)  # stdout stays one JSON document
    repo = open_project(project)
    try:
        gold = repo.spans("s1", ["gold"])
        assert sorted(s.label for s in gold) == ["ATTRIBUTION", "CLAIM"]
        assert {s.origin for s in gold} == {"adjudicated"}
        (link,) = repo.relations("s1", ["gold"])  # the link between the two accepted spans
        assert {link.source, link.target} == {s.id for s in gold}
        assert repo.spans("s2", ["gold"]) == []  # story 2 has no agreement
    finally:
        repo.close()
    # again: nothing new, nothing duplicated
    assert main([*args, "--annotators", "alice", "bob"]) == 0
    assert "accepted 0 agreed spans" in capsys.readouterr().err
    assert main([*args, "--annotators", "alice", "gold"]) == 2
    assert "leave gold out" in capsys.readouterr().err
