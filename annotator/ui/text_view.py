"""The story, read-only, with spans painted only for the blocks on screen.

Highlights are drawn by us under the text (DESIGN §5): the first layer of spans
as a translucent background, each deeper overlapping span as its own coloured
bar under the line, the selected span outlined, its linked spans dashed. The
document holds plain text only, so overlaps never collapse and opening a big
story costs what setPlainText costs.

Positions: Qt counts UTF-16 units; the span index counts code points. Every
conversion goes through the story's Utf16Map.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.model import Document, Relation, Span
from annotator.core.text import Utf16Map

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from .highlighting import Highlight, visible_highlights
from .link_arcs import GUTTER, LinkGutter, LinkIndex, LinkLayout, layout_links, paint_links
from .screen_lines import ScreenLines
from .span_index import SpanIndex
from .span_labels import paint_span_labels

__all__ = ["StoryView"]

BAR = 3.5  # height of an overlap bar, px


class StoryView(QPlainTextEdit):
    span_clicked = Signal(str)  # span id ("" when a click hit no span)
    selection_changed_cp = Signal()
    fragment_dragged = Signal()  # Ctrl+drag ended with a selection: add it to the selected span
    span_hovered = Signal(str)  # top span under the pointer ("" when none); sent on change only

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        # Read-only, but the caret moves and selects with the keyboard (caret browsing).
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setCenterOnScroll(False)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.setFont(font)
        pal = self.viewport().palette()
        self._base = pal.color(QPalette.ColorRole.Base)
        pal.setColor(QPalette.ColorRole.Base, QColor(0, 0, 0, 0))  # we paint the background
        self.viewport().setPalette(pal)
        self.viewport().setAutoFillBackground(False)
        # paintEvent fills every rect it is given, so Qt need not paint the widgets
        # behind the viewport first (that was two thirds of each repaint in the window).
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.doc: Document | None = None
        self.map = Utf16Map("")
        self.index = SpanIndex()
        self.colours: dict[str, QColor] = {}
        self.visible_annotators: set[str] | None = None  # None: everyone's
        self.selected_id: str | None = None
        self.linked_ids: set[str] = set()
        self.marks: list[tuple[int, int]] = []  # transient marks (find hits), code points
        self._click_cycle: tuple[int, int] = (-1, 0)
        self._hovered = ""
        self.viewport().setMouseTracking(True)
        self.selectionChanged.connect(self.selection_changed_cp)
        # Links and label tags (View menu toggles); links between lines run in the gutter.
        self.links = LinkIndex()
        self.link_layout = LinkLayout.empty()
        self.key_letters: dict[str, str] = {}
        self.show_links = True
        self.show_labels = True
        self.gutter = LinkGutter(self)
        self.setViewportMargins(0, 0, GUTTER, 0)
        self.updateRequest.connect(lambda _rect, _dy: self.gutter.update())

    # -- content -----------------------------------------------------------------
    def set_story(self, doc: Document | None, spans: list[Span]) -> None:
        self.doc = doc
        text = doc.text if doc else ""
        self.map = Utf16Map(text)
        self.index.reset(spans)
        self.selected_id = None
        self.linked_ids = set()
        self.marks = []
        self.links.reset([])
        self.link_layout = LinkLayout.empty()
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_colours(self, colours: dict[str, str]) -> None:
        self.colours = {name: QColor(c) for name, c in colours.items()}
        self.viewport().update()

    def set_relations(self, relations: list[Relation]) -> None:
        """The open story's links (all of them; only those on screen are drawn)."""
        self.links.reset(relations)
        self.viewport().update()

    def set_overlays(self, *, links: bool | None = None, labels: bool | None = None) -> None:
        if links is not None:
            self.show_links = links
            self.setViewportMargins(0, 0, GUTTER if links else 0, 0)
            self.gutter.setVisible(links)
            self._place_gutter()
        if labels is not None:
            self.show_labels = labels
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place_gutter()

    def _place_gutter(self) -> None:
        vp = self.viewport().geometry()
        self.gutter.setGeometry(vp.right() + 1, vp.top(), GUTTER, vp.height())

    def add_spans(self, spans: list[Span]) -> None:
        """More spans of the open story (the next slice of a long one)."""
        self.index.extend(spans)
        self.viewport().update()

    def apply_changes(self, removed: Iterable[str], added: Iterable[Span]) -> None:
        for span_id in removed:
            self.index.remove(span_id)
        for span in added:
            self.index.add(span)
        self.viewport().update()

    # -- positions -----------------------------------------------------------------
    def selected_cp(self) -> tuple[int, int]:
        c = self.textCursor()
        return self.map.utf16_to_cp(c.selectionStart()), self.map.utf16_to_cp_end(c.selectionEnd())

    def select_cp(self, start: int, end: int, *, ensure_visible: bool = True) -> None:
        c = self.textCursor()
        c.setPosition(self.map.cp_to_utf16(start))
        c.setPosition(self.map.cp_to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(c)
        if ensure_visible:
            self.ensureCursorVisible()

    def clear_selection(self) -> None:
        c = self.textCursor()
        c.clearSelection()
        self.setTextCursor(c)

    def cp_at(self, point: QPointF) -> int:
        return self.map.utf16_to_cp(self.cursorForPosition(point.toPoint()).position())

    def show_span(self, span: Span) -> None:
        c = self.textCursor()
        c.setPosition(self.map.cp_to_utf16(span.start))
        self.setTextCursor(c)
        self.ensureCursorVisible()

    # -- clicks: pick the span under the pointer, cycling through overlaps ------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.textCursor().hasSelection():
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.fragment_dragged.emit()
            return
        pos = self.cp_at(event.position())
        hits = self.visible_spans_at(pos)
        if not hits:
            self.span_clicked.emit("")
            return
        last_pos, n = self._click_cycle
        n = n + 1 if last_pos == pos or any(h.id == self.selected_id for h in hits) else 0
        self._click_cycle = (pos, n)
        self.span_clicked.emit(hits[n % len(hits)].id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() != Qt.MouseButton.NoButton or self.doc is None:
            return
        hits = self.visible_spans_at(self.cp_at(event.position())) if len(self.index) else []
        hovered = hits[0].id if hits else ""
        if hovered != self._hovered:  # one lookup per move, a signal only when it changes
            self._hovered = hovered
            self.span_hovered.emit(hovered)

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().leaveEvent(event)
        if self._hovered:
            self._hovered = ""
            self.span_hovered.emit("")

    def visible_spans_at(self, pos: int) -> list[Span]:
        return [s for s in self.index.spans_at(pos) if self._shown(s)]

    def _shown(self, span: Span) -> bool:
        return self.visible_annotators is None or span.annotator in self.visible_annotators

    # -- painting ---------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self._base)
        try:
            placed, screen = self._paint_spans(painter, event.rect())
        finally:
            painter.end()
        super().paintEvent(event)
        if placed and screen is not None and (self.show_links or self.show_labels or self._has_fragments(placed)):
            painter = QPainter(self.viewport())
            try:
                self._paint_overlays(painter, placed, screen)
            finally:
                painter.end()
        elif self.link_layout.connectors or self.link_layout.arches:
            self.link_layout = LinkLayout.empty()
            self.gutter.update()

    @staticmethod
    def _has_fragments(placed: list[Highlight]) -> bool:
        return any(len(h.span.fragments) > 1 for h in placed)

    def _colour_of(self, span: Span) -> QColor:
        return self.colours.get(span.label, QColor("#888888"))

    def _paint_overlays(self, painter: QPainter, placed: list[Highlight], screen: ScreenLines) -> None:
        """Label tags, fragment gaps and links, drawn over the text in the strips it leaves free."""
        on_screen = {h.span.id: h.span for h in placed}
        to16 = self.map.cp_to_utf16
        paint_span_labels(
            painter,
            screen,
            on_screen.values(),
            to16,
            self.key_letters,
            self._colour_of,
            self.font(),
            labels=self.show_labels,
        )
        if self.show_links and len(self.links):
            emphasised = set(self.linked_ids)
            if self.selected_id:
                emphasised.add(self.selected_id)
            self.link_layout = layout_links(
                self.links,
                self.index.spans,
                on_screen,
                screen,
                to16,
                self._shown,
                emphasised,
                self._colour_of,
                float(self.viewport().width()),
                float(self.viewport().height()),
            )
            paint_links(painter, self.link_layout)
        else:
            self.link_layout = LinkLayout.empty()
        self.gutter.update()

    def visible_range_cp(self) -> tuple[int, int]:
        first = self.firstVisibleBlock()
        top = self.cursorForPosition(self.viewport().rect().topLeft()).position()
        bottom = self.cursorForPosition(self.viewport().rect().bottomRight()).position()
        start = min(first.position(), top)
        end_block = self.document().findBlock(bottom)
        end = end_block.position() + end_block.length()
        return self.map.utf16_to_cp(start), self.map.utf16_to_cp_end(min(end, self.map.length_u16))

    def highlights(self) -> list[Highlight]:
        """Layered highlight ranges (UTF-16) for the blocks on screen: what paintEvent draws."""
        if self.doc is None or not len(self.index):
            return []
        start, end = self.visible_range_cp()
        return visible_highlights(self.index, self.map, start, end, self._shown)

    def _paint_spans(self, painter: QPainter, clip) -> tuple[list[Highlight], ScreenLines | None]:
        placed = self.highlights()
        if not placed and not self.marks:
            return placed, None
        screen = ScreenLines(self, self.contentOffset())
        grey = QColor("#888888")
        fills: dict[str, QColor] = {}  # the translucent first-layer colour, made once per label
        for hl in placed:
            colour = self.colours.get(hl.span.label, grey)
            for rect in screen.rects(hl.start16, hl.end16):
                if hl.depth == 0:
                    fill = fills.get(hl.span.label)
                    if fill is None:
                        fill = fills[hl.span.label] = QColor(colour)
                        fill.setAlpha(90)
                    painter.fillRect(rect, fill)
                else:
                    # A nested or crossing span: its own box and a bar, never a hairline.
                    inset = min(hl.depth, 3) - 0.5
                    painter.setPen(QPen(colour.darker(115), 1.5))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))
                    y = rect.bottom() - BAR * hl.depth
                    painter.fillRect(QRectF(rect.left(), y, rect.width(), BAR - 0.5), colour)
        to16 = self.map.cp_to_utf16
        for s, e in self.marks:
            for rect in screen.rects(to16(s), to16(e)):
                painter.fillRect(rect, QColor(255, 235, 59, 150))
        self._outline(painter, screen, self.linked_ids, Qt.PenStyle.DashLine, 1.5)
        if self.selected_id:
            self._outline(painter, screen, {self.selected_id}, Qt.PenStyle.SolidLine, 2.0)
        return placed, screen

    def _outline(self, painter: QPainter, screen: ScreenLines, ids: set[str], style: Qt.PenStyle, width: float) -> None:
        for span_id in ids:
            span = self.index.spans.get(span_id)
            if span is None or not self._shown(span):
                continue
            pen = QPen(self.colours.get(span.label, QColor("#444444")).darker(150), width, style)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for s, e in span.fragments:
                for rect in screen.rects(self.map.cp_to_utf16(s), self.map.cp_to_utf16(e)):
                    painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))

    def rects_cp(self, start_cp: int, end_cp: int) -> list[QRectF]:
        """Screen rectangles covering code points [start, end), on-screen lines only."""
        screen = ScreenLines(self, self.contentOffset())
        return screen.rects(self.map.cp_to_utf16(start_cp), self.map.cp_to_utf16(end_cp))
