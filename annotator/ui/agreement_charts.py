"""QPainter charts for the agreement view: a pair matrix and per-label bars.

Drawn by hand (no chart module, DESIGN §8). Colours run red (0 or below) through
amber to green (1); undefined values are grey and say "—".
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

__all__ = ["agreement_colour", "PairMatrix", "LabelBars"]

UNDEFINED = QColor("#d5d8dc")


def agreement_colour(value: float | None) -> QColor:
    """Red at 0 (and below), amber at 0.5, green at 1; grey when undefined."""
    if value is None:
        return QColor(UNDEFINED)
    v = min(1.0, max(0.0, value))
    return QColor.fromHsvF(v * 0.33, 0.55, 0.93)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


class PairMatrix(QWidget):
    """Annotator × annotator heat map of one pairwise figure; click a cell to pick a pair."""

    pair_selected = Signal(str, str)
    pair_cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self._values: dict[tuple[str, str], float | None] = {}
        self._stories: dict[tuple[str, str], int] = {}
        self._selected: tuple[str, str] | None = None
        self.setMouseTracking(True)
        self.setMinimumSize(240, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(
        self,
        names: Sequence[str],
        values: dict[tuple[str, str], float | None],
        stories: dict[tuple[str, str], int] | None = None,
    ) -> None:
        """``values`` keyed by (a, b) in either order; the matrix is symmetric."""
        self._names = list(names)
        self._values = {}
        for (a, b), v in values.items():
            self._values[(a, b)] = self._values[(b, a)] = v
        self._stories = {}
        for (a, b), n in (stories or {}).items():
            self._stories[(a, b)] = self._stories[(b, a)] = n
        if self._selected and self._selected not in self._values:
            self._selected = None
        self.update()

    def value(self, a: str, b: str) -> float | None:
        return self._values.get((a, b))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(360, 300)

    # -- geometry ---------------------------------------------------------------------
    def _layout(self) -> tuple[float, float, float]:
        """Left margin, top margin and cell size."""
        fm = self.fontMetrics()
        left = max([fm.horizontalAdvance(n) for n in self._names] + [20]) + 12
        top = fm.height() + 12
        n = max(1, len(self._names))
        cell = max(18.0, min((self.width() - left - 8) / n, (self.height() - top - 8) / n))
        return left, top, cell

    def cell_rect(self, i: int, j: int) -> QRectF:
        left, top, cell = self._layout()
        return QRectF(left + j * cell, top + i * cell, cell, cell)

    def _cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        left, top, cell = self._layout()
        j = int((pos.x() - left) // cell)
        i = int((pos.y() - top) // cell)
        n = len(self._names)
        if 0 <= i < n and 0 <= j < n and pos.x() >= left and pos.y() >= top:
            return i, j
        return None

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        if len(self._names) < 2:
            p.setPen(self.palette().placeholderText().color())
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Agreement needs two annotators\non a common story.")
            return
        left, top, cell = self._layout()
        fm = self.fontMetrics()
        text_pen = self.palette().text().color()
        for k, name in enumerate(self._names):
            p.setPen(text_pen)
            p.drawText(
                QRectF(0, top + k * cell, left - 8, cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            col = QRectF(left + k * cell, 0, cell, top - 4)
            shown = fm.elidedText(name, Qt.TextElideMode.ElideRight, int(cell) - 2)
            p.drawText(col, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, shown)
        bold = QFont(self.font())
        bold.setBold(True)
        for i, a in enumerate(self._names):
            for j, b in enumerate(self._names):
                r = self.cell_rect(i, j).adjusted(1, 1, -1, -1)
                if i == j:
                    p.fillRect(r, self.palette().alternateBase())
                    continue
                v = self._values.get((a, b))
                p.fillRect(r, agreement_colour(v))
                if self._selected in ((a, b), (b, a)):
                    p.setPen(QPen(self.palette().highlight().color(), 3))
                    p.drawRect(r.adjusted(1, 1, -1, -1))
                if cell >= 30:
                    p.setPen(QColor("#1b1f23"))
                    p.setFont(bold)
                    p.drawText(r, Qt.AlignmentFlag.AlignCenter, _fmt(v))
                    p.setFont(self.font())

    # -- interaction ----------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self._cell_at(event.position())
        if hit and hit[0] != hit[1]:
            a, b = self._names[hit[0]], self._names[hit[1]]
            n = self._stories.get((a, b))
            extra = f" over {n} stories" if n is not None else ""
            QToolTip.showText(
                event.globalPosition().toPoint(), f"{a} × {b}: {_fmt(self._values.get((a, b)))}{extra}", self
            )
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hit = self._cell_at(event.position())
        if hit and hit[0] != hit[1]:
            a, b = self._names[hit[0]], self._names[hit[1]]
            if self._selected in ((a, b), (b, a)):
                self._selected = None
                self.pair_cleared.emit()
            else:
                self._selected = (a, b)
                self.pair_selected.emit(a, b)
            self.update()


class LabelBars(QWidget):
    """One horizontal bar per label for a figure in [0, 1] (below 0 shows as an empty bar)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, float | None, QColor]] = []
        self._title = ""
        self.setMinimumSize(240, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_data(self, title: str, rows: Sequence[tuple[str, float | None, str]]) -> None:
        """``rows``: (label, value, label colour)."""
        self._title = title
        self._rows = [(name, v, QColor(colour)) for name, v, colour in rows]
        self.updateGeometry()
        self.update()

    def rows(self) -> list[tuple[str, float | None]]:
        return [(n, v) for n, v, _ in self._rows]

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(360, 40 + 30 * max(1, len(self._rows)))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        fm = self.fontMetrics()
        text = self.palette().text().color()
        p.setPen(text)
        p.drawText(QRectF(8, 4, self.width() - 16, fm.height() + 4), Qt.AlignmentFlag.AlignLeft, self._title)
        if not self._rows:
            p.setPen(self.palette().placeholderText().color())
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No labels to compare.")
            return
        top = fm.height() + 12
        label_w = max(fm.horizontalAdvance(n) for n, _, _ in self._rows) + 26
        value_w = fm.horizontalAdvance("−0.00") + 10
        bar_w = max(40.0, self.width() - label_w - value_w - 16)
        row_h = max(fm.height() + 8, min(32.0, (self.height() - top - 8) / len(self._rows)))
        # grid lines at 0.25 steps so bars can be read against them
        p.setPen(QPen(self.palette().mid().color(), 1, Qt.PenStyle.DotLine))
        for step in (0.25, 0.5, 0.75, 1.0):
            x = 8 + label_w + bar_w * step
            p.drawLine(QPointF(x, top - 2), QPointF(x, top + row_h * len(self._rows)))
        for k, (name, value, colour) in enumerate(self._rows):
            y = top + k * row_h
            p.fillRect(QRectF(8, y + row_h / 2 - 5, 10, 10), colour)
            p.setPen(text)
            p.drawText(
                QRectF(24, y, label_w - 20, row_h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name
            )
            track = QRectF(8 + label_w, y + 4, bar_w, row_h - 8)
            p.fillRect(track, self.palette().alternateBase())
            if value is not None and value > 0:
                p.fillRect(
                    QRectF(track.x(), track.y(), bar_w * min(1.0, value), track.height()), agreement_colour(value)
                )
            p.setPen(text)
            p.drawText(
                QRectF(track.right() + 6, y, value_w, row_h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                _fmt(value),
            )
