"""Links drawn on the text: who said what, readable without clicking (design note 22).

Two spans on one screen line are joined by a low arch hugging the top of that
line, in the strip above the letters, so it never covers text and needs no extra
line spacing. Ends on different lines (or off screen) are joined through the
link gutter at the right of the text: a dotted run along the top of each end's
line to the gutter, then a vertical lane there, labelled with the link type
where the lane is long enough. The selected (or hovered) span's links are drawn
strong; the others stay visible but quiet.

Only links with an end among the spans on screen are laid out, so a story with
20,000 links costs what its visible few cost. Positions are UTF-16 (Qt's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from annotator.core.model import Relation, Span

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QWidget

from .screen_lines import ScreenLines

__all__ = ["LinkIndex", "LinkLayout", "Arch", "Connector", "layout_links", "paint_links", "LinkGutter", "GUTTER"]

GUTTER = 30  # px at the right of the text for links between lines
LANE = 6  # px between gutter lanes
ARCH_LIFT = 3.0  # how far the arch ends sit below the top of the line


class LinkIndex:
    """A story's links by span id (both ends), rebuilt when links change."""

    def __init__(self, relations: Iterable[Relation] = ()) -> None:
        self.reset(relations)

    def reset(self, relations: Iterable[Relation]) -> None:
        self.by_id: dict[str, Relation] = {r.id: r for r in relations}
        self.by_span: dict[str, list[Relation]] = {}
        for rel in self.by_id.values():
            self.by_span.setdefault(rel.source, []).append(rel)
            if rel.target != rel.source:
                self.by_span.setdefault(rel.target, []).append(rel)

    def of(self, span_id: str) -> list[Relation]:
        return self.by_span.get(span_id, [])

    def __len__(self) -> int:
        return len(self.by_id)


@dataclass
class Arch:
    """Both ends on one screen line."""

    rel: Relation
    x0: float  # source end
    x1: float  # target end
    top: float  # the line's top
    depth: int  # nested arches sit lower
    strong: bool
    colour: QColor


@dataclass
class Connector:
    """Ends on different lines, or one end off screen: routed through the gutter."""

    rel: Relation
    ends: list[tuple[float, float, bool]]  # (x, line top, is the target) of the ends on screen
    y0: float  # span of the gutter lane
    y1: float
    off_top: bool  # an end is above the screen
    off_bottom: bool
    lane: int
    strong: bool
    colour: QColor


@dataclass
class LinkLayout:
    arches: list[Arch]
    connectors: list[Connector]
    width: float  # of the text area: connectors run to it

    @classmethod
    def empty(cls) -> LinkLayout:
        return cls([], [], 0.0)


def _end_rect(screen: ScreenLines, to16: Callable[[int], int], span: Span, *, last: bool) -> QRectF | None:
    """The on-screen rectangle of a span's end that faces the other end of a link."""
    s, e = span.fragments[-1] if last else span.fragments[0]
    rects = screen.rects(to16(s), to16(e))
    if not rects:
        return None
    return rects[-1] if last else rects[0]


def _facing(rect: QRectF, right: bool) -> float:
    """Where a link leaves a span: near the edge facing the other end, so arches between
    neighbours stay short and never reach over a third span."""
    inset = min(rect.width() * 0.35, 40.0)  # clear of the label tag at the very end
    return rect.right() - inset if right else rect.left() + inset


