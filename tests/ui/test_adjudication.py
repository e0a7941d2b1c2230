"""Agreement view and adjudication, driven the way a user drives them."""

from __future__ import annotations

import json

import pytest

from annotator.core.agreement.adjudication import Kind
from annotator.core.model import Relation, Span
from annotator.workflows.agreement import compute_agreement

from PySide6.QtCore import Qt

from annotator.ui.adjudication import AdjudicationView
from annotator.ui.agreement_view import AgreementView

TEXT = "Police said the road was closed. The mayor said it would reopen in May. “It is too late,” one resident said."


def _span(doc, label, a, b, who, **attrs):
    return Span.create(doc, label, [(a, b)], annotator=who, attributes=attrs)


@pytest.fixture
def story(repo, make_doc):
    """Two annotators: two agreements (one with a link), one boundary, one label, one only-alice."""
    d = make_doc(TEXT, title="Road closure", doc_id="road")
    att_a = _span(d, "ATTRIBUTION", 33, 47, "alice", source="mayor")
    quo_a = _span(d, "QUOTE", 48, 70, "alice", type="indirect")
    att_b = _span(d, "ATTRIBUTION", 33, 47, "bob", source="mayor")
    quo_b = _span(d, "QUOTE", 48, 71, "bob", type="indirect")
    spans = [
        _span(d, "CLAIM", 12, 31, "alice"),
        _span(d, "CLAIM", 12, 31, "bob"),  # agree
        att_a,
        att_b,
        quo_a,
        quo_b,  # attribution agrees; quote boundaries differ
        _span(d, "QUOTE", 72, 89, "alice", type="direct"),
        _span(d, "CLAIM", 72, 89, "bob"),  # label
        _span(d, "ATTRIBUTION", 90, 107, "alice", source="resident"),  # only alice
    ]
    rels = [
        Relation.create(d.id, "attributes", att_a.id, quo_a.id, annotator="alice"),
        Relation.create(d.id, "attributes", att_b.id, quo_b.id, annotator="bob"),
    ]
    with repo.transaction():
        repo.add_annotations(spans, rels)
    return d


def _press(qtbot, view, *keys):
    for key in keys:
        if isinstance(key, tuple):
            qtbot.keyClick(view, key[0], key[1])
        else:
            qtbot.keyClick(view, key)


