from __future__ import annotations

import codecs
import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.paths import resources_dir
from annotator.stories import StoryError, discover, read_story_bytes, read_story_file
from annotator.stories.base import MAX_STORY_BYTES

SAMPLES = resources_dir() / "stories"


def one(data: bytes, name: str = "story.txt"):
    records = read_story_bytes(data, name)
    assert len(records) == 1
    return records[0]


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "Café owners said the “new rules” cost €300 a month — too much, they said."),
        ("euc_kr", '서울시는 어제 새 교통 정책을 발표했다. 시장은 "시민의 안전이 최우선"이라고 말했다.'),
        ("shift_jis", "東京都は昨日、新しい交通政策を発表した。知事は「安全が最優先だ」と述べた。"),
        ("gb18030", "北京市政府昨天宣布了新的交通政策。市长表示，“市民安全是第一位的”。"),
        ("utf-16-le", "The mayor said it was safe. 서울"),
        ("utf-16-be", "The mayor said it was safe. 😀"),
    ],
)
def test_legacy_and_bomless_encodings_decode(encoding, text):
    rec = one(text.encode(encoding))
    assert rec.text == text
    assert rec.meta["encoding"] == encoding


@pytest.mark.parametrize(
    ("bom", "enc"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_byte_order_marks(bom, enc):
    rec = one(bom + "He said “yes”.\r\nNext line 😀".encode(enc))
    assert rec.text == "He said “yes”.\nNext line 😀"
    assert rec.meta["newline"] == "CRLF"
    assert "BOM" in rec.meta["encoding"]


def test_cr_and_crlf_become_lf_and_nothing_else_changes():
    rec = one("a\u00a0b\r\nc\rd\u2028e\te".encode())
    assert rec.text == "a\u00a0b\nc\nd\u2028e\te"
    assert rec.meta["newline"] == "mixed"


def test_markdown_loses_syntax_keeps_words():
    rec = one(b"# Mayor resigns\n\nShe said **no** to [the plan](http://x.invalid).\n\n- one\n- two\n", "a.md")
    assert rec.title == "Mayor resigns"
    assert rec.text == "Mayor resigns\n\nShe said no to the plan.\n\none\n\ntwo"


def test_html_keeps_the_article_not_the_page():
    html = (
        b"<html><head><title>T | Site</title><meta name='author' content='Jo Lee'>"
        b"<script src='http://x.invalid/a.js'></script></head><body><nav>Home News Sport</nav>"
        b"<div class='cookie-banner'>cookies!</div><article><h1>Big news</h1>"
        b"<p>The mayor said &ldquo;no&rdquo;.</p><script>evil()</script><p>Second   para.</p>"
        b"<img src='http://x.invalid/p.png'></article><footer>(c) 2026</footer></body></html>"
    )
    rec = one(html, "a.html")
    assert rec.text == "Big news\n\nThe mayor said “no”.\n\nSecond para."
    assert rec.title == "Big news"
    assert rec.meta["byline"] == "Jo Lee"


def test_json_and_jsonl():
    obj = {"id": "s1", "title": "Hed", "body": "Text\r\nhere", "author": ["A", "B"], "published": "2026-01-02"}
    rec = one(json.dumps(obj).encode(), "a.json")
    assert (rec.title, rec.text, rec.id_hint) == ("Hed", "Text\nhere", "s1")
    assert rec.meta["byline"] == "A, B" and rec.meta["date"] == "2026-01-02"
    lines = b'{"text": "one"}\n\n{"text": "two", "headline": "Second"}\n'
    recs = read_story_bytes(lines, "a.jsonl")
    assert [r.text for r in recs] == ["one", "two"]
    assert recs[1].title == "Second"


def test_jsonl_bad_line_refuses_whole_file_with_line_number():
    with pytest.raises(StoryError, match=r"line 3"):
        read_story_bytes(b'{"text": "one"}\n{"text": "two"}\n{"text": \n', "a.jsonl")
    with pytest.raises(StoryError, match="no story text"):
        read_story_bytes(b'{"title": "x"}', "a.json")


def test_nitf_and_hostile_xml():
    rec = read_story_file(SAMPLES / "08-fishing-quota-nitf.xml")[0]
    assert rec.meta["byline"] == "By Erik Lindqvist"
    assert rec.meta["dateline"].startswith("ABERDEEN")
    assert rec.text.startswith("Fishing fleets face deeper cuts to cod quota\n\nABERDEEN")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;">]><nitf><body><body.content><p>&c;</p></body.content></body></nitf>'
    )
    with pytest.raises(StoryError, match="refused for safety"):
        read_story_bytes(bomb, "bomb.xml")
    xxe = b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY x SYSTEM "file:///etc/passwd">]><nitf><body><body.content><p>&x;</p></body.content></body></nitf>'
    with pytest.raises(StoryError, match="refused for safety"):
        read_story_bytes(xxe, "xxe.xml")
    with pytest.raises(StoryError, match="not a NITF"):
        read_story_bytes(b"<rss><channel/></rss>", "feed.xml")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (b"\x00\x01\x02\x03ELF" * 100, "binary"),
    ],
)
def test_bad_bytes_get_clear_messages(data, message):
    with pytest.raises(StoryError, match=message):
        read_story_bytes(data, "bad.txt")


def test_too_large_file_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_STORY_BYTES + 1)
    monkeypatch.setattr("annotator.stories.reader._read_all", lambda *a: pytest.fail("read a huge file"))
    with pytest.raises(StoryError, match="too large"):
        read_story_file(big)


def test_vanished_folder_and_unreadable(tmp_path, monkeypatch):
    with pytest.raises(StoryError, match="gone"):
        read_story_file(tmp_path / "nope.txt")
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(StoryError, match="folder"):
        read_story_file(tmp_path / "dir.txt")
    locked = tmp_path / "locked.txt"
    locked.write_text("hello")

    real_open = os.open

    def deny(path, *args, **kwargs):  # what chmod 000 does to anyone but root
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(StoryError, match="permission denied"):
        read_story_file(locked)


def test_every_sample_story_reads():
    files, missing = discover([SAMPLES])
    assert not missing
    assert len(files) >= 8
    for f in files:
        recs = read_story_file(f)
        assert recs and all(r.text.strip() and r.title for r in recs)
        assert all("\r" not in r.text for r in recs)
    korean = read_story_file(SAMPLES / "04-seoul-night-buses-euckr.txt")[0]
    assert korean.meta["encoding"] == "euc_kr"
    assert "심야 버스" in korean.title
    crlf = read_story_file(SAMPLES / "03-lake-temperatures-crlf.txt")[0]
    assert crlf.meta["newline"] == "CRLF"
    assert (SAMPLES / "03-lake-temperatures-crlf.txt").read_bytes().count(b"\r\n") > 10


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a.xml"]))
def test_random_bytes_end_in_a_story_or_a_story_error(data, name):
    try:
        records = read_story_bytes(data, name)
    except StoryError:
        return
    assert all(isinstance(r.text, str) and "\r" not in r.text for r in records)
