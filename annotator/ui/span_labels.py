"""Small label marks on spans, so colour is not the only cue, and gap marks on split spans.

Each span on screen gets its label's key letter (Q, A, C by default) as a tiny
raised tag just after its end, like a footnote mark; tags that would overlap on
one line move right. A span in several fragments ("objective … impartial") gets
an ellipsis tag after every fragment but the last and a dotted join from one
fragment to the next when both are on one line. ``fragments_text`` gives the same
reading for tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from annotator.core.model import Span
from annotator.core.schema import Schema

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap

from .screen_lines import ScreenLines

__all__ = ["key_letters", "fragments_text", "paint_span_labels", "GAP"]

GAP = " … "


def key_letters(schema: Schema | None) -> dict[str, str]:
    """Label name -> the letter shown on its spans: its first letter key, else its initial."""
    out: dict[str, str] = {}
    for lb in schema.labels if schema else ():
        letter = next((k for k in lb.keys if len(k) == 1 and k.isalpha()), "") or lb.name[:1]
        out[lb.name] = letter.upper()
    return out


def fragments_text(text: str, span: Span, limit: int = 160) -> str:
    """A span's covered text with a gap mark between fragments, cut to ``limit`` characters."""
    if len(span.fragments) > 1 and text:
        shown = GAP.join(text[s:e] for s, e in span.fragments)
    else:
        shown = span.text
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def paint_span_labels(
    painter: QPainter,
    screen: ScreenLines,
    spans: Iterable[Span],
    to16: Callable[[int], int],
    letters: dict[str, str],
    colour_of: Callable[[Span], QColor],
    base_font: QFont,
    *,
    labels: bool = True,
) -> None:
    font = QFont(base_font)
    font.setPointSizeF(max(5.5, base_font.pointSizeF() * 0.55))
    font.setBold(True)
    taken: dict[int, float] = {}  # line top -> right edge of the last tag placed on it
    marks: list[tuple[float, float, str, QColor]] = []
    for span in sorted(spans, key=lambda s: (s.end, s.start)):
        colour = colour_of(span)
        frags = span.fragments
        for i, (s, e) in enumerate(frags):
            last = i == len(frags) - 1
            if not last:
                _join(painter, screen, to16, e, frags[i + 1][0], colour)
            text = (letters.get(span.label) or span.label[:1]) if last else "…"
            if last and not labels:
                continue
            rects = screen.rects(to16(s), to16(e))
            if not rects:
                continue
            end = rects[-1]
            marks.append((end.right(), end.top(), text, colour))
    for x, top, text, colour in sorted(marks, key=lambda m: (m[1], m[0])):
        tag = _tag_pixmap(text, colour, font, painter.device().devicePixelRatioF())
        w = tag.width() / tag.devicePixelRatioF()
        line = round(top)
        x = max(x - 1, taken.get(line, -1e9) + 1)
        taken[line] = x + w
        painter.drawPixmap(QPointF(x, top - 2), tag)  # raised like a footnote mark


_TAGS: dict[tuple[str, int, str, float], QPixmap] = {}


def _tag_pixmap(text: str, colour: QColor, font: QFont, ratio: float) -> QPixmap:
    """A tag drawn once per letter, colour, font and screen: painting is then one blit."""
    key = (text, colour.rgba(), font.key(), ratio)
    tag = _TAGS.get(key)
    if tag is None:
        fm = QFontMetricsF(font)
        w, h = fm.horizontalAdvance(text) + 3, fm.ascent() + 1
        tag = QPixmap(max(1, int(w * ratio + 0.99)), max(1, int(h * ratio + 0.99)))
        tag.setDevicePixelRatio(ratio)
        tag.fill(Qt.GlobalColor.transparent)
        p = QPainter(tag)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        back = QColor(colour).darker(135)
        back.setAlpha(215)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(back)
        p.drawRoundedRect(QRectF(0, 0, w, h), 2, 2)
        p.setFont(font)
        p.setPen(QColor("white"))
        p.drawText(QRectF(0, 0, w, h), Qt.AlignmentFlag.AlignCenter, text)
        p.end()
        if len(_TAGS) > 256:
            _TAGS.clear()
        _TAGS[key] = tag
    return tag


def _join(
    painter: QPainter, screen: ScreenLines, to16: Callable[[int], int], end: int, start: int, colour: QColor
) -> None:
    """A dotted line under the gap between two fragments on one line."""
    a = screen.rects(to16(max(end - 1, 0)), to16(end))
    b = screen.rects(to16(start), to16(start + 1))
    if not a or not b or abs(a[-1].top() - b[0].top()) > 0.5 or b[0].left() <= a[-1].right():
        return
    c = QColor(colour).darker(130)
    pen = QPen(c, 1.2, Qt.PenStyle.DotLine)
    painter.setPen(pen)
    y = a[-1].bottom() - 1.5
    painter.drawLine(QPointF(a[-1].right() + 2, y), QPointF(b[0].left() - 2, y))