def test_adjudicate_a_story_with_the_keyboard_alone(qtbot, repo, session, story, tmp_path):
    view = AdjudicationView(repo, session, story.id)
    qtbot.addWidget(view)
    view.show()
    view.setFocus()
    kinds = [view.adj.items[i].kind for i in view.order]
    assert kinds == [Kind.LABEL, Kind.BOUNDARY, Kind.ONLY, Kind.AGREE, Kind.AGREE]
    assert view.adj.names == ["alice", "bob"]

    _press(qtbot, view, Qt.Key.Key_A)  # both agreements into gold at once
    gold = repo.spans(story.id, ["gold"])
    assert sorted(s.label for s in gold) == ["ATTRIBUTION", "CLAIM"]
    assert view.current == 0  # bulk accept does not move the cursor

    _press(qtbot, view, Qt.Key.Key_2)  # label item: bob's CLAIM; moves on to the boundary item
    assert view.current == 1
    _press(qtbot, view, Qt.Key.Key_1)  # boundary item: alice's quote, without the full stop
    _press(qtbot, view, Qt.Key.Key_N)  # only-alice attribution: not in gold
    assert view.adj.decided() == len(view.adj.items) == 5

    gold = {(s.label, s.fragments) for s in repo.spans(story.id, ["gold"])}
    assert gold == {
        ("CLAIM", ((12, 31),)),
        ("ATTRIBUTION", ((33, 47),)),
        ("QUOTE", ((48, 70),)),
        ("CLAIM", ((72, 89),)),
    }
    (link,) = repo.relations(story.id, ["gold"])  # the link followed both accepted ends
    by_id = {s.id: s for s in repo.spans(story.id, ["gold"])}
    assert (by_id[link.source].label, by_id[link.target].fragments) == ("ATTRIBUTION", ((48, 70),))
    assert "4 of 5" not in view.progress.text() and "5 of 5 items decided" in view.progress.text()

    # move back up with K and change the quote decision with B (both versions)
    assert view.current == 3  # N moved on to the first agreement
    _press(qtbot, view, Qt.Key.Key_K, Qt.Key.Key_K)
    assert view.adj.items[view.current_item_index()].kind == Kind.BOUNDARY
    _press(qtbot, view, Qt.Key.Key_B)
    assert len([s for s in repo.spans(story.id, ["gold"]) if s.label == "QUOTE"]) == 2
    # undo from the keyboard restores alice's single quote and its link; redo brings both back
    _press(qtbot, view, (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier))
    quotes = [s for s in repo.spans(story.id, ["gold"]) if s.label == "QUOTE"]
    assert [q.fragments for q in quotes] == [((48, 70),)]
    assert len(repo.relations(story.id, ["gold"])) == 1
    assert "✓ alice" in view._row(1).text(1)
    _press(qtbot, view, (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
    assert len([s for s in repo.spans(story.id, ["gold"]) if s.label == "QUOTE"]) == 2
    _press(qtbot, view, (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier))

    # the gold layer exports like any annotator's layer
    exchange = pytest.importorskip("annotator.workflows.exchange")
    dest = tmp_path / "gold.jsonl"
    exchange.export_project(repo, "native", dest, scope=exchange.ExportScope(annotators=("gold",)))
    (line,) = dest.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["id"] == story.id
    exported = {(s["label"], tuple(map(tuple, s["fragments"]))) for s in record["spans"]}
    assert exported == gold
    assert {s["annotator"] for s in record["spans"]} == {"gold"}
    assert {s["origin"] for s in record["spans"]} == {"adjudicated"}
    assert len(record["relations"]) == 1 and record["relations"][0]["annotator"] == "gold"


def test_keys_that_do_not_apply_say_so(qtbot, repo, session, story):
    view = AdjudicationView(repo, session, story.id)
    qtbot.addWidget(view)
    _press(qtbot, view, Qt.Key.Key_7)
    assert "no annotator 7" in view.message.text()
    assert repo.spans(story.id, ["gold"]) == []
    _press(qtbot, view, Qt.Key.Key_A, Qt.Key.Key_A)
    assert "No undecided agreements" in view.message.text()


def test_view_follows_undo_from_elsewhere(qtbot, repo, session, story):
    view = AdjudicationView(repo, session, story.id)
    qtbot.addWidget(view)
    _press(qtbot, view, Qt.Key.Key_A)
    assert "2 of 5" in view.progress.text()
    session.undo()  # e.g. the main window's Edit > Undo
    assert "0 of 5" in view.progress.text()


def test_empty_story_has_nothing_to_adjudicate(qtbot, repo, session, make_doc):
    d = make_doc("Nobody marked this.")
    view = AdjudicationView(repo, session, d.id)
    qtbot.addWidget(view)
    _press(qtbot, view, Qt.Key.Key_1, Qt.Key.Key_Down, Qt.Key.Key_A)
    assert "Nothing to adjudicate" in view.detail.toPlainText()


def test_agreement_view_pictures_and_story_order(qtbot, repo, story, make_doc):
    calm = make_doc("The council met on Tuesday.", title="Council", doc_id="calm")
    with repo.transaction():
        repo.add_annotations([_span(calm, "CLAIM", 0, 26, who) for who in ("alice", "bob")])
    view = AgreementView(repo)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.refresh()
    expected = compute_agreement(repo)
    pair = expected.overall.pairs[0]
    assert view.matrix.value("alice", "bob") == pair.token_kappa
    assert view.matrix.value("bob", "alice") == pair.token_kappa
    view.set_metric("span_f1_exact")
    assert view.matrix.value("alice", "bob") == pytest.approx(pair.span_f1_exact)
    assert dict(view.bars.rows())["CLAIM"] == pytest.approx(pair.per_label["CLAIM"].span_f1_exact)
    assert view.story_ids() == ["road", "calm"]  # most disagreement first
    # clicking a matrix cell shows that pair's labels
    with qtbot.waitSignal(view.matrix.pair_selected):
        r = view.matrix.cell_rect(0, 1)
        qtbot.mouseClick(view.matrix, Qt.MouseButton.LeftButton, pos=r.center().toPoint())
    assert "alice × bob" in view.bars._title
    # Enter on a story asks for adjudication
    view.stories.setFocus()
    view.stories.setCurrentItem(view.stories.topLevelItem(1))
    with qtbot.waitSignal(view.adjudicate_requested) as sig:
        qtbot.keyClick(view.stories, Qt.Key.Key_Return)
    assert sig.args == ["calm"]
    view.grab()  # paints without error


def test_agreement_view_with_one_annotator(qtbot, repo, make_doc):
    d = make_doc("Solo work here.")
    with repo.transaction():
        repo.add_annotations([_span(d, "CLAIM", 0, 14, "alice")])
    view = AgreementView(repo)
    qtbot.addWidget(view)
    view.refresh()
    assert view.matrix.value("alice", "bob") is None
    assert "1</b> annotators" in view.summary.text()
    view.grab()


def test_a_deleted_view_stops_listening(qtbot, repo, session, story):
    from PySide6.QtCore import QCoreApplication, QEvent

    view = AdjudicationView(repo, session, story.id)
    assert len(session._listeners) == 1
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del view
    session.add_span(repo.document(story.id), "CLAIM", [(0, 6)])  # must not touch the dead view
    assert session._listeners == []
    other = AdjudicationView(repo, session, story.id)
    qtbot.addWidget(other)
    other.detach()
    assert session._listeners == []


def test_agreement_view_computes_in_the_background(qtbot, repo, story):
    view = AgreementView(repo)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.computed, timeout=20_000):
        view.start_refresh()
        assert view.computing and not view.refresh_button.isEnabled()
    assert not view.computing and view.refresh_button.isEnabled()
    assert view.matrix.value("alice", "bob") == compute_agreement(repo).overall.pairs[0].token_kappa


def test_background_computation_can_be_cancelled(qtbot, repo, story):
    from annotator.ui.agreement_worker import AgreementJob

    job = AgreementJob(repo.path)
    job.cancel()  # before the first story: the worker stops at its first step
    with qtbot.waitSignal(job.failed, timeout=20_000) as sig:
        job.start()
    assert sig.args == [""]  # cancelled, not an error
    assert job.wait()
    view = AgreementView(repo)
    qtbot.addWidget(view)
    view.start_refresh()
    view.cancel_refresh()
    qtbot.waitUntil(lambda: not view.computing, timeout=20_000)
    assert view.refresh_button.isEnabled() and view.busy.isHidden()


def test_background_failure_is_a_message(qtbot, repo, story, tmp_path):
    from annotator.ui.agreement_worker import AgreementJob

    job = AgreementJob(tmp_path / "missing.annotator")
    with qtbot.waitSignal(job.failed, timeout=20_000) as sig:
        job.start()
    assert "missing.annotator" in sig.args[0]
    job.wait()


def test_dialog_opens_a_story_for_adjudication(qtbot, repo, session, story):
    from annotator.ui.agreement_dialog import AgreementDialog

    dlg = AgreementDialog(repo, session)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.view.computed, timeout=20_000):
        dlg.show()  # the first show computes in the background
    assert dlg.view.story_ids() == ["road"]
    dlg.view.stories.setFocus()
    qtbot.keyClick(dlg.view.stories, Qt.Key.Key_Return)
    (adj,) = dlg.adjudication_views()
    assert dlg.tabs.currentWidget() is adj and adj.doc_id == "road"
    qtbot.keyClick(adj, Qt.Key.Key_A)
    assert len(repo.spans("road", ["gold"])) == 2
    with qtbot.waitSignal(dlg.view.computed, timeout=20_000):
        dlg.tabs.setCurrentIndex(0)  # back to the figures: recomputed with the new gold
    assert dlg.view.stories.topLevelItem(0).text(4) == "2"
    dlg.adjudicate("road")  # the same story again: same tab
    assert dlg.tabs.count() == 2
    dlg.close_tab(1)
    assert dlg.tabs.count() == 1 and session._listeners == []
    dlg.adjudicate("road")
    dlg.close()
    assert session._listeners == []


