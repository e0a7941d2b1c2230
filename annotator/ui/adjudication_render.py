"""HTML for one adjudication item: each annotator's version in context, then gold.

Kept apart from the widget so the marking logic is plain string work.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

from annotator.core.agreement.adjudication import Item, Kind, span_key
from annotator.core.model import Span

__all__ = ["item_html", "item_summary", "DECISION_TEXT"]

# (relation type, True when the span is the link's source, the span at the other end)
LinksOf = Callable[[Span], Sequence[tuple[str, bool, Span]]]

CONTEXT = 160  # characters of story shown either side of an item

DECISION_TEXT = {None: "", "none": "✗ none", "all": "✓ all", "mixed": "✓ mixed"}


def decision_text(decision: str | None) -> str:
    return DECISION_TEXT.get(decision, f"✓ {decision}")


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def item_summary(item: Item) -> str:
    """One line for the item list: labels and the text of the widest version."""
    widest = max(item.spans(), key=lambda s: s.end - s.start)
    text = _short(widest.text)
    quoted = text if text[:1] in "\"“‘«„「'" else f"“{text}”"
    line = f"{' / '.join(item.labels)}  {quoted}"
    if item.kind == Kind.ONLY:
        line += "  — " + ", ".join(who for who, spans in item.versions.items() if spans)
    return line


def _bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    while lo > 0 and not text[lo - 1].isspace() and start - lo < CONTEXT + 30:
        lo -= 1
    while hi < len(text) and not text[hi].isspace() and hi - end < CONTEXT + 30:
        hi += 1
    return lo, hi


def _rgba(colour: str, alpha: float) -> str:
    c = colour.lstrip("#")
    if len(c) != 6:
        return f"rgba(136,136,136,{alpha})"
    r, g, b = int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    return f"rgba({r},{g},{b},{alpha})"


def _marked(text: str, lo: int, hi: int, spans: Sequence[Span], colours: Mapping[str, str]) -> str:
    """The context with each span's fragments on its label colour, overlaps underlined."""
    cuts = {lo, hi}
    for s in spans:
        for a, b in s.fragments:
            cuts.update(x for x in (a, b) if lo < x < hi)
    points = sorted(cuts)
    out = ["…" if lo > 0 else ""]
    for a, b in zip(points, points[1:], strict=False):
        piece = html.escape(text[a:b]).replace("\n", "<br>")
        covering = [s for s in spans if any(fa <= a and b <= fb for fa, fb in s.fragments)]
        if not covering:
            out.append(f'<span style="color:#6a6f75">{piece}</span>')
            continue
        colour = colours.get(covering[0].label, "#888888")
        style = f"background-color:{_rgba(colour, 0.45)}; font-weight:600"
        if len(covering) > 1:
            style += "; text-decoration: underline"
        out.append(f'<span style="{style}">{piece}</span>')
    out.append("…" if hi < len(text) else "")
    return "".join(out)


def _span_lines(spans: Sequence[Span], colours: Mapping[str, str], links: LinksOf | None = None) -> str:
    rows = []
    for s in spans:
        frags = ", ".join(f"{a}–{b}" for a, b in s.fragments)
        attrs = " · ".join(f"{html.escape(k)} = <b>{html.escape(str(v))}</b>" for k, v in sorted(s.attributes.items()))
        colour = colours.get(s.label, "#888888")
        tag = f"&nbsp;{html.escape(s.label)}&nbsp;"
        rows.append(
            f'<span style="background-color:{_rgba(colour, 0.8)}; color:#111">{tag}</span>'
            f' <span style="color:#555">[{frags}]</span> {attrs}'
        )
        for rtype, outgoing, other in links(s) if links else ():
            arrow = "→" if outgoing else "←"
            rows.append(
                f"&nbsp;&nbsp;&nbsp;<span style='color:#555'>{arrow} {html.escape(rtype)}</span> "
                f"{html.escape(other.label)} “{html.escape(_short(other.text, 50))}”"
            )
    return "<br>".join(rows)


def item_html(
    text: str,
    item: Item,
    gold: Sequence[Span],
    colours: Mapping[str, str],
    *,
    decision: str | None,
    links: LinksOf | None = None,
) -> str:
    lo, hi = _bounds(text, item.start, item.end)
    parts = [f"<h3 style='margin:0'>{html.escape(Kind.TITLES[item.kind])}</h3>"]
    for n, (who, spans) in enumerate(item.versions.items(), start=1):
        key = f"<span style='font-size:large; font-weight:bold'>[{n}]</span>" if n <= 9 else ""
        parts.append(f"<p style='margin-top:10px; margin-bottom:2px'>{key} <b>{html.escape(who)}</b></p>")
        if spans:
            parts.append(f"<div>{_marked(text, lo, hi, spans, colours)}</div>")
            parts.append(f"<div style='margin-top:3px'>{_span_lines(spans, colours, links)}</div>")
        else:
            parts.append("<div style='color:#8a6d3b'><i>marked nothing here</i></div>")
    keys = item.keys()
    held = [g for g in gold if span_key(g) in keys]
    state = decision_text(decision) or "not decided yet"
    parts.append(f"<hr><p style='margin-bottom:2px'><b>Gold</b> — {html.escape(state)}</p>")
    if held:
        parts.append(f"<div>{_marked(text, lo, hi, held, colours)}</div>")
        parts.append(f"<div style='margin-top:3px'>{_span_lines(held, colours, links)}</div>")
    return "".join(parts)
