from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from b_stories import SCHEMA, AnnotatedDocument, annotated_docs, cjk_story, crlf_story, emoji_story, make_doc, span
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.tokens import tokenize
from annotator.formats import conll, conll_read, registry
from annotator.formats.base import FormatError


def _roundtrip(tmp_path, docs, **options):
    dest = tmp_path / "out.conll"
    report = conll.write(docs, SCHEMA, dest, **options)
    return dest, report, conll.read(dest)


def _rows(path):
    return [line.split("\t") for line in path.read_text(encoding="utf-8").split("\n")]


def test_registered_and_sniffed(tmp_path):
    dest, _, _ = _roundtrip(tmp_path, [emoji_story()])
    assert registry.get("conll").read is conll.read
    assert registry.detect(dest).name == "conll"


def test_emoji_story_tags_and_report(tmp_path):
    dest, report, result = _roundtrip(tmp_path, [emoji_story()])
    rows = _rows(dest)
    assert rows[0] == ["-DOCSTART- -X- O O"] and rows[1] == [""]
    tags = {r[0]: r[1] for r in rows if len(r) == 2}
    assert tags["Kim"] == "B-ATTRIBUTION" and tags["said"] == "I-ATTRIBUTION"
    assert tags["😊"] == "B-CLAIM"
    assert tags["we"] == "B-QUOTE" and tags["🇰🇷"] == "I-QUOTE" and tags["gold"] == "I-QUOTE"
    assert tags["👩\u200d👩\u200d👧"] == "B-CLAIM" and tags["cheered"] == "I-CLAIM"
    assert tags["today"] == "O"
    # the line break ends a sentence
    assert [""] in rows[rows.index([".", "O"]) + 1 : rows.index([".", "O"]) + 2]
    assert report.dropped["links (relations) not carried"] == 1
    assert report.dropped["span attributes not carried"] == 3
    assert report.dropped["span notes not carried"] == 1
    assert "annotator names not carried (spans of all annotators merged)" in report.dropped
    (doc,) = result.documents
    assert doc.document.text == 'Kim said 😊 " we won 🇰🇷 gold " today .\nThe 👩\u200d👩\u200d👧 cheered .'
    assert sorted((s.label, s.text) for s in doc.spans) == [
        ("ATTRIBUTION", "Kim said"),
        ("CLAIM", "👩\u200d👩\u200d👧 cheered"),
        ("CLAIM", "😊"),
        ("QUOTE", "we won 🇰🇷 gold"),
    ]
    for s in doc.spans:
        assert doc.document.text[s.start : s.end] == s.text


def test_crlf_story_overlaps_and_fragments_are_reported(tmp_path):
    story = crlf_story()
    _, report, result = _roundtrip(tmp_path, [story])
    assert report.dropped["discontinuous span written as one entity per fragment"] == 1
    # the CLAIM inside the longer QUOTE, and the two-fragment QUOTE's first fragment on the ATTRIBUTION
    assert report.dropped["overlapping span left out (BIO carries one layer; the longest is kept)"] == 1
    assert report.dropped["discontinuous span losing an overlapping fragment"] == 1
    (doc,) = result.documents
    assert Counter(s.label for s in doc.spans) == Counter({"QUOTE": 2, "ATTRIBUTION": 1})
    assert sorted(s.text for s in doc.spans) == ["Mayor Lee said", "Officials agreed", "The bridge opens in May ,"]
    assert "\r" not in doc.document.text


def test_span_inside_a_word_is_widened_and_reported(tmp_path):
    story = cjk_story()
    _, report, result = _roundtrip(tmp_path, [story])
    assert report.dropped["span boundary inside a word, widened to whole tokens"] == 1
    assert sorted(s.text for s in result.documents[0].spans) == ["经 济 将 增 长", "韩 国 官 员 说", "𝔘nicode"]


