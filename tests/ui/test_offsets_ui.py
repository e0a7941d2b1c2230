"""A span made from a Qt selection stores code points whose slice is the selected text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import Document
from annotator.core.text import normalise, text_hash

from PySide6.QtGui import QTextCursor

PIECES = [
    "a",
    "word",
    " ",
    "\n",
    "é",
    "e\u0301",
    "😀",
    "👩\u200d👩\u200d👧",
    "𝔘",
    "中文",
    "한국",
    "\r\n",
    "\u05e9\u05dc\u05d5\u05dd",
    "“q”",
    "\t",
]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map(lambda p: "\ufeff" + "".join(p))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=texts, data=st.data())
def test_qt_selection_to_stored_span_and_back(qtbot, window, raw, data):
    text = normalise(raw).text
    if not text.strip():
        return
    doc_id = f"h{abs(hash(text)) % 10**12}"
    if not window.repo.has_document(doc_id):
        window.repo.add_documents([Document(doc_id, "prop", text, text_hash(text))])
    window.reload_project()
    window.set_story(doc_id)
    view = window.view
    n16 = view.map.length_u16
    a = data.draw(st.integers(0, n16))
    b = data.draw(st.integers(0, n16))
    cursor = view.textCursor()
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    start, end = view.selected_cp()
    # what Qt shows as selected, with paragraph separators mapped back
    shown = view.textCursor().selectedText().replace("\u2029", "\n")
    boundaries = {view.map.cp_to_utf16(i) for i in range(len(text) + 1)}
    if a in boundaries and b in boundaries:
        assert text[start:end] == shown
    else:  # an end inside a surrogate pair widens to the whole character, never splits it
        assert view.map.cp_to_utf16(start) <= min(a, b) and view.map.cp_to_utf16(end) >= max(a, b)
    window.char_precision = True
    before = set(view.index.spans)
    window.tag("CLAIM")
    window.char_precision = False
    added = [s for s in window.repo.spans(doc_id) if s.id not in before]
    for span in added:
        span.check(text)  # stored text equals the slice of its code-point offsets
        assert text[span.start : span.end].strip() == text[start:end].strip()
        # the view paints exactly those UTF-16 positions
        u0, u1 = view.map.cp_to_utf16(span.start), view.map.cp_to_utf16(span.end)
        assert u1 - u0 == len(text[span.start : span.end].encode("utf-16-le")) // 2
        view.select_cp(span.start, span.start)  # bring it on screen
        ranges = [(h.start16, h.end16) for h in view.highlights() if h.span.id == span.id]
        assert ranges == [(u0, u1)]
        cursor = view.textCursor()
        cursor.setPosition(u0)
        cursor.setPosition(u1, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText().replace("\u2029", "\n") == text[span.start : span.end]
    window.session.history.clear()
