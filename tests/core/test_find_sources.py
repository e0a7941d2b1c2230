from __future__ import annotations

import pytest

from annotator.core.find import FindError, find_all
from annotator.core.sources import SourceLink, source_key, tally_sources


def test_find_plain_regex_case_and_words():
    text = "Said the mayor. The MAYOR said 😀 mayoral things."
    assert find_all(text, "mayor") == [(9, 14), (20, 25), (33, 38)]
    assert find_all(text, "mayor", whole_word=True) == [(9, 14), (20, 25)]
    assert find_all(text, "mayor", case=True) == [(9, 14), (33, 38)]
    assert find_all(text, r"s\w+d", regex=True) == [(0, 4), (26, 30)]
    assert find_all(text, "a*", regex=True) == [(1, 2), (10, 11), (21, 22), (27, 28), (34, 35), (38, 39)]
    with pytest.raises(FindError, match="regular expression"):
        find_all(text, "(unclosed", regex=True)
    with pytest.raises(FindError):
        find_all(text, "")


def test_source_keys_group_spellings():
    assert source_key("Mayor Luis  Ortiz") == source_key("luis ortiz") == "luis ortiz"
    assert source_key("The Ministry of Health") == "ministry of health"
    assert source_key("  ") == ""


def test_tally_counts_quotes_claims_and_kinds():
    links = [
        SourceLink("a1", "d1", "Luis Ortiz", "person", "q1", "QUOTE"),
        SourceLink("a1", "d1", "Luis Ortiz", "person", "c1", "CLAIM"),
        SourceLink("a2", "d2", "Mayor Luis Ortiz", "person", "q2", "QUOTE"),
        SourceLink("a3", "d2", "Luis Ortiz", "person", None, None),
        SourceLink("a4", "d1", "Xinhua", "media", "q3", "QUOTE"),
    ]
    [ortiz, xinhua] = tally_sources(links)
    assert (ortiz.name, ortiz.attributions, ortiz.quotes, ortiz.claims) == ("Luis Ortiz", 3, 2, 1)
    assert ortiz.stories == {"d1", "d2"} and ortiz.by_kind == {"person": 3}
    assert (xinhua.name, xinhua.quotes) == ("Xinhua", 1)


def test_source_links_from_the_project(session, make_doc, repo):
    doc = make_doc('"No," she said.')
    q = session.add_span(doc, "QUOTE", [(0, 5)])
    a = session.add_span(doc, "ATTRIBUTION", [(6, 14)], attributes={"source": "Jo Lee", "source_kind": "person"})
    session.link(a, q)
    assert repo.source_links() == [(a.id, doc.id, "Jo Lee", "person", q.id, "QUOTE")]
