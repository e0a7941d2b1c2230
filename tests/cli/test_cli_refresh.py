"""`annotator-cli refresh`: compare stories with their files; --apply updates after one backup."""

from __future__ import annotations

from annotator.cli import main
from annotator.core.session import AnnotationSession
from annotator.store import open_project
from annotator.store.backups import list_backups
from annotator.workflows.stories import import_story_files

TEXT = "The mayor said the bridge would close. “We are not taking chances,” she said. Traders were angry."


def test_refresh_lists_then_applies(tmp_path, capsys):
    story = tmp_path / "bridge.txt"
    story.write_text(TEXT)
    path = tmp_path / "p.annotator"
    with open_project(path) as repo:
        doc_id = import_story_files(repo, [story]).doc_ids[0]
        session = AnnotationSession(repo, annotator="t", schema=repo.schema())
        doc = repo.document(doc_id)
        quote = session.add_span(doc, "QUOTE", [(TEXT.index("“"), TEXT.index("”") + 1)])
        session.add_span(doc, "CLAIM", [(0, TEXT.index(".") + 1)])
    assert main(["refresh", "--project", str(path)]) == 0
    assert "every story matches its file" in capsys.readouterr().out
    story.write_text("UPDATE: " + TEXT.replace("The mayor said the bridge would close. ", ""))
    assert main(["refresh", "--project", str(path), "-l"]) == 0
    printed = capsys.readouterr().out
    assert "1 moved, 0 flagged, 1 orphaned" in printed and "-> gone" in printed and "--apply" in printed
    with open_project(path) as repo:
        assert repo.document(doc_id).text == TEXT  # nothing written without --apply
    assert main(["refresh", "--project", str(path), "--apply"]) == 0
    assert "1 story updated; backup in" in capsys.readouterr().out
    with open_project(path) as repo:
        assert repo.document(doc_id).text.startswith("UPDATE: ")
        assert repo.span(quote.id).text == quote.text
        assert [r["status"] for r in repo.reviews()] == ["orphaned"]
    assert len([b for b in list_backups(path) if b.reason == "reanchor"]) == 1
    assert main(["refresh", "--project", str(path)]) == 0
    assert "every story matches its file" in capsys.readouterr().out


def test_refresh_of_a_missing_project_is_one_clear_line(tmp_path, capsys):
    assert main(["refresh", "--project", str(tmp_path / "nope" / "p.annotator")]) == 2
    assert "annotator-cli:" in capsys.readouterr().err
