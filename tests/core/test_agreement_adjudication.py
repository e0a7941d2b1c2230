"""Adjudication: grouping annotators' spans into items, and deciding them into gold."""

from __future__ import annotations

import pytest

from annotator.core.agreement import Layer
from annotator.core.agreement.adjudication import Kind, adjudication_items, span_key
from annotator.core.model import Document, Origin, Relation, Span
from annotator.core.text import text_hash
from annotator.workflows.agreement import Adjudication, compute_agreement

TEXT = "Police said the road was closed. The mayor said it would reopen in May. Critics disagreed."
#       0         1         2         3         4         5         6         7         8
#       012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789


def _doc() -> Document:
    return Document("d1", "Story", TEXT, text_hash(TEXT))


def sp(label, *frags, who="ann", **attrs) -> Span:
    return Span.create(_doc(), label, frags, annotator=who, attributes=attrs)


def kinds(items):
    return [(it.kind, it.start, it.end) for it in items]


def test_items_by_kind():
    a = Layer(
        "alice",
        [
            sp("ATTRIBUTION", (0, 11), who="alice"),  # agree
            sp("CLAIM", (12, 31), who="alice"),  # boundary: bob's ends earlier
            sp("QUOTE", (48, 70), who="alice", type="indirect"),  # attributes differ
            sp("CLAIM", (72, 89), who="alice"),  # only alice
        ],
    )
    b = Layer(
        "bob",
        [
            sp("ATTRIBUTION", (0, 11), who="bob"),
            sp("CLAIM", (12, 20), who="bob"),
            sp("QUOTE", (48, 70), who="bob", type="direct"),
            sp("QUOTE", (33, 42), who="bob"),  # only bob
        ],
    )
    items = adjudication_items([b, a])
    assert kinds(items) == [
        (Kind.AGREE, 0, 11),
        (Kind.BOUNDARY, 12, 31),
        (Kind.ONLY, 33, 42),
        (Kind.ATTRIBUTES, 48, 70),
        (Kind.ONLY, 72, 89),
    ]
    assert items[0].annotators == ["alice", "bob"]
    assert items[2].versions["alice"] == () and len(items[2].versions["bob"]) == 1


def test_label_differs_on_same_and_on_overlapping_text():
    a = Layer("a", [sp("QUOTE", (48, 70), who="a"), sp("CLAIM", (0, 31), who="a")])
    b = Layer("b", [sp("CLAIM", (48, 70), who="b"), sp("CLAIM", (0, 31), who="b"), sp("QUOTE", (12, 31), who="b")])
    items = adjudication_items([a, b])
    # the QUOTE nested in the agreed CLAIM stays its own item (only b marked it)
    assert kinds(items) == [(Kind.AGREE, 0, 31), (Kind.ONLY, 12, 31), (Kind.LABEL, 48, 70)]


def test_single_annotator_has_no_agreements():
    items = adjudication_items([Layer("a", [sp("CLAIM", (0, 31), who="a")])])
    assert [it.kind for it in items] == [Kind.ONLY]


# -- deciding into gold through the session --------------------------------------------


@pytest.fixture
def two(repo, session, make_doc):
    d = make_doc(TEXT, doc_id="d1")
    att_a = sp("ATTRIBUTION", (33, 47), who="alice", source="mayor")
    quo_a = sp("QUOTE", (48, 70), who="alice", type="indirect")
    att_b = sp("ATTRIBUTION", (33, 47), who="bob", source="mayor")
    quo_b = sp("QUOTE", (48, 71), who="bob", type="indirect")  # takes the full stop
    cl_a = sp("CLAIM", (0, 31), who="alice")
    cl_b = sp("CLAIM", (0, 31), who="bob")
    rels = [
        Relation.create(d.id, "attributes", att_a.id, quo_a.id, annotator="alice"),
        Relation.create(d.id, "attributes", att_b.id, quo_b.id, annotator="bob"),
    ]
    with repo.transaction():
        repo.add_annotations([att_a, quo_a, att_b, quo_b, cl_a, cl_b], rels)
    return d


