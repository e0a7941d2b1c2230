from __future__ import annotations

from annotator.core.session import AnnotationSession
from annotator.store.backups import list_backups
from annotator.workflows.reanchor import changed_on_disk, check_story_files, refresh, update_story_text
from annotator.workflows.span_review import accept_review, adjust_review, delete_review, how_sure
from annotator.workflows.stories import import_story_files

TEXT = "The mayor said the bridge would close. “We are not taking chances,” she said. Traders were angry."


def test_changed_story_moves_spans_and_flags_the_unsure(repo, session, make_doc):
    doc = make_doc(TEXT)
    quote = session.add_span(doc, "QUOTE", [(TEXT.index("“"), TEXT.index("”") + 1)])
    claim = session.add_span(doc, "CLAIM", [(TEXT.index("Traders"), len(TEXT))])
    new = "UPDATE 😀: " + TEXT.replace("Traders were angry.", "Traders were very angry.")
    report = update_story_text(repo, doc.id, new)
    assert report.counts == {"moved": 1, "edited": 1}
    moved = repo.span(quote.id)
    assert moved.text == quote.text and new[moved.start : moved.end] == quote.text
    assert report.review == [claim.id]
    [entry] = repo.reviews(doc.id)
    assert (entry["span_id"], entry["status"], entry["label"]) == (claim.id, "edited", "CLAIM")
    assert (entry["old_text"], entry["new_text"]) == ("Traders were angry.", "Traders were very angry.")
    assert repo.document(doc.id).text == new
    for span in repo.spans(doc.id):
        span.check(new)  # the stored text always equals the slice: nothing shifts silently
    session.delete_spans([repo.span(claim.id)])  # deleting a span clears its review entry
    assert repo.reviews() == []


def test_an_orphan_keeps_its_text_attributes_and_links_and_can_be_placed_again(repo, session, make_doc):
    doc = make_doc(TEXT)
    quote = session.add_span(doc, "QUOTE", [(TEXT.index("“"), TEXT.index("”") + 1)], note="key quote")
    attribution = session.add_span(doc, "ATTRIBUTION", [(TEXT.index("she said"), TEXT.index("she said") + 8)])
    session.link(attribution, quote)
    new = TEXT.replace("“We are not taking chances,” she said. ", "")
    update_story_text(repo, doc.id, new)
    assert repo.span(quote.id) is None and repo.relations(doc.id) == []
    entries = {r["span_id"]: r for r in repo.reviews(doc.id)}
    assert entries[quote.id]["status"] == "orphaned" and entries[quote.id]["new_text"] is None
    assert entries[quote.id]["label"] == "QUOTE" and entries[quote.id]["old_text"] == quote.text
    # Put it back by hand on new words: attributes, note and (if its partner is still there) links return.
    words = (new.index("Traders"), len(new))
    session2 = AnnotationSession(repo, annotator="tester", schema=repo.schema())
    placed = adjust_review(repo, session2, quote.id, [words])
    assert placed.note == "key quote" and placed.attributes == quote.attributes
    assert repo.span(quote.id).text == "Traders were angry."
    assert quote.id not in {r["span_id"] for r in repo.reviews(doc.id)}


def test_accept_and_delete_answer_a_review_entry(repo, session, make_doc):
    doc = make_doc(TEXT)
    claim = session.add_span(doc, "CLAIM", [(TEXT.index("Traders"), len(TEXT))])
    gone = session.add_span(doc, "CLAIM", [(0, TEXT.index(".") + 1)])
    new = TEXT.replace("Traders were angry.", "Traders were furious.").replace(
        "The mayor said the bridge would close. ", ""
    )
    update_story_text(repo, doc.id, new)
    assert {r["span_id"] for r in repo.reviews()} == {claim.id, gone.id}
    accept_review(repo, claim.id)
    delete_review(repo, session, gone.id)
    assert repo.reviews() == [] and repo.span(claim.id).text == "Traders were furious."


def test_how_sure_never_rounds_up_to_certain():
    assert how_sure("edited", 0.996) == "its words changed (99% alike)"
    assert how_sure("orphaned", 0.0).startswith("gone")
    assert how_sure("unsure", 0.5, "2 places fit about equally") == "2 places fit about equally"


def test_file_edited_on_disk_is_detected_by_hash(repo, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(TEXT)
    import_story_files(repo, [story])
    assert changed_on_disk(repo) == []
    story.write_text("Correction appended.\n" + TEXT)
    [(doc_id, _path)] = changed_on_disk(repo)
    result = refresh(repo, apply=True)
    assert repo.document(doc_id).text.startswith("Correction appended.")
    assert [c.review for c in result.checks] == [[]]
    assert changed_on_disk(repo) == []


def test_one_check_of_many_changed_stories_makes_one_backup(repo, tmp_path):
    files = []
    for n in range(4):
        story = tmp_path / f"story{n}.txt"
        story.write_text(f"Story {n}. " + TEXT)
        files.append(story)
    import_story_files(repo, files)
    before = [b for b in list_backups(repo.path) if b.reason == "reanchor"]
    for story in files:
        story.write_text("UPDATED. " + story.read_text())
    checks = check_story_files(repo)
    assert len(checks) == 4 and not [b for b in list_backups(repo.path) if b.reason == "reanchor"][len(before) :]
    refresh(repo, apply=True)
    assert len([b for b in list_backups(repo.path) if b.reason == "reanchor"]) == len(before) + 1
