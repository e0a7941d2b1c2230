"""Any text, however odd, gives well-formed suggestions (never a crash)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import normalise_fragments
from annotator.core.suggest.suggester import suggest

PIECES = st.sampled_from(
    [
        "\u201c",
        "\u201d",
        '"',
        "'",
        "\u2018",
        "\u2019",
        "\u00ab",
        "\u00bb",
        "\u201e",
        "\u300c",
        "\u300d",
        " said ",
        " she said",
        ", according to ",
        "Maria Chen",
        " the mayor",
        ".",
        ",",
        ":",
        "\n",
        "\n\n",
        "We won",
        " 40 percent",
        "\U0001f600",
        "e\u0301",
        " Mr. ",
        "rock 'n' roll",
        "the '90s",
    ]
)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40))
def test_suggestions_are_well_formed(parts):
    text = "".join(parts).replace("\r", "\n")
    sugs = suggest(text)
    ids = {s.id for s in sugs}
    for s in sugs:
        assert normalise_fragments(s.fragments, len(text)) == s.fragments
        assert all(text[a:b].strip() for a, b in s.fragments)
        assert set(s.links) <= ids
        assert 0 < s.confidence <= 1
