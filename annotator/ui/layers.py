"""Whose annotations the story view draws (View > Annotators shown), as a mixin."""

from __future__ import annotations

__all__ = ["LayerGestures"]


class LayerGestures:
    """Needs: self.layers_menu, self.repo, self.session, self.view."""

    def _fill_layers_menu(self) -> None:
        self.layers_menu.clear()
        names = self.repo.annotators() or [self.session.annotator]
        shown = self.view.visible_annotators
        everyone = self.layers_menu.addAction("Everyone")
        everyone.setCheckable(True)
        everyone.setChecked(shown is None)
        everyone.triggered.connect(lambda: self._set_layers(None))
        for name in names:
            action = self.layers_menu.addAction(name + (" (you)" if name == self.session.annotator else ""))
            action.setCheckable(True)
            action.setChecked(shown is None or name in shown)
            action.triggered.connect(lambda on, n=name: self._toggle_layer(n, on))

    def _toggle_layer(self, name: str, on: bool) -> None:
        shown = set(self.view.visible_annotators or self.repo.annotators())
        shown = shown | {name} if on else shown - {name}
        self._set_layers(shown)

    def _set_layers(self, shown: set[str] | None) -> None:
        self.view.visible_annotators = shown
        self.view.viewport().update()
