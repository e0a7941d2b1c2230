"""brat standoff: the export obeys brat's rules, reads back, and brat-side oddities
(CRLF texts, events, equivalences, notes) import."""

from __future__ import annotations

import re

import pytest
from exchange_fixtures import add_story, check_spans_match_text, find, rich_project, snapshot

from annotator.core.session import AnnotationSession
from annotator.store import open_project
from annotator.workflows.exchange import export_project, import_files

T_LINE = re.compile(r"^T(\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")


@pytest.fixture
def exported(tmp_path):
    repo = rich_project(tmp_path / "rich.annotator")
    dest = tmp_path / "brat"
    report = export_project(repo, "brat", dest)
    yield repo, dest, report
    repo.close()


def test_export_satisfies_brats_rules(exported):
    repo, dest, report = exported
    assert sorted(p.name for p in dest.iterdir()) == [
        "annotation.conf",
        "emoji-crlf.ann",
        "emoji-crlf.txt",
        "plain.ann",
        "plain.txt",
        "visual.conf",
    ]
    t_count = 0
    for ann in dest.glob("*.ann"):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        assert "\r" not in text
        ids = set()
        for line in ann.read_text(encoding="utf-8").splitlines():
            assert line.count("\n") == 0
            if line.startswith("T"):
                m = T_LINE.match(line)
                assert m, line
                frags = [tuple(map(int, f.split())) for f in m.group(3).split(";")]
                assert frags == sorted(frags)
                assert all(a < b for a, b in frags)
                assert all(frags[i][1] <= frags[i + 1][0] for i in range(len(frags) - 1))  # no overlap
                assert m.group(4) == " ".join(text[a:b] for a, b in frags)  # code-point slices
                ids.add(f"T{m.group(1)}")
                t_count += 1
            elif line.startswith("R"):
                rtype, a1, a2 = line.split("\t")[1].split()
                assert a1[5:] in ids and a2[5:] in ids
    assert t_count == 7
    emoji = (dest / "emoji-crlf.ann").read_text(encoding="utf-8")
    assert "\tATTRIBUTION 0 16;" in emoji  # fragments joined with ';'
    assert "A1\ttype T" in emoji or "\ttype T" in emoji  # choice attribute as an A line
    assert re.search(r"#\d+\tsource T\d+\tthe mayor", emoji)  # free text as a comment
    assert "\\t" in emoji and "told\\treporters" in emoji  # escaped tab
    assert re.search(r"#\d+\tAnnotatorNotes T\d+\ttwo parts:\\nsaid \+ told", emoji)
    assert re.search(r"#\d+\tAnnotator T\d+\tbob", emoji)
    conf = (dest / "annotation.conf").read_text()
    assert "[entities]" in conf and "\nQUOTE\n" in conf
    assert "attributes\tArg1:ATTRIBUTION, Arg2:QUOTE|CLAIM" in conf
    assert "type\tArg:QUOTE, Value:direct|indirect|mixed" in conf
    assert "<OVERLAP>" in conf
    assert "QUOTE\tbgColor:#4aa3df" in (dest / "visual.conf").read_text()
    assert report.spans == 7 and report.relations == 3


def test_round_trip_keeps_spans_attributes_notes_and_annotators(exported, tmp_path):
    repo, dest, report = exported
    back = open_project(tmp_path / "back.annotator")
    summary = import_files(back, [dest], annotator="someone")
    assert not summary.refused
    got, want = snapshot(back), snapshot(repo)
    assert got == want
    assert check_spans_match_text(back) == 7
    back.close()


def test_span_across_a_line_break_is_split_and_reported(tmp_path):
    repo = open_project(tmp_path / "p.annotator")
    doc = add_story(repo, "First line ends\nsecond line starts.", "two-lines")
    AnnotationSession(repo, annotator="a", schema=repo.schema()).add_span(doc, "QUOTE", [(6, 22)])
    report = export_project(repo, "brat", tmp_path / "out")
    ann = (tmp_path / "out" / "two-lines.ann").read_text()
    assert ann.startswith("T1\tQUOTE 6 15;16 22\tline ends second\n")
    assert report.dropped == {
        "spans crossing a line break, split into fragments there (brat cannot draw across lines)": 1
    }
    repo.close()


def test_crlf_and_bom_text_offsets_map_onto_the_normalised_text(tmp_path):
    folder = tmp_path / "crlf"
    folder.mkdir()
    raw = "\ufeffLine one 😀\r\nXi said \u201cgo\u201d.\r\n"
    (folder / "doc.txt").write_bytes(raw.encode("utf-8"))
    start = raw.index("Xi said")
    quote = raw.index("\u201cgo\u201d")
    (folder / "doc.ann").write_text(
        f"T1\tATTRIBUTION {start} {start + 7}\tXi said\n"
        f"T2\tQUOTE {quote} {quote + 4}\t\u201cgo\u201d\n"
        f"T3\tCLAIM {raw.index('one')} {start + 2}\tone 😀 Xi\n"  # brat states a line break as a space
        "R1\tattributes Arg1:T1 Arg2:T2\t\n",
        encoding="utf-8",
    )
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [folder], annotator="me")
    assert not summary.refused, summary.refused
    (doc_id,) = repo.document_ids()
    text = repo.document(doc_id).text
    assert text == "Line one 😀\nXi said \u201cgo\u201d.\n"
    texts = sorted(s.text for s in repo.spans(doc_id))
    assert texts == sorted(["Xi said", "\u201cgo\u201d", "one 😀\nXi"])
    assert len(repo.relations(doc_id)) == 1
    repo.close()


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tPerson 0 5\tWrong\n", "says 'Wrong' but its offsets cover 'Hello'"),
        ("T1\tPerson 0 500\tHello\n", "outside the text"),
        ("T1\tPerson zero five\tHello\n", "offsets must look like"),
        ("T1\tPerson 0 5\tHello\nR1\tKnows Arg1:T1 Arg2:T9\t\n", "points to T9"),
        ("T1\tPerson 0 5\tHello\nA1\tFlag T7\n", "points to T7"),
    ],
)
def test_bad_ann_lines_name_file_and_line(tmp_path, ann, message):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "x.txt").write_text("Hello world.", encoding="utf-8")
    (folder / "x.ann").write_text(ann, encoding="utf-8")
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [folder], annotator="me")
    ((_, why),) = summary.refused
    assert "x.ann, line" in why and message in why
    assert repo.stats()["stories"] == 0 and repo.schema().label("Person") is None
    repo.close()


def test_missing_txt_is_refused(tmp_path):
    folder = tmp_path / "lonely"
    folder.mkdir()
    (folder / "x.ann").write_text("T1\tPerson 0 5\tHello\n", encoding="utf-8")
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [folder], annotator="me")
    assert "no text file x.txt" in summary.refused[0][1]
    repo.close()


def test_single_ann_file_and_matching_story(tmp_path):
    """Importing x.ann next to x.txt matches a story already in the project by its text."""
    (tmp_path / "x.txt").write_text("Ann met Bob.", encoding="utf-8")
    (tmp_path / "x.ann").write_text("T1\tPerson 0 3\tAnn\n", encoding="utf-8")
    repo = open_project(tmp_path / "p.annotator")
    add_story(repo, "Ann met Bob.", "mine")
    summary = import_files(repo, [tmp_path / "x.ann"], annotator="me")
    assert summary.files[0].stories_matched == 1
    assert [s.text for s in repo.spans("mine")] == ["Ann"]
    repo.close()


def test_find_helper_is_exact():
    assert find("a b a", "a", 1) == (4, 5)
