"""Two homes, two annotators, one shared folder: alice and bob see each other's work,
nothing lost, nothing doubled, each layer exactly its author's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotator.core.session import AnnotationSession
from annotator.store import open_project
from annotator.workflows.stories import import_story_files
from annotator.workflows.team_folder import layer_path, read_layer
from annotator.workflows.team_sync import TeamError, join, publish, receive, sync, teammates

STORY = (
    "Flood barriers on the river will stay up until Friday, the city said.\n\n"
    '"We are not taking chances," said Mayor Ana Ruiz. Engineers called the repairs "urgent".\n'
)
SECOND = "The council met on Monday.\n\nIts chair said the budget would pass.\n"


class Home:
    """One annotator's machine: a project, a session, the stories imported from files."""

    def __init__(self, root: Path, name: str, team: Path, *, crlf: bool = False) -> None:
        root.mkdir()
        self.name = name
        self.repo = open_project(root / f"{name}.annotator")
        story = root / "flood.txt"
        story.write_bytes((STORY.replace("\n", "\r\n") if crlf else STORY).encode("utf-8"))
        import_story_files(self.repo, [story])
        self.session = AnnotationSession(self.repo, annotator=name, schema=self.repo.schema())
        self.folder = join(self.repo, team)

    @property
    def doc(self):
        return self.repo.document(self.repo.document_ids()[0])

    def tag(self, words: str, label: str, doc=None):
        doc = doc or self.doc
        start = doc.text.index(words)
        return self.session.add_span(doc, label, [(start, start + len(words))])

    def layer(self, annotator: str) -> set[tuple[str, str, str]]:
        return {
            (s.label, s.text, s.annotator)
            for doc_id in self.repo.document_ids()
            for s in self.repo.spans(doc_id, [annotator])
        }

    def sync(self):
        return sync(self.repo, self.folder, self.name)


@pytest.fixture
def team(tmp_path):
    folder = tmp_path / "shared"
    alice = Home(tmp_path / "alice", "alice", folder)
    bob = Home(tmp_path / "bob", "bob", folder, crlf=True)  # the same story with other line endings
    yield alice, bob, folder
    alice.repo.close()
    bob.repo.close()


def test_alice_tags_bob_receives_and_back(team):
    alice, bob, folder = team
    quote = alice.tag('"We are not taking chances,"', "QUOTE")
    att = alice.tag("said Mayor Ana Ruiz", "ATTRIBUTION")
    alice.session.link(att, quote)
    alice.sync()
    report = bob.sync()
    assert report.received and not report.refused
    assert bob.layer("alice") == alice.layer("alice")
    assert len(bob.repo.document_ids()) == 1  # CRLF and LF copies are one story
    [rel] = bob.repo.relations(bob.doc.id, ["alice"])
    assert (rel.source, rel.target) == (att.id, quote.id)
    assert bob.layer("bob") == set()

    bob.tag("urgent", "QUOTE")
    bob.sync()
    alice.sync()
    assert alice.layer("bob") == {("QUOTE", "urgent", "bob")}
    assert alice.layer("alice") == bob.layer("alice")  # mine untouched by receiving


def test_receiving_twice_changes_nothing_and_unchanged_files_are_not_reread(team):
    alice, bob, _ = team
    alice.tag("Flood barriers", "CLAIM")
    alice.sync()
    assert bob.sync().received
    again = bob.sync()
    assert again.received == [] and again.refused == [] and again.waiting == []
    assert len(bob.repo.spans(bob.doc.id, ["alice"])) == 1


def test_edits_and_deletions_arrive(team):
    alice, bob, _ = team
    span = alice.tag("Flood barriers", "CLAIM")
    alice.tag("urgent", "QUOTE")
    alice.sync()
    bob.sync()
    alice.session.update_span(span, note="check the date")
    alice.session.delete_spans([s for s in alice.repo.spans(alice.doc.id) if s.label == "QUOTE"])
    alice.sync()
    bob.sync()
    [received] = bob.repo.spans(bob.doc.id, ["alice"])
    assert received.note == "check the date" and received.label == "CLAIM"


def test_both_edit_at_once(team):
    alice, bob, _ = team
    alice.tag("Flood barriers", "CLAIM")
    bob.tag("Flood barriers", "CLAIM")
    bob.tag("urgent", "QUOTE")
    alice.sync()
    bob.sync()
    alice.sync()
    for home in (alice, bob):
        assert home.layer("alice") == {("CLAIM", "Flood barriers", "alice")}
        assert home.layer("bob") == {("CLAIM", "Flood barriers", "bob"), ("QUOTE", "urgent", "bob")}


def test_new_stories_in_the_folder_join_my_project(team, tmp_path):
    alice, bob, _ = team
    extra = tmp_path / "council.txt"
    extra.write_text(SECOND, encoding="utf-8")
    import_story_files(alice.repo, [extra])
    council = next(alice.repo.document(i) for i in alice.repo.document_ids() if "council" in i)
    alice.tag("Its chair said", "ATTRIBUTION", council)
    alice.sync()
    report = bob.sync()
    assert report.new_stories == 1
    assert len(bob.repo.document_ids()) == 2
    assert ("ATTRIBUTION", "Its chair said", "alice") in bob.layer("alice")