def test_entity_over_a_paragraph_break_stays_one_entity(tmp_path):
    doc = make_doc('"We will win.\n\nWe always do," he said.', "para")
    quote = span(doc, "QUOTE", "We will win.\n\nWe always do,")
    _, report, result = _roundtrip(tmp_path, [AnnotatedDocument(doc, [quote], [])])
    assert set(report.dropped) == {"annotator names not carried (spans of all annotators merged)"}
    (got,) = result.documents[0].spans
    assert got.text == "We will win . We always do ,"


def test_bioes_space_separated_and_comments(tmp_path):
    story = emoji_story()
    dest, _, result = _roundtrip(tmp_path, [story, cjk_story()], scheme="bioes", separator="space", comments=True)
    text = dest.read_text(encoding="utf-8")
    assert "😊 S-CLAIM" in text and "said E-ATTRIBUTION" in text
    assert text.startswith("-DOCSTART- -X- O O\n\n# doc_id = emoji\n# title = Emoji story\n")
    assert [d.document.id for d in result.documents] == ["emoji", "cjk"]
    assert [d.document.title for d in result.documents] == ["Emoji story", "CJK story"]
    assert len(result.documents[0].spans) == 4


def test_reads_iob1_and_bilou(tmp_path):
    path = tmp_path / "iob1.iob"
    path.write_text(
        "Peter I-PER\nBlackburn I-PER\nvisits O\nBonn I-LOC\nand O\nU.N. U-ORG\nNew B-LOC\nYork L-LOC\n",
        encoding="utf-8",
    )
    (doc,) = conll.read(path).documents
    assert [(s.label, s.text) for s in doc.spans] == [
        ("PER", "Peter Blackburn"),
        ("LOC", "Bonn"),
        ("ORG", "U.N."),
        ("LOC", "New York"),
    ]


def test_documents_split_on_docstart(tmp_path):
    path = tmp_path / "two.conll"
    path.write_text("-DOCSTART-\tO\n\nA\tB-X\n\n-DOCSTART-\tO\n\nB\tO\nC\tB-Y\n", encoding="utf-8")
    docs = conll.read(path).documents
    assert [d.document.id for d in docs] == ["two-1", "two-2"]
    assert [d.document.text for d in docs] == ["A", "B C"]
    assert docs[1].spans[0].text == "C"


@pytest.mark.parametrize(
    ("content", "line", "needle"),
    [
        ("A\tB-X\nB\tWHAT\n", 2, "not a BIO tag"),
        ("A\tO\nlonely\n", 2, "expected a token and a tag"),
    ],
)
def test_bad_input_names_the_line(tmp_path, content, line, needle):
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError) as err:
        conll.read(path)
    assert err.value.line == line and needle in str(err.value) and "bad.conll" in str(err.value)


def test_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin.conll"
    path.write_bytes("Caf\xe9\tO\n".encode("latin-1"))
    with pytest.raises(FormatError, match="not UTF-8"):
        conll.read(path)


def test_plain_story_text_is_not_sniffed_as_conll(tmp_path):
    path = tmp_path / "story.txt"
    raw = b"The mayor said the bridge opens in May.\nOfficials agreed.\n"
    path.write_bytes(raw)
    assert not conll.sniff(path, raw)


# -- property: round trip up to what the report says ----------------------------------


