"""The Sources dock in the window: who is quoted, tallied while someone looks.

Tallying reads every attribution in the project, which in a big one took longer
than the edit that asked for it; so the panel is tallied only while on screen and
once per burst of edits, and the names offered for completion are kept until an
edit or an outside change may have changed them.
"""

from __future__ import annotations

from annotator.core.sources import source_key

from PySide6.QtCore import Qt, QTimer

from .sources_panel import SourcesPanel

__all__ = ["SourceGestures"]


class SourceGestures:
    """Needs: self.repo, self._dock(title, widget, area), self.details_dock, self.open_span(doc, span),
    self.tabifyDockWidget()."""

    def _build_sources_dock(self) -> None:
        self.sources = SourcesPanel()
        self.sources.open_requested.connect(self.open_span)
        self.sources_dock = self._dock("Sources", self.sources, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.details_dock, self.sources_dock)
        self.details_dock.raise_()
        self.sources_dock.visibilityChanged.connect(lambda shown: shown and self._refresh_sources_now())
        self._sources_timer = QTimer(self)
        self._sources_timer.setSingleShot(True)
        self._sources_timer.setInterval(250)
        self._sources_timer.timeout.connect(self._refresh_sources_now)
        self._source_names: list[str] | None = None

    def show_sources(self) -> None:
        self.sources_dock.show()
        self.sources_dock.raise_()
        self._refresh_sources_now()
        self.sources.table.setFocus()

    def refresh_sources(self) -> None:
        """After an edit or an outside change: tally again soon, if the panel shows."""
        self._source_names = None
        if self._sources_on_screen():
            self._sources_timer.start()

    def _refresh_sources_now(self) -> None:
        self._sources_timer.stop()
        if self._sources_on_screen():
            self.sources.refresh(self.repo)

    def _sources_on_screen(self) -> bool:
        # A dock tabbed behind another stays "visible" to Qt with nothing of it showing.
        return self.sources.isVisible() and not self.sources.visibleRegion().isEmpty()

    def _known_sources(self) -> list[str]:
        """Every source named in the project, once each (for the source field's completion)."""
        if self._source_names is None:
            seen: dict[str, str] = {}
            for link in self.repo.source_links():
                seen.setdefault(source_key(link.source), link.source)
            self._source_names = sorted(seen.values(), key=str.casefold)
        return self._source_names