def layout_links(
    links: LinkIndex,
    spans: dict[str, Span],
    visible_ids: Iterable[str],
    screen: ScreenLines,
    to16: Callable[[int], int],
    shown: Callable[[Span], bool],
    emphasised: set[str],
    colour_of: Callable[[Span], QColor],
    width: float,
    height: float,
) -> LinkLayout:
    """Where each link touching a span on screen goes."""
    seen: set[str] = set()
    arches: list[Arch] = []
    connectors: list[Connector] = []
    for span_id in visible_ids:
        for rel in links.of(span_id):
            if rel.id in seen:
                continue
            seen.add(rel.id)
            src, tgt = spans.get(rel.source), spans.get(rel.target)
            if src is None or tgt is None or not (shown(src) and shown(tgt)):
                continue
            forward = tgt.start >= src.start
            a = _end_rect(screen, to16, src, last=forward)
            b = _end_rect(screen, to16, tgt, last=not forward)
            strong = rel.source in emphasised or rel.target in emphasised
            colour = colour_of(src)
            if a is not None and b is not None and abs(a.top() - b.top()) < 0.5:
                toward = b.center().x() >= a.center().x()
                arches.append(Arch(rel, _facing(a, toward), _facing(b, not toward), a.top(), 0, strong, colour))
                continue
            ends = [(_facing(r, True), r.top(), r is b) for r in (a, b) if r is not None]
            ys = [top for _x, top, _t in ends]
            # A missing end lies above the screen if it comes earlier in the text than the other.
            off_top = (a is None and forward) or (b is None and not forward)
            off_bottom = (a is None and not forward) or (b is None and forward)
            y0 = 0.0 if off_top else min(ys)
            y1 = height if off_bottom else max(ys)
            connectors.append(Connector(rel, ends, y0, y1, off_top, off_bottom, 0, strong, colour))
    _stack_arches(arches)
    _assign_lanes(connectors)
    return LinkLayout(arches, connectors, width)


def _stack_arches(arches: list[Arch]) -> None:
    """An arch inside another on the same line sits a step lower, so both show."""
    by_line: dict[float, list[Arch]] = {}
    for arch in arches:
        by_line.setdefault(round(arch.top), []).append(arch)
    for group in by_line.values():
        group.sort(key=lambda a: -abs(a.x1 - a.x0))
        for i, arch in enumerate(group):
            lo, hi = sorted((arch.x0, arch.x1))
            outer = [o for o in group[:i] if min(o.x0, o.x1) <= lo and hi <= max(o.x0, o.x1)]
            arch.depth = min(2, max((o.depth + 1 for o in outer), default=0))