def test_titles_and_names_are_shown_as_text_not_markup(qtbot, repo, session, make_doc):
    d = make_doc("Tags <b>here</b> and there.", title="<i>Odd</i> & title", doc_id="odd")
    with repo.transaction():
        repo.add_annotations([_span(d, "CLAIM", 0, 4, "<script>"), _span(d, "CLAIM", 0, 4, "bob")])
    view = AdjudicationView(repo, session, d.id)
    qtbot.addWidget(view)
    assert "&lt;i&gt;Odd&lt;/i&gt; &amp; title" in view.title.text()
    assert "&lt;script&gt;" in view.title.text()
    assert "Tags <b>here</b> and there." in view.detail.toPlainText()  # shown literally


def test_charts_for_the_selected_story(qtbot, repo, story, make_doc):
    calm = make_doc("The council met on Tuesday.", title="Council", doc_id="calm")
    with repo.transaction():
        repo.add_annotations([_span(calm, "CLAIM", 0, 26, who) for who in ("alice", "bob")])
    view = AgreementView(repo)
    qtbot.addWidget(view)
    view.refresh()
    view.set_metric("span_f1_exact")
    project_value = view.matrix.value("alice", "bob")
    view.scope_box.setCurrentIndex(1)  # selected story
    view.stories.setCurrentItem(view.stories.topLevelItem(1))  # "Council": full agreement
    assert view.matrix.value("alice", "bob") == 1.0
    assert "Council" in view.summary.text()
    view.stories.setCurrentItem(view.stories.topLevelItem(0))
    assert view.matrix.value("alice", "bob") < 1.0
    view.scope_box.setCurrentIndex(0)
    assert view.matrix.value("alice", "bob") == project_value