def test_accept_all_agreements_then_a_version_links_follow(repo, session, two):
    adj = Adjudication(repo, session, "d1")
    assert [it.kind for it in adj.items] == [Kind.AGREE, Kind.AGREE, Kind.BOUNDARY]
    adj.accept_agreements()
    gold = repo.spans("d1", ["gold"])
    assert [(s.label, s.fragments) for s in gold] == [("CLAIM", ((0, 31),)), ("ATTRIBUTION", ((33, 47),))]
    assert all(s.origin == Origin.ADJUDICATED and s.annotator == "gold" for s in gold)
    assert gold[1].attributes == {"source": "mayor"}
    assert repo.relations("d1", ["gold"]) == []  # the quote is not decided yet
    assert adj.decision(0) == "all" and adj.decision(2) is None
    adj.accept_number(2, 2)  # bob's boundaries
    gold = {s.label: s for s in repo.spans("d1", ["gold"])}
    assert gold["QUOTE"].fragments == ((48, 71),)
    (link,) = repo.relations("d1", ["gold"])
    assert (link.source, link.target, link.annotator) == (gold["ATTRIBUTION"].id, gold["QUOTE"].id, "gold")
    assert adj.decision(2) == "bob"
    # changing one's mind replaces bob's version with alice's, and the link moves along
    adj.accept(2, "alice")
    gold = {s.label: s for s in repo.spans("d1", ["gold"])}
    assert gold["QUOTE"].fragments == ((48, 70),)
    (link,) = repo.relations("d1", ["gold"])
    assert link.target == gold["QUOTE"].id
    assert adj.decision(2) == "alice"


def test_each_decision_is_one_undo_step(repo, session, two):
    adj = Adjudication(repo, session, "d1")
    adj.accept_agreements()
    adj.accept_number(2, 1)
    adj.accept_number(2, 2)
    assert len(repo.spans("d1", ["gold"])) == 3
    session.undo()  # back to alice's quote
    adj.refresh()
    assert adj.decision(2) == "alice"
    assert len(repo.relations("d1", ["gold"])) == 1
    session.undo()
    session.undo()
    assert repo.spans("d1", ["gold"]) == [] and repo.relations("d1", ["gold"]) == []
    session.redo()
    assert len(repo.spans("d1", ["gold"])) == 2


def test_both_and_none(repo, session, two):
    adj = Adjudication(repo, session, "d1")
    adj.accept_all_versions(2)
    assert sorted(s.fragments for s in repo.spans("d1", ["gold"])) == [((48, 70),), ((48, 71),)]
    assert adj.decision(2) == "all"
    adj.reject(2)
    assert repo.spans("d1", ["gold"]) == []
    assert adj.decision(2) == "none"
    assert adj.decided() == 1
    session.undo()
    assert len(repo.spans("d1", ["gold"])) == 2


def test_repeating_a_decision_changes_nothing(repo, session, two):
    adj = Adjudication(repo, session, "d1")
    adj.accept_agreements()
    before = repo.spans("d1", ["gold"])
    cmd = adj.accept_agreements()
    assert cmd.is_empty
    adj.accept_number(0, 1)
    assert repo.spans("d1", ["gold"]) == before


def test_gold_is_left_out_of_agreement_unless_named(repo, session, two):
    adj = Adjudication(repo, session, "d1")
    adj.accept_agreements()
    adj.accept_number(2, 1)
    default = compute_agreement(repo)
    assert default.overall.annotators == ["alice", "bob"]
    vs_gold = compute_agreement(repo, annotators=["alice", "gold"])
    (pair,) = vs_gold.overall.pairs
    assert (pair.a, pair.b, pair.span_f1_exact) == ("alice", "gold", 1.0)
    assert pair.relation_f1 == 1.0
    # gold does not join the items of a later adjudication
    assert Adjudication(repo, session, "d1").names == ["alice", "bob"]


