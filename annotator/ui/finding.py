"""Find in the story (Ctrl+F, F3) and tag every match, as a mixin of the main window."""

from __future__ import annotations

from annotator.core.find import find_all

from .errors import reported

__all__ = ["FindGestures"]


class FindGestures:
    """Needs: self.find_bar, self.view, self.doc, self.session, self.statusBar(), self.confirm,
    self.story_spans(),
    and self.find_hits / self.find_pos set up by the window."""

    def show_find(self) -> None:
        self.find_bar.show()
        start, end = self.view.selected_cp()
        if self.doc is not None and 0 < end - start < 80:
            self.find_bar.query.setText(self.doc.text[start:end])
        self.find_bar.query.setFocus()
        self.find_bar.query.selectAll()
        self._run_find()

    @reported
    def _run_find(self) -> None:
        query = self.find_bar.query.text()
        self.find_hits = find_all(self.doc.text, query, **self.find_bar.options()) if (query and self.doc) else []
        self.find_pos = -1
        self.view.marks = self.find_hits
        self.view.viewport().update()
        self.find_bar.count.setText(f"{len(self.find_hits)} matches" if query else "")

    def find_next(self, step: int = 1) -> None:
        if not self.find_bar.isVisible() or not self.find_hits:
            if not self.find_bar.isVisible():
                self.show_find()
            return
        self.find_pos = (self.find_pos + step) % len(self.find_hits)
        s, e = self.find_hits[self.find_pos]
        self.view.select_cp(s, e)
        self.find_bar.count.setText(f"{self.find_pos + 1} of {len(self.find_hits)}")

    def find_previous(self) -> None:
        self.find_next(-1)

    def _find_closed(self) -> None:
        self.find_hits = []
        self.view.marks = []
        self.view.viewport().update()
        self.view.setFocus()

    @reported
    def tag_all_matches(self, label: str) -> None:
        if self.doc is None or not self.find_hits:
            return
        existing = {(s.label, s.fragments) for s in self.story_spans().values()}
        new = [(s, e) for s, e in self.find_hits if (label, ((s, e),)) not in existing]
        if not new:
            self.statusBar().showMessage(f"Every match is already tagged {label}.", 4000)
            return
        preview = "\n".join(
            f"• {self.doc.text[max(0, s - 30) : s]}[{self.doc.text[s:e]}]{self.doc.text[e : e + 30]}".replace("\n", " ")
            for s, e in new[:25]
        )
        more = f"\n… and {len(new) - 25} more" if len(new) > 25 else ""
        if not self.confirm("Tag all matches", f"Tag {len(new)} matches as {label}?\n\n{preview}{more}"):
            return
        spans = [self.session.make_span(self.doc, label, [(s, e)]) for s, e in new]
        self.session.bulk(f"Tag {len(spans)} matches as {label}", self.doc.id, spans)
        self.view.marks = []  # the new tags show; F3 still steps through the matches
        self.view.viewport().update()
        self.statusBar().showMessage(f"Tagged {len(spans)} matches as {label} (one Ctrl+Z undoes them all).", 5000)