def test_a_sync_tools_conflicted_copy_is_reported_not_imported(team):
    alice, bob, folder = team
    alice.tag("Flood barriers", "CLAIM")
    alice.sync()
    real = layer_path(folder, "alice")
    shutil.copy(real, real.with_name("alice (conflicted copy 2026-12-08).jsonl"))
    report = bob.sync()
    assert len(report.received) == 1
    assert any("conflicted copy" in r and "alice" in r for r in report.refused)
    assert len(bob.repo.spans(bob.doc.id, ["alice"])) == 1


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_a_truncated_or_half_written_file_is_never_imported_half_way(team, cut):
    alice, bob, folder = team
    alice.tag("Flood barriers", "CLAIM")
    alice.tag("urgent", "QUOTE")
    alice.sync()
    path = layer_path(folder, "alice")
    whole = path.read_bytes()
    path.write_bytes(whole[: int(len(whole) * cut)])
    report = bob.sync()
    assert report.received == [] and report.waiting
    assert bob.repo.spans(bob.doc.id, ["alice"]) == []
    path.write_bytes(whole)  # the sync tool finishes the copy
    assert bob.sync().received
    assert len(bob.repo.spans(bob.doc.id, ["alice"])) == 2


def test_a_layer_whose_stories_have_not_arrived_waits(team):
    alice, bob, folder = team
    alice.tag("Flood barriers", "CLAIM")
    alice.sync()
    for story in (folder / "stories").iterdir():
        story.unlink()
    # bob already has the flood story, so that one is no problem; a new project lacks it
    carol = Home(folder.parent / "carol", "carol", folder)
    carol.repo.close()
    fresh = open_project(folder.parent / "empty.annotator")
    try:
        report = receive(fresh, folder, "dave")
        assert report.waiting and not report.received
        assert fresh.document_ids() == []
    finally:
        fresh.close()
    assert bob.sync().received


def test_someone_else_writing_my_file_is_refused(team, tmp_path):
    alice, _, folder = team
    alice.tag("Flood barriers", "CLAIM")
    alice.sync()
    impostor = Home(tmp_path / "impostor", "alice", folder)
    try:
        impostor.tag("urgent", "QUOTE")
        with pytest.raises(TeamError, match="two people may be using the annotator name 'alice'"):
            publish(impostor.repo, folder, "alice")
    finally:
        impostor.repo.close()
    assert {s["label"] for r in read_layer(layer_path(folder, "alice")).stories for s in r["spans"]} == {"CLAIM"}


def test_a_file_carrying_another_annotators_spans_is_refused(team):
    alice, bob, folder = team
    alice.tag("Flood barriers", "CLAIM")
    alice.sync()
    path = layer_path(folder, "alice")
    layer = read_layer(path)
    for record in layer.stories:
        for span in record["spans"]:
            span["annotator"] = "bob"
    from annotator.workflows.team_folder import write_layer

    write_layer(folder, "alice", layer.published, layer.schema, layer.stories)
    report = bob.sync()
    assert any("not only 'alice'" in r for r in report.refused)
    assert bob.layer("bob") == set()


def test_schema_from_a_teammate_is_merged_never_deleted(team):
    alice, bob, _ = team
    from dataclasses import replace

    from annotator.core.schema import Label

    schema = alice.repo.schema()
    grown = replace(schema, labels=schema.labels + (Label("HEDGE", "#777777"),))
    alice.session.change_schema(grown)
    alice.tag("will stay up", "HEDGE")
    alice.sync()
    bob.sync()
    assert bob.repo.schema().label("HEDGE") is not None
    assert {lb.name for lb in schema.labels} <= {lb.name for lb in bob.repo.schema().labels}


def test_teammates_show_progress(team):
    alice, bob, _ = team
    alice.tag("Flood barriers", "CLAIM")
    alice.session.set_status(alice.doc, "done")
    alice.sync()
    bob.sync()
    [mate] = teammates(bob.repo, bob.folder, "bob")
    assert (mate.annotator, mate.stories, mate.done, mate.spans) == ("alice", 1, 1, 1)
    assert mate.published


def test_the_folder_holds_plain_files_only(team):
    alice, bob, folder = team
    alice.tag("Flood barriers", "CLAIM")
    alice.sync()
    bob.sync()
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files and all(p.suffix in (".json", ".jsonl") for p in files)
    for p in files:
        with open(p, "rb") as fh:
            assert fh.read(16) != b"SQLite format 3\x00"
    json.loads((folder / "team.json").read_text())


def test_a_receive_cut_short_between_batches_finishes_the_rest_next_time(team, monkeypatch, tmp_path):
    """Big layers are written a batch at a time (the write lock is never held for long);
    every story is replaced whole and the rest arrives at the next receive."""
    from annotator.store.repository import Repository
    from annotator.workflows import team_receive

    alice, bob, folder = team
    for i in range(6):
        story = tmp_path / f"extra-{i}.txt"
        story.write_text(f"Story {i} said the mayor.\n\nThe council said {i} times.\n", encoding="utf-8")
        import_story_files(alice.repo, [story])
    for doc_id in alice.repo.document_ids():
        doc = alice.repo.document(doc_id)
        alice.tag("said", "ATTRIBUTION", doc)
    alice.sync()
    monkeypatch.setattr(team_receive, "_BATCH_SPANS", 2)  # a batch of a story or two
    calls = {"n": 0}
    real = Repository.replace_layer

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(5, "the disk went away")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Repository, "replace_layer", failing)
    with pytest.raises(OSError):
        bob.sync()
    partly = {s.doc_id for d in bob.repo.document_ids() for s in bob.repo.spans(d, ["alice"])}
    assert 0 < len(partly) < 7
    monkeypatch.setattr(Repository, "replace_layer", real)
    report = bob.sync()
    assert report.received
    assert bob.layer("alice") == alice.layer("alice")
    assert sum(len(bob.repo.spans(d, ["alice"])) for d in bob.repo.document_ids()) == 7