def _pieces(doc: AnnotatedDocument) -> tuple[list[str], dict[tuple[int, int, str], set[str]]]:
    """Original tokens and each fragment's widened token range -> span ids."""
    tokens = list(tokenize(doc.document.text))
    pieces: dict[tuple[int, int, str], set[str]] = {}
    for s in doc.spans:
        for a, b in s.fragments:
            idx = [k for k, (ts, te, _) in enumerate(tokens) if ts < b and a < te]
            if idx:
                pieces.setdefault((idx[0], idx[-1] + 1, s.label), set()).add(s.id)
    return [t for _, _, t in tokens], pieces


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(annotated_docs())
def test_roundtrip_property(tmp_path, doc):
    _, report, result = _roundtrip(tmp_path, [doc])
    words, pieces = _pieces(doc)
    (got,) = result.documents
    assert got.document.text.split() == words  # the tokens survive, spacing does not
    read: list[tuple[int, int, str]] = []
    for s in got.spans:
        first = len(got.document.text[: s.start].split())
        n = len(s.text.split())
        read.append((first, first + n, s.label))
        assert got.document.text[s.start : s.end] == s.text
    # every entity read back is a piece of an original span, and they do not overlap
    assert all(r in pieces for r in read)
    ordered = sorted(read)
    assert all(a[1] <= b[0] for a, b in zip(ordered, ordered[1:], strict=False))
    # a piece that did not come back overlaps one that did (one layer: the longest wins)
    for i, j, label in pieces:
        if (i, j, label) not in read:
            assert any(a < j and i < b for a, b, _ in read)
    # what was dropped is what the report says
    kept_ids = set().union(*(pieces[r] for r in read)) if read else set()
    all_ids = set().union(*pieces.values()) if pieces else set()
    fully = len(all_ids - kept_ids)
    assert report.dropped.get("overlapping span left out (BIO carries one layer; the longest is kept)", 0) >= fully
    assert report.dropped.get("links (relations) not carried", 0) == len(doc.relations)
    if len(read) < sum(len(s.fragments) for s in doc.spans):
        assert not report.lossless


def test_label_with_spaces_stays_one_column(tmp_path):
    doc = make_doc("Kim said no.", "sp")
    s = span(doc, "QUOTE", "said")
    s = s.with_changes(label="DIRECT QUOTE")
    dest, report, result = _roundtrip(tmp_path, [AnnotatedDocument(doc, [s], [])], separator="space")
    assert "said B-DIRECT_QUOTE" in dest.read_text(encoding="utf-8")
    assert report.dropped["label with spaces written with underscores"] == 1
    assert [(x.label, x.text) for x in result.documents[0].spans] == [("DIRECT_QUOTE", "said")]


def test_labels_option_keeps_one_family(tmp_path):
    story = crlf_story()
    _, report, result = _roundtrip(tmp_path, [story], labels="CLAIM")
    assert [(s.label, s.text) for s in result.documents[0].spans] == [("CLAIM", "The bridge opens in May")]
    assert "overlapping span left out (BIO carries one layer; the longest is kept)" not in report.dropped
    assert any("only labels CLAIM: 3 spans of other labels left out" in n for n in report.notes)


def test_large_files_stream_story_by_story(tmp_path, monkeypatch):
    path = tmp_path / "big.conll"
    path.write_text("-DOCSTART-\tO\n\nA\tB-X\n\n-DOCSTART-\tO\n\nB\tO\nC\tBAD\n", encoding="utf-8")
    monkeypatch.setattr(conll_read, "EAGER_BYTES", 0)
    result = conll.read(path)  # nothing parsed yet: the error shows while the stories are taken
    with pytest.raises(FormatError) as err:
        list(result.documents)
    assert err.value.line == 8
    path.write_text("-DOCSTART-\tO\n\nA\tB-X\n\n-DOCSTART-\tO\n\nB\tO\nC\tB-Y\n", encoding="utf-8")
    docs = conll.read(path).documents
    assert not isinstance(docs, list)
    assert [d.spans[0].text for d in docs] == ["A", "C"]


def test_crlf_and_bom_files_read_like_lf(tmp_path):
    path = tmp_path / "win.conll"
    path.write_bytes(b"\xef\xbb\xbfKim\tB-PER\r\nsaid\tO\r\n\r\nyes\tO\r\n")
    (doc,) = conll.read(path).documents
    assert doc.document.text == "Kim said\nyes" and doc.spans[0].text == "Kim"


