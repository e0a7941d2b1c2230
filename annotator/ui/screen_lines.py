"""Where the text on screen sits: the visible lines of the visible blocks, read from
Qt once per paint so each span's rectangles cost a couple of list look-ups.

Asking Qt block by block and line by line for every fragment took two thirds of
painting a story's highlights: each call crosses into C++ and back. Positions
here are UTF-16 units, as Qt counts them.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextLine
from PySide6.QtWidgets import QPlainTextEdit

__all__ = ["ScreenLines"]


class _Line(NamedTuple):
    start: int  # in the block
    end: int
    top: float  # on screen
    height: float
    line: QTextLine


class _Block(NamedTuple):
    start: int  # in the document
    end: int  # before the paragraph separator
    left: float
    lines: list[_Line]  # the visible ones only
    line_starts: list[int]


class ScreenLines:
    def __init__(self, view: QPlainTextEdit, offset: QPointF) -> None:
        self.blocks: list[_Block] = []
        height = view.viewport().height()
        block = view.firstVisibleBlock()
        while block.isValid():
            geo = view.blockBoundingGeometry(block).translated(offset)
            top = geo.top()
            if top > height:
                break
            if geo.bottom() >= 0 and block.isVisible():
                lines = _visible_lines(block.layout(), top, height)
                pos = block.position()
                self.blocks.append(_Block(pos, pos + block.length() - 1, geo.left(), lines, [ln.start for ln in lines]))
            block = block.next()
        self._starts = [b.start for b in self.blocks]

    def rects(self, u0: int, u1: int) -> list[QRectF]:
        """Screen rectangles covering [u0, u1) line by line, on-screen parts only."""
        out: list[QRectF] = []
        first = max(bisect_right(self._starts, u0) - 1, 0)
        for block in self.blocks[first:]:
            if block.start >= u1:
                break
            b0 = max(u0, block.start) - block.start
            b1 = min(u1, block.end) - block.start
            for ln in block.lines[max(bisect_right(block.line_starts, b0) - 1, 0) :]:
                if ln.start >= b1:
                    break
                s, e = max(b0, ln.start), min(b1, ln.end)
                if e <= s:
                    continue
                x0 = _x(ln.line.cursorToX(s))
                x1 = _x(ln.line.cursorToX(e))
                out.append(QRectF(block.left + min(x0, x1), ln.top, abs(x1 - x0), ln.height))
        return out


def _visible_lines(layout, top: float, height: float) -> list[_Line]:
    """The lines of one block that are on screen; a long paragraph has thousands of
    lines, so the first visible one is found by bisection, not by walking."""
    count = layout.lineCount()
    lo, hi = 0, count
    while lo < hi:
        mid = (lo + hi) // 2
        line = layout.lineAt(mid)
        if top + line.y() + line.height() < 0:
            lo = mid + 1
        else:
            hi = mid
    lines = []
    for i in range(lo, count):
        line = layout.lineAt(i)
        y = top + line.y()
        if y > height:
            break
        start = line.textStart()
        lines.append(_Line(start, start + line.textLength(), y, line.height(), line))
    return lines


def _x(result: object) -> float:
    # PySide6 returns (x, position) for cursorToX's in/out argument.
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[index]
