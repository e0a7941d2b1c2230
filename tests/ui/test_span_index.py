"""SpanIndex against a brute-force scan, with many fragments sharing a start."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import Span

from annotator.ui.span_index import SpanIndex

N = 60  # a short text keeps equal starts and nesting frequent


def _span(i: int, frags: list[tuple[int, int]]) -> Span:
    return Span(f"s{i}", "d", "CLAIM", tuple(sorted(frags)), "")


fragment = st.tuples(st.integers(0, N - 1), st.integers(1, 12)).map(lambda t: (t[0], min(N, t[0] + t[1])))
spans = st.lists(st.lists(fragment, min_size=1, max_size=2, unique_by=lambda f: f[0]), max_size=25)


def _brute(live: dict[str, Span], a: int, b: int) -> list[tuple[int, int, str]]:
    return sorted((s, e, sp.id) for sp in live.values() for s, e in sp.fragments if s < b and e > a)


@settings(max_examples=60, deadline=None)
@given(initial=spans, added=spans, removed=st.sets(st.integers(0, 49)), probes=st.lists(st.integers(0, N), max_size=8))
def test_index_matches_a_scan_after_adds_and_removes(initial, added, removed, probes):
    first = [_span(i, f) for i, f in enumerate(initial)]
    index = SpanIndex(first)
    live = {s.id: s for s in first}
    for j, frags in enumerate(added):
        span = _span(25 + j, frags)
        index.add(span)
        live[span.id] = span
    for i in removed:
        index.remove(f"s{i}")
        live.pop(f"s{i}", None)
    if first:  # re-adding an existing id replaces it rather than doubling its fragments
        again = _span(0, [(1, 3)])
        index.add(again)
        live[again.id] = again
    assert len(index) == len(live)
    for a in probes:
        for b in (a + 1, a + 7, N):
            got = sorted((s, e, sp.id) for s, e, sp in index.fragments_in(a, b))
            assert got == _brute(live, a, b)
        covering = {sp.id for sp in index.spans_at(a)}
        assert covering == {sp.id for sp in live.values() if any(s <= a < e for s, e in sp.fragments)}
    assert [s.id for s in index.ordered()] == [
        s.id for s in sorted(live.values(), key=lambda s: (s.start, s.end, s.label, s.id))
    ]


@settings(max_examples=60, deadline=None)
@given(initial=spans, more=spans, overlap=st.integers(0, 25), probes=st.lists(st.integers(0, N), max_size=8))
def test_extend_in_slices_matches_a_scan_and_keeps_present_spans(initial, more, overlap, probes):
    """Slices of a long story: ids already present keep their version, the rest join."""
    first = [_span(i, f) for i, f in enumerate(initial)]
    index = SpanIndex(first)
    live = {s.id: s for s in first}
    # a slice that repeats some ids (read again later) with other fragments, plus new spans
    repeated = [_span(i, [(0, 1)]) for i in range(min(overlap, len(first)))]
    fresh = [_span(100 + j, f) for j, f in enumerate(more)]
    index.extend(repeated + fresh)
    live.update({s.id: s for s in fresh})
    assert index.spans == live
    for a in probes:
        got = sorted((s, e, sp.id) for s, e, sp in index.fragments_in(a, a + 5))
        assert got == _brute(live, a, a + 5)
    assert sorted((s, e, sp.id) for s, e, sp in index.fragments_in(0, N + 1)) == _brute(live, 0, N + 1)
