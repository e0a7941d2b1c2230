"""Which highlight goes where: layered UTF-16 ranges for the part of a story on screen.

Kept apart from the widget so the layout of overlaps can be checked without
pixels: depth 0 is painted as a background, each deeper layer as its own bar,
so nested and crossing spans never merge into one colour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annotator.core.model import Span
from annotator.core.text import Utf16Map

from .span_index import SpanIndex

__all__ = ["Highlight", "assign_layers", "visible_highlights"]


@dataclass(frozen=True)
class Highlight:
    start16: int  # UTF-16 position in the QTextDocument, inclusive
    end16: int  # exclusive
    span: Span
    depth: int  # 0: background fill; n > 0: the n-th bar under the line


def assign_layers(frags: list[tuple[int, int, Span]]) -> list[tuple[int, int, Span, int]]:
    """Give each fragment (sorted by start, longest first) the first layer free at its start."""
    layers: list[int] = []  # end of the last fragment on each layer
    placed: list[tuple[int, int, Span, int]] = []
    for s, e, span in frags:
        depth = next((i for i, last in enumerate(layers) if last <= s), len(layers))
        if depth == len(layers):
            layers.append(e)
        else:
            layers[depth] = e
        placed.append((s, e, span, depth))
    return placed


def visible_highlights(
    index: SpanIndex,
    umap: Utf16Map,
    start_cp: int,
    end_cp: int,
    shown: Callable[[Span], bool] = lambda _span: True,
) -> list[Highlight]:
    """Highlights for fragments overlapping [start_cp, end_cp), converted once via the story's map."""
    frags = [f for f in index.fragments_in(start_cp, end_cp) if shown(f[2])]
    return [
        Highlight(umap.cp_to_utf16(s), umap.cp_to_utf16(e), span, depth) for s, e, span, depth in assign_layers(frags)
    ]
