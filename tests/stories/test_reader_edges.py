"""Story readers at their edges: sniffing, remote resources, huge and vanishing files, discovery."""

from __future__ import annotations

import os
import socket
import urllib.request

import pytest

from annotator.paths import resources_dir
from annotator.stories import StoryError, discover, read_story_bytes, read_story_file

SAMPLES = resources_dir() / "stories"


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or URL fails the test."""

    def refuse(*args, **kwargs):
        pytest.fail("a story reader tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_html_with_remote_resources_is_read_offline(no_network):
    page = (
        b"<html><head><title>Page title</title><script src='http://tracker.example/t.js'></script>"
        b"<link rel='stylesheet' href='https://cdn.example/s.css'></head><body>"
        b"<nav><a href='/'>Home</a></nav><article><h1>Mayor resigns</h1>"
        b"<img src='http://images.example/photo.jpg' alt='the mayor'>"
        b"<p>The mayor resigned on Monday, &ldquo;with regret&rdquo;, an aide said.</p>"
        b"<iframe src='http://ads.example/frame'></iframe></article>"
        b"<footer>Copyright</footer></body></html>"
    )
    rec = read_story_bytes(page, "page.html")[0]
    assert rec.title == "Mayor resigns"
    assert "“with regret”" in rec.text
    for noise in ("Home", "Copyright", "http", "tracker"):
        assert noise not in rec.text


def test_nitf_with_remote_dtd_is_refused_without_fetching(no_network):
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "http://dtd.example/nitf.dtd">'
        b"<nitf><body><body.content><p>Text.</p></body.content></body></nitf>"
    )
    try:
        rec = read_story_bytes(xml, "remote-dtd.xml")[0]
    except StoryError as exc:
        assert "remote-dtd.xml" in str(exc)
    else:  # a DOCTYPE naming a DTD is harmless as long as nothing loads it
        assert rec.text.strip() == "Text."


def test_html_looking_txt_stays_exactly_as_written():
    data = b"<p>Shown as typed, tags and all.</p>\n<b>bold?</b>\n"
    rec = read_story_bytes(data, "notes.txt")[0]
    assert rec.text == data.decode()
    assert rec.meta["format"] == "text"


def test_xml_extension_with_html_inside_is_read_as_html():
    data = b"<!DOCTYPE html><html><body><article><p>Story body here.</p></article></body></html>"
    rec = read_story_bytes(data, "saved.xml")[0]
    assert rec.meta["format"] == "html" and rec.text == "Story body here."


def test_nitf_sniffed_inside_a_nitf_extension_and_title_falls_back():
    data = b"<nitf><body><body.content><p>First line of the wire.</p><p>Second.</p></body.content></body></nitf>"
    rec = read_story_bytes(data, "wire.nitf")[0]
    assert rec.meta["format"] == "nitf"
    assert rec.text == "First line of the wire.\n\nSecond."
    assert rec.title == "First line of the wire."


def test_title_is_first_line_trimmed_and_capped():
    long_line = "   " + "word " * 60 + "\nsecond line\n"
    rec = read_story_bytes(long_line.encode(), "long.txt")[0]
    assert not rec.title.startswith(" ")
    assert 0 < len(rec.title) <= 121
    assert rec.text == long_line  # the title never changes the stored text


def test_fifty_megabyte_file_is_refused_without_reading(tmp_path, monkeypatch):
    big = tmp_path / "archive.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: costs no disk or memory

    def no_reading(*args, **kwargs):
        pytest.fail("the huge file was read")

    monkeypatch.setattr("annotator.stories.reader._read_all", no_reading)
    with pytest.raises(StoryError, match=r"archive\.txt.*too large"):
        read_story_file(big)


def test_undecodable_bytes_with_a_bom_get_a_clear_message():
    with pytest.raises(StoryError, match=r"bad\.txt.*byte-order mark"):
        read_story_bytes(b"\xef\xbb\xbfok then \xff\xfe\xfd broken", "bad.txt")


def test_other_os_errors_become_story_errors(tmp_path, monkeypatch):
    story = tmp_path / "flaky.txt"
    story.write_text("text")

    def io_error(fd, size, name):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("annotator.stories.reader._read_all", io_error)
    with pytest.raises(StoryError, match=r"flaky\.txt.*Input/output error"):
        read_story_file(story)


def test_discover_expands_folders_sorted_and_reports_missing(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.md").write_text("# z\n")
    (tmp_path / "b" / "a.TXT").write_text("a\n")
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / "b" / "deep" / "c.json").write_text('{"text": "c"}')
    (tmp_path / "b" / "image.png").write_bytes(b"\x89PNG")
    files, missing = discover([tmp_path / "b", tmp_path / "nowhere"])
    names = [f.relative_to(tmp_path / "b").as_posix() for f in files]
    assert sorted(names) == sorted(["a.TXT", "z.md", "deep/c.json"])
    assert files == sorted(files)  # path order, so imports are repeatable
    assert discover([tmp_path / "b"])[0] == files
    assert [p.name for p, _ in missing] == ["nowhere"]
    assert missing[0][1]


def test_discover_lists_a_linked_file_once_and_skips_hidden_folders(tmp_path):
    (tmp_path / "a.txt").write_text("a\n")
    (tmp_path / "also-a.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "copy.txt").write_text("cached\n")
    files, missing = discover([tmp_path, tmp_path / "a.txt"])
    assert [f.name for f in files] == ["a.txt"] and not missing


def test_an_unreadable_subfolder_is_reported_and_the_rest_found(tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text("fine\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden-away.txt").write_text("x\n")
    real_scandir = os.scandir

    def scandir(path="."):  # what chmod 000 does to anyone but root
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, missing = discover([tmp_path])
    assert [f.name for f in files] == ["ok.txt"]
    assert [(p.name, "Permission denied" in why) for p, why in missing] == [("locked", True)]


def test_a_pipe_named_like_a_story_is_refused_not_read_forever(tmp_path):
    fifo = tmp_path / "wire.txt"
    os.mkfifo(fifo)
    files, _ = discover([tmp_path])
    with pytest.raises(StoryError, match=r"wire\.txt.*not a regular file"):
        read_story_file(files[0])


def test_file_vanishing_between_discovery_and_reading(tmp_path):
    story = tmp_path / "soon-gone.txt"
    story.write_text("Here now.")
    files, _ = discover([tmp_path])
    story.unlink()
    with pytest.raises(StoryError, match=r"soon-gone\.txt.*gone"):
        read_story_file(files[0])


def test_markdown_sample_loses_syntax():
    rec = read_story_file(SAMPLES / "06-trade-talks-xinhua.md")[0]
    for syntax in ("# ", "**", "](", "```"):
        assert syntax not in rec.text
    assert "was quoted by Xinhua as saying" in rec.text
    assert "\n\n" in rec.text and "\n\n\n" not in rec.text


def test_html_sample_meta_and_no_page_noise():
    rec = read_story_file(SAMPLES / "07-hospital-waiting-times.html")[0]
    assert rec.meta["outlet"] == "The Valley Courier"
    assert rec.meta["date"].startswith("2026-10-14")
    assert "By Tom Brennan" in rec.meta["byline"]
    for noise in ("<", "dataLayer", "We use cookies", "Sport", "All rights reserved"):
        assert noise not in rec.text