def test_attribute_and_link_bars(qtbot, repo, story):
    view = AgreementView(repo)
    qtbot.addWidget(view)
    view.refresh()
    rows = dict(view.details.rows())
    # matched pairs: ATTRIBUTION source mayor/mayor, QUOTE type indirect/indirect; the label-differs
    # item is no match, so its QUOTE type is not compared
    assert rows["ATTRIBUTION.source"] == 1.0 and rows["QUOTE.type"] == 1.0
    assert rows["links (F1)"] == 1.0  # both linked the attribution to their (overlapping) quote


def test_compare_annotators_against_gold_and_save_the_report(qtbot, repo, session, story, tmp_path):
    adj = AdjudicationView(repo, session, story.id)
    qtbot.addWidget(adj)
    _press(qtbot, adj, Qt.Key.Key_A, Qt.Key.Key_1, Qt.Key.Key_1, Qt.Key.Key_1)  # alice everywhere
    view = AgreementView(repo)
    qtbot.addWidget(view)
    view.refresh()
    assert view.picker.names() == ["alice", "bob", "gold"]
    assert view.result.overall.annotators == ["alice", "bob"]  # gold is not ticked by default
    with qtbot.waitSignal(view.computed, timeout=20_000):
        view.picker.set_checked("gold", True)
    assert view.result.overall.annotators == ["alice", "bob", "gold"]
    with qtbot.waitSignal(view.computed, timeout=20_000):
        view.picker.set_checked("bob", False)
    view.set_metric("span_f1_exact")
    assert view.result.overall.annotators == ["alice", "gold"]
    assert view.matrix.value("alice", "gold") == 1.0  # gold took alice's version everywhere
    out = tmp_path / "report.json"
    view.save_report(out)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert [(p["a"], p["b"], p["span_f1_exact"]) for p in saved["pairs"]] == [("alice", "gold", 1.0)]
    assert saved["project"] == str(repo.path)


def test_detail_shows_each_versions_links(qtbot, repo, session, story):
    view = AdjudicationView(repo, session, story.id)
    qtbot.addWidget(view)
    view.move(1)  # the quote whose boundaries differ
    text = view.detail.toPlainText()
    assert text.count("← attributes ATTRIBUTION “The mayor said”") == 2  # alice's and bob's
    _press(qtbot, view, Qt.Key.Key_A)
    _press(qtbot, view, Qt.Key.Key_1)
    view.move(-1)
    gold_part = view.detail.toPlainText().split("Gold")[-1]
    assert "← attributes ATTRIBUTION “The mayor said”" in gold_part


def test_story_list_shows_adjudication_progress(qtbot, repo, session, story):
    view = AgreementView(repo)
    qtbot.addWidget(view)
    view.refresh()
    assert view.stories.topLevelItem(0).text(4) == ""
    adj = AdjudicationView(repo, session, story.id)
    qtbot.addWidget(adj)
    _press(qtbot, adj, Qt.Key.Key_A)
    with qtbot.waitSignal(view.computed, timeout=20_000):
        view.start_refresh()
    assert view.stories.topLevelItem(0).text(4) == "2"


def test_split_quotes_and_three_annotators(qtbot, repo, session, make_doc):
    text = "“We will rebuild,” the mayor said, “and we will do it fast.”"
    d = make_doc(text, doc_id="split")
    first, second = (0, 18), (35, 60)
    with repo.transaction():
        repo.add_annotations(
            [
                Span.create(d, "QUOTE", [first, second], annotator="alice"),
                Span.create(d, "QUOTE", [(0, 60)], annotator="bob"),
                Span.create(d, "QUOTE", [first, second], annotator="carol"),
            ]
        )
    view = AdjudicationView(repo, session, d.id)
    qtbot.addWidget(view)
    (item,) = view.adj.items
    assert item.kind == Kind.BOUNDARY and view.adj.names == ["alice", "bob", "carol"]
    assert "[0–18, 35–60]" in view.detail.toPlainText()
    _press(qtbot, view, Qt.Key.Key_3)
    (gold,) = repo.spans(d.id, ["gold"])
    assert gold.fragments == (first, second) and gold.text == "“We will rebuild,” “and we will do it fast.”"
    assert view.adj.decision(0) == "alice, carol"  # both marked what gold now holds
    _press(qtbot, view, Qt.Key.Key_2)
    assert [s.fragments for s in repo.spans(d.id, ["gold"])] == [((0, 60),)]