def _assign_lanes(connectors: list[Connector]) -> None:
    """Greedy interval colouring of the gutter: links whose lanes overlap get different lanes."""
    lanes: list[float] = []  # bottom of the last connector in each lane
    max_lanes = max(1, (GUTTER - 6) // LANE)
    for con in sorted(connectors, key=lambda c: (c.y0, c.y1)):
        free = next((i for i, bottom in enumerate(lanes) if bottom < con.y0 - 2), None)
        if free is None and len(lanes) < max_lanes:
            lanes.append(con.y1)
            con.lane = len(lanes) - 1
        else:
            con.lane = free if free is not None else len(lanes) - 1
            lanes[con.lane] = max(lanes[con.lane], con.y1)


def _pen(colour: QColor, strong: bool, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    c = QColor(colour).darker(175 if strong else 150)
    c.setAlpha(255 if strong else 200)
    pen = QPen(c, 2.2 if strong else 1.5, style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _arrow(painter: QPainter, tip: QPointF, colour: QColor, strong: bool, down: bool = True) -> None:
    c = QColor(colour).darker(175 if strong else 150)
    c.setAlpha(255 if strong else 170)
    s = 3.0 if strong else 2.5
    dy = -s if down else s
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(c)
    painter.drawPolygon(QPolygonF([tip, QPointF(tip.x() - s, tip.y() + dy), QPointF(tip.x() + s, tip.y() + dy)]))
    painter.setBrush(Qt.BrushStyle.NoBrush)


def paint_links(painter: QPainter, layout: LinkLayout) -> None:
    """The in-text part: arches, and the runs from each end to the gutter."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for arch in sorted(layout.arches, key=lambda a: a.strong):  # strong ones on top
        lift = ARCH_LIFT + 1.3 * arch.depth
        y_end = arch.top + lift + 1.5
        y_peak = arch.top - 0.5 + 1.3 * arch.depth  # on the seam between two lines
        path = QPainterPath(QPointF(arch.x0, y_end))
        reach = min(6.0, abs(arch.x1 - arch.x0) / 3)
        sign = 1 if arch.x1 >= arch.x0 else -1
        path.cubicTo(
            QPointF(arch.x0, y_peak), QPointF(arch.x0 + sign * reach, y_peak), QPointF(arch.x0 + sign * reach, y_peak)
        )
        path.lineTo(QPointF(arch.x1 - sign * reach, y_peak))
        path.cubicTo(QPointF(arch.x1, y_peak), QPointF(arch.x1, y_peak), QPointF(arch.x1, y_end))
        painter.setPen(_pen(arch.colour, arch.strong))
        painter.drawPath(path)
        _arrow(painter, QPointF(arch.x1, y_end + 1.5), arch.colour, arch.strong)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    for con in sorted(layout.connectors, key=lambda c: c.strong):
        for x, top, is_target in con.ends:
            y = round(top) + 1
            _dotted_run(painter, x, layout.width, y, con.colour, con.strong)
            painter.setPen(_pen(con.colour, con.strong))
            painter.drawLine(QPointF(x, y), QPointF(x, top + ARCH_LIFT + 1.5))
            if is_target:
                _arrow(painter, QPointF(x, top + ARCH_LIFT + 3.0), con.colour, con.strong)


_RUNS: dict[tuple[int, bool], QBrush] = {}


def _dotted_run(painter: QPainter, x0: float, x1: float, y: float, colour: QColor, strong: bool) -> None:
    """A dotted line along a line's top, filled with a two-pixel texture: a dashed pen across
    the view cost ~0.15 ms a line and a dozen of them made every repaint slow
    (bench/bench_render.py); the texture costs a few microseconds."""
    if x1 <= x0:
        return
    key = (QColor(colour).rgba(), strong)
    brush = _RUNS.get(key)
    if brush is None:
        c = _pen(colour, strong).color()
        tile = QPixmap(4, 2 if strong else 1)
        tile.fill(Qt.GlobalColor.transparent)
        p = QPainter(tile)
        p.fillRect(0, 0, 2, tile.height(), c)
        p.end()
        brush = _RUNS[key] = QBrush(tile)
    painter.fillRect(QRectF(x0, y, x1 - x0, 2 if strong else 1), brush)


def _lane(painter: QPainter, x: float, y0: float, y1: float, colour: QColor, strong: bool) -> None:
    w = 2.0 if strong else 1.5
    painter.fillRect(QRectF(x - w / 2, y0, w, max(0.0, y1 - y0)), _pen(colour, strong).color())


class LinkGutter(QWidget):
    """The strip at the right of the text where links between lines run, with their labels."""

    def __init__(self, view) -> None:  # noqa: ANN001 - the StoryView (imports would be circular)
        super().__init__(view)
        self.view = view
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.7))
        self.setFont(font)
        self.setToolTip("Links between lines: each lane joins two spans; the label is the link type.")

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().color(self.backgroundRole()).lighter(102))
            layout: LinkLayout = getattr(self.view, "link_layout", LinkLayout.empty())
            if not self.view.show_links:
                return
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            fm = painter.fontMetrics()
            for con in sorted(layout.connectors, key=lambda c: c.strong):
                x = 4 + LANE * con.lane + LANE / 2
                _lane(painter, x, con.y0 + 1, con.y1 + 1, con.colour, con.strong)
                for _ex, top, _t in con.ends:
                    _dotted_run(painter, 0, x, round(top) + 1, con.colour, con.strong)
                if con.off_top:
                    _arrow(painter, QPointF(x, con.y0), con.colour, con.strong, down=False)
                if con.off_bottom:
                    _arrow(painter, QPointF(x, con.y1), con.colour, con.strong)
                label = con.rel.type
                length = con.y1 - con.y0
                if length > fm.horizontalAdvance(label) + 12:
                    painter.save()
                    painter.translate(x + fm.ascent() / 2 - 1, (con.y0 + con.y1) / 2 + fm.horizontalAdvance(label) / 2)
                    painter.rotate(-90)
                    back = QRectF(-1, -fm.ascent(), fm.horizontalAdvance(label) + 2, fm.height())
                    painter.fillRect(back, self.palette().color(self.backgroundRole()))
                    c = QColor(con.colour).darker(140)
                    c.setAlpha(255 if con.strong else 170)
                    painter.setPen(c)
                    painter.drawText(QPointF(0, 0), label)
                    painter.restore()
        finally:
            painter.end()