def test_choosing_between_attribute_values(repo, session, make_doc):
    d = make_doc(TEXT, doc_id="d1")
    with repo.transaction():
        repo.add_annotations(
            [
                sp("QUOTE", (48, 70), who="alice", type="indirect"),
                sp("QUOTE", (48, 70), who="bob", type="direct"),
            ]
        )
    adj = Adjudication(repo, session, d.id)
    (item,) = adj.items
    assert item.kind == Kind.ATTRIBUTES
    adj.accept(0, "bob")
    assert [s.attributes for s in repo.spans(d.id, ["gold"])] == [{"type": "direct"}]
    assert adj.decision(0) == "bob"
    adj.accept(0, "alice")
    assert [s.attributes for s in repo.spans(d.id, ["gold"])] == [{"type": "indirect"}]
    adj.accept_all_versions(0)  # one span per label and fragments: the first annotator's values
    assert [s.attributes for s in repo.spans(d.id, ["gold"])] == [{"type": "indirect"}]


@pytest.mark.parametrize("seed", range(12))
def test_taking_one_annotator_everywhere_reproduces_their_layer(repo, session, make_doc, seed):
    import random

    rng = random.Random(seed)
    words = TEXT.split(" ")
    d = make_doc(TEXT, doc_id=f"r{seed}")
    starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
    spans, rels = [], []
    for who in ("alice", "bob", "carol"):
        mine = []
        for _ in range(rng.randint(1, 7)):
            i = rng.randrange(len(words))
            j = min(len(words), i + rng.randint(1, 4))
            label = rng.choice(("CLAIM", "QUOTE", "ATTRIBUTION"))
            s = Span.create(d, label, [(starts[i], starts[j - 1] + len(words[j - 1]))], annotator=who)
            if all(span_key(s) != span_key(m) for m in mine):
                mine.append(s)
        atts = [s for s in mine if s.label == "ATTRIBUTION"]
        targets = [s for s in mine if s.label != "ATTRIBUTION"]
        for a in atts:
            if targets and rng.random() < 0.7:
                rels.append(Relation.create(d.id, "attributes", a.id, rng.choice(targets).id, annotator=who))
        spans += mine
    with repo.transaction():
        repo.add_annotations(spans, rels)
    adj = Adjudication(repo, session, d.id)
    # every span belongs to exactly one item
    seen = [s.id for it in adj.items for s in it.spans()]
    assert sorted(seen) == sorted(s.id for s in spans)
    for i in range(len(adj.items)):
        adj.accept(i, "alice")
    gold = repo.spans(d.id, ["gold"])
    alice = [s for s in spans if s.annotator == "alice"]
    assert sorted(map(span_key, gold)) == sorted(map(span_key, alice))
    by_id = {s.id: s for s in spans + gold}

    def link_keys(rs):
        return sorted((r.type, span_key(by_id[r.source]), span_key(by_id[r.target])) for r in rs)

    assert link_keys(repo.relations(d.id, ["gold"])) == link_keys(r for r in rels if r.annotator == "alice")
    for _ in range(len(adj.items)):
        session.undo()
    assert repo.spans(d.id, ["gold"]) == [] and repo.relations(d.id, ["gold"]) == []


def test_links_follow_only_accepted_spans(repo, session, make_doc):
    """Only bob linked, to his own quote; when gold takes alice's quote, bob's link stays out
    (a link is copied between accepted spans only), and comes in with bob's version."""
    d = make_doc(TEXT, doc_id="d1")
    att_a, att_b = sp("ATTRIBUTION", (33, 47), who="alice"), sp("ATTRIBUTION", (33, 47), who="bob")
    quo_a, quo_b = sp("QUOTE", (48, 70), who="alice"), sp("QUOTE", (48, 71), who="bob")
    with repo.transaction():
        repo.add_annotations(
            [att_a, att_b, quo_a, quo_b],
            [Relation.create(d.id, "attributes", att_b.id, quo_b.id, annotator="bob")],
        )
    adj = Adjudication(repo, session, d.id)
    assert [it.kind for it in adj.items] == [Kind.AGREE, Kind.BOUNDARY]
    adj.accept_agreements()
    adj.accept(1, "alice")
    assert repo.relations(d.id, ["gold"]) == []
    adj.accept(1, "bob")
    gold = {s.label: s for s in repo.spans(d.id, ["gold"])}
    (link,) = repo.relations(d.id, ["gold"])
    assert (link.source, link.target) == (gold["ATTRIBUTION"].id, gold["QUOTE"].id)