def test_spacy_converter_reads_our_export(tmp_path):
    """`spacy convert -c ner` (conll_ner_to_docs) finds the same entities."""
    pytest.importorskip("spacy")
    from spacy.training.converters import conll_ner_to_docs

    stories = [emoji_story(), cjk_story()]
    dest, _, ours = _roundtrip(tmp_path, stories, labels="QUOTE,ATTRIBUTION")
    docs = list(conll_ner_to_docs(dest.read_text(encoding="utf-8"), n_sents=1000, no_print=True))
    assert len(docs) == 2  # one per -DOCSTART-
    theirs = [sorted((e.label_, e.text) for e in doc.ents) for doc in docs]
    assert theirs == [sorted((s.label, s.text) for s in d.spans) for d in ours.documents]
    assert ("QUOTE", "we won 🇰🇷 gold") in theirs[0]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(annotated_docs(max_spans=4), min_size=1, max_size=4))
def test_several_stories_keep_ids_titles_and_order_with_comments(tmp_path, docs):
    docs = [
        AnnotatedDocument(replace(d.document, id=f"story-{n}", title=f"Title {n}"), d.spans, d.relations)
        for n, d in enumerate(docs)
    ]
    _, _, result = _roundtrip(tmp_path, docs, comments="true")
    with_words = [d for d in docs if d.document.text.split()]
    assert [(d.document.id, d.document.title) for d in result.documents] == [
        (d.document.id, d.document.title) for d in with_words
    ]
    for d, got in zip(with_words, result.documents, strict=True):
        assert got.document.text.split() == [t for _, _, t in tokenize(d.document.text)]


def test_stories_without_words_are_left_out(tmp_path):
    empty = AnnotatedDocument(make_doc("  \n ", "blank", "Blank"), [], [])
    _, report, result = _roundtrip(tmp_path, [empty, emoji_story(), empty], comments=True)
    assert [d.document.id for d in result.documents] == ["emoji"]
    assert report.dropped["story without a single word (nothing to read back)"] == 2


def _sentences(text):
    from annotator.core.tokens import token_spans
    from annotator.formats.sentences import sentence_ends

    tokens = token_spans(text)
    out, cur = [], []
    for (s, e), end in zip(tokens, sentence_ends(text, tokens), strict=True):
        cur.append(text[s:e])
        if end:
            out.append(" ".join(cur))
            cur = []
    return out


def test_sentence_ends():
    assert _sentences('Mr. Smith said "We won." Then he left! Did he? 42 people saw it.') == [
        'Mr . Smith said " We won . "',
        "Then he left !",
        "Did he ?",
        "42 people saw it .",
    ]
    assert _sentences("经济增长。官员说：好！\n第二段") == ["经 济 增 长 。", "官 员 说 ： 好 ！", "第 二 段"]
    assert _sentences("version 2.0 is out. it works") == ["version 2 . 0 is out . it works"]
    assert _sentences("") == []


def test_paragraph_sentences_become_conll_sentences(tmp_path):
    doc = make_doc('The mayor spoke. "We will build it," she said. Critics disagree.', "p")
    quote = span(doc, "QUOTE", 'spoke. "We will build it,"')  # crosses a sentence end: stays one entity
    dest, _, result = _roundtrip(tmp_path, [AnnotatedDocument(doc, [quote], [])])
    blocks = [b for b in dest.read_text(encoding="utf-8").split("\n\n")[1:] if b.strip()]
    assert len(blocks) == 2 and blocks[-1].startswith("Critics\tO")
    assert result.documents[0].spans[0].text == 'spoke . " We will build it , "'


def test_sentence_per_line_file_with_a_broken_line(tmp_path):
    path = tmp_path / "spl.iob"
    path.write_text("Kim|NNP|B-PER said|VBD|O\nno|DT|O oops\n", encoding="utf-8")
    with pytest.raises(FormatError) as err:
        list(conll.read(path).documents)
    assert err.value.line == 2 and "word|POS|tag" in str(err.value)
