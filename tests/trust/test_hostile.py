"""Hostile files: generated inputs via hypothesis, XML tricks, HTML that points
elsewhere, and pickles dressed as spaCy files. Nothing fetches, nothing runs."""

from __future__ import annotations

import pickle
import random
import socket
import urllib.request

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.formats import FormatError
from annotator.stories import StoryError, read_story_bytes
from annotator.workflows.exchange import import_files

from .fuzz_harness import STORY_SEEDS, exports, fingerprint, fuzz_importer, mutate, readable_formats, seed_project

NAMES = sorted(STORY_SEEDS) + ["a.htm", "a.nitf", "a", "a.bin"]


def _clean_story_result(data: bytes, name: str) -> None:
    try:
        records = read_story_bytes(data, name)
    except StoryError as exc:
        assert str(exc).startswith(name) and len(str(exc)) > len(name) + 3
        return
    for r in records:
        assert r.text.strip() and "\r" not in r.text


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=600), name=st.sampled_from(NAMES))
def test_generated_bytes_read_or_are_refused_cleanly(data, name):
    _clean_story_result(data, name)


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(sorted(STORY_SEEDS)), seed=st.integers(0, 2**32 - 1))
def test_mutated_story_seeds_read_or_are_refused_cleanly(name, seed):
    _clean_story_result(mutate(STORY_SEEDS[name], random.Random(seed)), name)


_TEXTY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=200, deadline=None)
@given(text=_TEXTY, name=st.sampled_from(NAMES))
def test_generated_text_read_or_refused_cleanly(text, name):
    for encoding in ("utf-8", "utf-16"):
        _clean_story_result(text.encode(encoding), name)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return exports(tmp_path_factory.mktemp("hseeds"))


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fmt=st.sampled_from([f.name for f in readable_formats()]), seed=st.integers(0, 2**32 - 1))
def test_generated_annotation_files_import_or_are_refused_cleanly(fmt, seed, seeds, tmp_path):
    assert fuzz_importer(fmt, seeds[fmt], tmp_path, random.Random(seed)) in {"imported", "refused"}


# --- XML -------------------------------------------------------------------

_XML_ATTACKS = {
    "entity bomb": b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY a "aaaaaaaaaaaaaaaa">'
    + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8))
    + b"]><nitf><body><body.content><p>&i;</p></body.content></body></nitf>",
    "quadratic blowup": b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY a "' + b"x" * 5_000 + b'">]><nitf><body>'
    b"<body.content><p>" + b"&a;" * 1000 + b"</p></body.content></body></nitf>",
    "external entity": b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
    b"<nitf><body><body.content><p>Said &x;</p></body.content></body></nitf>",
    "remote entity": b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY x SYSTEM "http://x.invalid/e">]>'
    b"<nitf><body><body.content><p>Said &x;</p></body.content></body></nitf>",
    "parameter entity": b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY % p SYSTEM "http://x.invalid/p.dtd"> %p;]>'
    b"<nitf><body><body.content><p>Said.</p></body.content></body></nitf>",
    "external dtd": b'<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "http://x.invalid/nitf.dtd">'
    b"<nitf><body><body.content><p>The mayor said yes.</p></body.content></body></nitf>",
    "xinclude": b'<?xml version="1.0"?><nitf xmlns:xi="http://www.w3.org/2001/XInclude"><body><body.content>'
    b'<p>Said <xi:include href="file:///etc/hostname" parse="text"/>.</p></body.content></body></nitf>',
}


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to reach the network (or a URL opener) is recorded and fails."""
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise OSError("network access attempted in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


@pytest.mark.parametrize("attack", sorted(_XML_ATTACKS))
def test_xml_attacks_are_refused_or_read_harmlessly(attack, no_network):
    data = _XML_ATTACKS[attack]
    secret = open("/etc/hostname", encoding="utf-8").read().strip() if attack != "quadratic blowup" else None
    try:
        records = read_story_bytes(data, "story.xml")
    except StoryError as exc:
        assert str(exc).startswith("story.xml")
        records = []
    text = "".join(r.text for r in records)
    assert len(text) < 10_000  # no expansion
    if secret and len(secret) > 3:
        assert secret not in text
    assert no_network == []


# --- HTML ------------------------------------------------------------------

_HOSTILE_HTML = (
    b"<!DOCTYPE html><html><head><base href='http://x.invalid/'>"
    b"<meta http-equiv='refresh' content='0; url=http://x.invalid/'>"
    b"<link rel='stylesheet' href='http://x.invalid/s.css'><style>@import url(http://x.invalid/i.css);</style>"
    b"<script>fetch('http://x.invalid/'); document.write('INJECTED')</script></head>"
    b"<body onload=\"alert('x')\"><iframe src='http://x.invalid/f'></iframe><article><h1>Council votes</h1>"
    b"<p>The mayor said the vote <img src='http://x.invalid/p.png' onerror='alert(1)'>was fair.</p>"
    b"<object data='http://x.invalid/o.swf'></object><svg><image href='http://x.invalid/s.svg'/></svg>"
    b"<p style=\"background:url('http://x.invalid/bg.png')\">Critics disagreed.</p></article></body></html>"
)


def test_html_is_read_as_text_and_never_fetches(no_network):
    [record] = read_story_bytes(_HOSTILE_HTML, "page.html")
    assert "The mayor said the vote" in record.text and "Critics disagreed." in record.text
    for leaked in ("INJECTED", "fetch(", "alert", "@import", "x.invalid"):
        assert leaked not in record.text
    assert no_network == []


# --- nothing unpickled -----------------------------------------------------


class _Boom:
    def __reduce__(self):  # unpickling this would run code
        return (exec, ("import pathlib; pathlib.Path(__import__('os').environ['BOOM_MARK']).write_text('ran')",))


def test_pickle_disguised_as_spacy_is_never_loaded(tmp_path, monkeypatch, no_network):
    mark = tmp_path / "ran.txt"
    monkeypatch.setenv("BOOM_MARK", str(mark))
    evil = tmp_path / "train.spacy"
    evil.write_bytes(pickle.dumps(_Boom()))
    for payload in (evil, tmp_path / "train.pkl", tmp_path / "model.pickle"):
        payload.write_bytes(evil.read_bytes())
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: pytest.fail("pickle.loads called on an imported file"))
    monkeypatch.setattr(pickle, "load", lambda *a, **k: pytest.fail("pickle.load called on an imported file"))
    repo = seed_project(tmp_path / "p.annotator")
    try:
        before = fingerprint(repo)
        summary = import_files(repo, [evil, tmp_path / "train.pkl", tmp_path / "model.pickle"], annotator="x")
        assert not summary.imported_anything and len(summary.refused) == 3
        assert all(msg.strip() for _, msg in summary.refused)
        with pytest.raises(FormatError, match="not imported"):
            import_files(repo, [evil], annotator="x", format_name="spacy")
        assert fingerprint(repo) == before
    finally:
        repo.close()
    assert not mark.exists()
