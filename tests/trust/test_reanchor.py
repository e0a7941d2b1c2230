from __future__ import annotations

from annotator.workflows.reanchor import changed_on_disk, refresh_from_disk, update_story_text
from annotator.workflows.stories import import_story_files

TEXT = "The mayor said the bridge would close. “We are not taking chances,” she said. Traders were angry."


def test_changed_story_moves_spans_and_flags_the_unsure(repo, session, make_doc):
    doc = make_doc(TEXT)
    quote = session.add_span(doc, "QUOTE", [(TEXT.index("“"), TEXT.index("”") + 1)])
    claim = session.add_span(doc, "CLAIM", [(TEXT.index("Traders"), len(TEXT))])
    new = "UPDATE 😀: " + TEXT.replace("Traders were angry.", "Traders were very angry.")
    report = update_story_text(repo, doc.id, new)
    assert report.counts == {"moved": 1, "fuzzy": 1}
    moved = repo.span(quote.id)
    assert moved.text == quote.text and new[moved.start : moved.end] == quote.text
    assert report.review == [claim.id]
    reviews = repo.reviews(doc.id)
    assert [(r["span_id"], r["status"], r["old_text"]) for r in reviews] == [(claim.id, "fuzzy", "Traders were angry.")]
    assert repo.document(doc.id).text == new
    # the stored text always equals the slice: nothing shifts silently
    for span in repo.spans(doc.id):
        span.check(new)
    # deleting a span clears its review entry
    session.delete_spans([repo.span(claim.id)])
    assert repo.reviews() == []


def test_file_edited_on_disk_is_detected_by_hash(repo, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(TEXT)
    import_story_files(repo, [story])
    assert changed_on_disk(repo) == []
    story.write_text("Correction appended.\n" + TEXT)
    [(doc_id, path)] = changed_on_disk(repo)
    report = refresh_from_disk(repo, doc_id)
    assert repo.document(doc_id).text.startswith("Correction appended.")
    assert report.review == []
    assert changed_on_disk(repo) == []
