"""The HTML reader on pages shaped like the ones that broke the hand-written one."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.request

import pytest

from annotator.stories import StoryError, read_story_bytes

STORY = [
    "The county council voted on Tuesday to close two of its five public libraries by the end of the year, "
    "citing a budget gap of four million pounds that officials said could not be closed any other way.",
    "“We have looked at every line of the budget,” said the council leader, Maria Okafor, after the vote. "
    "“Nobody on this council wanted to be the one to shut a library.”",
    "Campaigners who had gathered outside the town hall said they would seek a judicial review of the "
    "decision, arguing that the consultation had been too short for residents to respond properly.",
    "The two libraries, in Eastfield and Marsh Lane, together lend more than sixty thousand books a year, "
    "according to figures the council published last month.",
]


def page(body: str, head: str = "") -> bytes:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Libraries to close | The Shire Post</title>"
        f"{head}</head><body><header class='site-header'><a href='/'>The Shire Post</a>"
        "<nav><a href='/news'>News</a> <a href='/sport'>Sport</a> <a href='/weather'>Weather</a></nav></header>"
        f"{body}<footer><p>© 2026 The Shire Post. All rights reserved.</p><a href='/privacy'>Privacy</a></footer>"
        "</body></html>"
    ).encode()


def paragraphs() -> str:
    return "".join(f"<p>{p}</p>" for p in STORY)


def read(data: bytes) -> tuple[str, dict]:
    [rec] = read_story_bytes(data, "story.html")
    return rec.text, rec.meta


def assert_whole_story(text: str) -> None:
    for p in STORY:
        assert p in text
    assert text.count("\n\n") >= len(STORY) - 1  # paragraphs stay paragraphs
    for furniture in ("All rights reserved", "Weather", "Privacy"):
        assert furniture not in text


def test_a_wrapper_with_an_ad_like_class_keeps_the_story():
    body = (
        "<div class='Page-ad-margins'><div class='sidebar-layout'><main><article><h1>Libraries to close</h1>"
        f"{paragraphs()}</article></main></div></div>"
    )
    text, meta = read(page(body))
    assert_whole_story(text)
    assert meta["headline"].startswith("Libraries to close")


def test_a_story_inside_a_form_is_kept():
    body = (
        "<form action='/subscribe' method='post'><div class='content'><h1>Libraries to close</h1>"
        f"{paragraphs()}</div><input type='email' name='e' value='you@example.invalid'>"
        "<button>Sign up for our newsletter</button></form>"
    )
    text, meta = read(page(body))
    assert_whole_story(text)
    assert "Sign up" not in text and "you@example" not in text
    assert "date" not in meta  # the footer's "© 2026" is not the story's date


def test_related_links_captions_and_hidden_values_are_dropped():
    related = "".join(f"<li><a href='/n/{i}'>Latest headline number {i} from elsewhere</a></li>" for i in range(60))
    body = (
        "<article><h1>Libraries to close</h1><p class='byline'>By Hana Novak, Local Democracy Reporter</p>"
        f"<p>{STORY[0]}</p><figure><img src='http://images.invalid/library.jpg' alt='A library'>"
        "<figcaption>Eastfield library, one of the two due to close. Photo: Shire Post archive</figcaption></figure>"
        f"<p>{STORY[1]}</p><aside class='related'><h3>Related coverage</h3><ul>{related}</ul></aside>"
        f"<p>{STORY[2]}</p><span hidden>tracking-id-7731</span><div style='display: none'>ad slot value</div>"
        f"<p>{STORY[3]}</p></article><section class='latest'><h2>Latest news</h2><ul>{related}</ul></section>"
    )
    text, meta = read(page(body))
    assert_whole_story(text)
    for noise in ("Photo: Shire Post", "Related coverage", "Latest headline", "tracking-id", "ad slot"):
        assert noise not in text
    assert meta["byline"] == "By Hana Novak, Local Democracy Reporter"


def test_headline_byline_dateline_date_and_outlet_from_the_page():
    head = (
        "<meta name='author' content='Hana Novak'><meta property='og:site_name' content='The Shire Post'>"
        "<meta property='article:published_time' content='2026-03-04T09:30:00Z'>"
        "<meta property='og:title' content='Libraries to close'>"
    )
    body = f"<article><h1>Libraries to close</h1><p>EASTFIELD (SPN) — {STORY[0]}</p>{paragraphs()}</article>"
    _, meta = read(page(body, head))
    assert meta["headline"] == "Libraries to close"
    assert meta["byline"] == "Hana Novak"
    assert meta["dateline"] == "EASTFIELD (SPN)"
    assert meta["date"] == "2026-03-04"
    assert meta["outlet"] == "The Shire Post"


def test_a_page_without_a_story_is_refused_clearly():
    links = "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(30))
    data = page(f"<nav><ul>{links}</ul></nav><script>render()</script>")
    with pytest.raises(StoryError, match=r"story\.html: no story text found in this page"):
        read_story_bytes(data, "story.html")


@pytest.fixture
def attempts(monkeypatch):
    """Every way out to the network fails and is recorded."""
    seen: list[str] = []

    def refuse(*args, **kwargs):
        seen.append(repr(args[:2]))
        raise OSError("network access attempted in a test")

    for target, attr in (
        (socket.socket, "connect"),
        (socket.socket, "connect_ex"),
        (socket, "create_connection"),
        (socket, "getaddrinfo"),
        (urllib.request, "urlopen"),
    ):
        monkeypatch.setattr(target, attr, refuse)
    return seen


def test_nothing_is_fetched_and_no_entity_is_resolved(tmp_path, attempts):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FILE-CONTENT", encoding="utf-8")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE html SYSTEM "http://dtd.invalid/x.dtd" ['
        f'<!ENTITY leak SYSTEM "file://{secret}"><!ENTITY far SYSTEM "http://entities.invalid/e">]>'
        "<html><head><link rel='stylesheet' href='http://css.invalid/s.css'>"
        "<script src='http://js.invalid/a.js'></script><link rel='canonical' href='http://canonical.invalid/story'>"
        "</head><body><iframe src='http://frame.invalid/'></iframe><article><h1>Libraries to close</h1>"
        f"<p>&leak; &far; {STORY[0]}</p><img src='http://img.invalid/p.jpg'>{paragraphs()}</article></body></html>"
    ).encode()
    text, _ = read(data)
    assert STORY[0] in text
    assert "SECRET-FILE-CONTENT" not in text
    assert attempts == []


def test_reading_pages_never_imports_what_the_bundle_leaves_out():
    """build.spec excludes dateparser and its dependencies: date extraction must never reach them."""
    pages = [
        page(f"<article><h1>Libraries to close</h1><p>Published on Tuesday, 3 March 2026</p>{paragraphs()}</article>"),
        page(f"<article><p>Updated March 3rd, 2026 at 9:30 am</p><p>3 mars 2026</p>{paragraphs()}</article>"),
        page(f"<main><time>yesterday</time>{paragraphs()}</main>", "<meta name='date' content='03/04/2026'>"),
        # A date only in words dateparser knows: the extensive search would import it for this one.
        page(f"<article><div class='meta'><span class='date'>3 марта 2026 года</span></div>{paragraphs()}</article>"),
    ]
    code = (
        "import sys\n"
        "from annotator.stories import read_story_bytes\n"
        f"for data in {pages!r}:\n"
        "    read_story_bytes(data, 'p.html')\n"
        "print(sorted(m for m in ('dateparser', 'regex', 'pytz', 'tzlocal') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
