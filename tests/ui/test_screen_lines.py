"""Span rectangles from the per-paint line cache agree with Qt's own cursor geometry,
also deep inside a paragraph far longer than the screen."""

from __future__ import annotations

import random

from annotator.core.model import Document
from annotator.core.text import text_hash

from PySide6.QtGui import QTextCursor

from annotator.ui.screen_lines import ScreenLines
from annotator.ui.text_view import StoryView

WORDS = "the mayor said 😀 officials would close the bridge on Tuesday 서울 according to a report".split()


def _cursor_rect(view, u16):
    c = QTextCursor(view.document())
    c.setPosition(u16)
    return view.cursorRect(c)


def test_rects_start_and_end_where_qt_puts_the_cursor(qtbot):
    rng = random.Random(4)
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randrange(5, 80))) for _ in range(30)]
    paragraphs.insert(15, " ".join(rng.choice(WORDS) for _ in range(6000)))  # one huge paragraph
    text = "\n\n".join(paragraphs)
    view = StoryView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    view.set_story(Document("d", "D", text, text_hash(text)), [])
    checked = 0
    for where in (0.0, 0.45, 0.5, 0.55, 1.0):  # the middle ones land inside the huge paragraph
        bar = view.verticalScrollBar()
        bar.setValue(int(bar.maximum() * where))
        qtbot.wait(1)
        screen = ScreenLines(view, view.contentOffset())
        height = view.viewport().height()
        lo, hi = view.visible_range_cp()
        for _ in range(300):
            a = rng.randrange(lo, min(hi, len(text) - 1))
            b = min(len(text), a + rng.randrange(1, 300))
            u0, u1 = view.map.cp_to_utf16(a), view.map.cp_to_utf16(b)
            rects = screen.rects(u0, u1)
            for r in rects:
                assert r.width() >= 0 and r.bottom() >= 0 and r.top() <= height
            start, end = _cursor_rect(view, u0), _cursor_rect(view, u1)
            if not rects or start.top() < 0 or end.bottom() > height or text[a] == "\n":
                continue
            if _cursor_rect(view, u1 - 1).top() != end.top():
                continue  # the end sits on a wrap: Qt shows that cursor on the next line
            assert abs(rects[0].left() - start.left()) <= 1 and abs(rects[0].top() - start.top()) <= 1
            assert abs(rects[-1].right() - end.left()) <= 1 and abs(rects[-1].top() - end.top()) <= 1
            checked += 1
    assert checked > 200
