"""View > Links on the text and View > Span label tags, remembered between runs."""

from __future__ import annotations

__all__ = ["ViewToggles"]


class ViewToggles:
    """Needs: self.view, self.settings, self.actions_by_id."""

    def _restore_toggles(self) -> None:
        links = self.settings.q.value("view/links", True, type=bool)
        labels = self.settings.q.value("view/labels", True, type=bool)
        self._apply_toggles(bool(links), bool(labels))

    def _apply_toggles(self, links: bool, labels: bool) -> None:
        self.view.set_overlays(links=links, labels=labels)
        for action_id, on in (("show_links", links), ("show_span_labels", labels)):
            action = self.actions_by_id.get(action_id)
            if action is not None:
                action.setChecked(on)

    def toggle_links(self) -> None:
        on = not self.view.show_links
        self._apply_toggles(on, self.view.show_labels)
        self.settings.q.setValue("view/links", on)

    def toggle_span_labels(self) -> None:
        on = not self.view.show_labels
        self._apply_toggles(self.view.show_links, on)
        self.settings.q.setValue("view/labels", on)
