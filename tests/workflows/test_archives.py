"""Archives in, safely: zips and tarballs of stories, brat collections and teammates'
files import like the files inside them, named as inside the archive; nothing in an
archive lands outside its temporary folder, and a hostile one changes nothing."""

from __future__ import annotations

import os
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "formats"))
from exchange_fixtures import rich_project, snapshot  # noqa: E402

from annotator.store import open_project  # noqa: E402
from annotator.workflows import archives  # noqa: E402
from annotator.workflows.exchange import export_project, import_files  # noqa: E402

STORY_A = "Harbour works start\n\nThe bridge will close on Monday, engineers said.\n"
STORY_B = "Tariff vote\n\nThe council approved the rise, the mayor said.\n"


def _zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_zip_of_stories_imports_them_named_inside_the_archive(repo, tmp_path):
    team = _zip(
        tmp_path / "team.zip",
        {
            "week1/a.txt": STORY_A,
            "week1/b.md": "# Tariff vote\n\nThe council approved the rise, the mayor said.\n",
            "__MACOSX/week1/._a.txt": b"\x00\x05\x16\x07 resource fork",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
        },
    )
    summary = import_files(repo, [team], annotator="me")
    assert not summary.refused
    assert sorted(p for p, _ in summary.stories.imported) == [f"{team}!/week1/a.txt", f"{team}!/week1/b.md"]
    sources = {repo.document(i).source_path for i in repo.document_ids()}
    assert sources == {f"{team}!/week1/a.txt", f"{team}!/week1/b.md"}
    again = import_files(repo, [team], annotator="me")  # nothing twice
    assert not again.stories.imported and len(again.stories.skipped) == 2


def test_a_brat_collection_zipped_and_tarred_imports_with_its_links(tmp_path):
    source = rich_project(tmp_path / "rich.annotator")
    export_project(source, "brat", tmp_path / "collection")
    for kind in ("zip", "tar.gz"):
        archive = tmp_path / f"collection.{kind}"
        if kind == "zip":
            with zipfile.ZipFile(archive, "w") as zf:
                for f in sorted((tmp_path / "collection").iterdir()):
                    zf.write(f, f"collection/{f.name}")
        else:
            with tarfile.open(archive, "w:gz") as tf:
                tf.add(tmp_path / "collection", arcname="collection")
        target = open_project(tmp_path / f"from-{kind}.annotator")
        summary = import_files(target, [archive], annotator="teammate")
        assert not summary.refused, summary.refused
        assert [f.format for f in summary.files] == ["brat"]
        assert summary.files[0].path == f"{archive}!"
        got, want = snapshot(target), snapshot(source)
        assert {h: len(v["spans"]) for h, v in got.items()} == {h: len(v["spans"]) for h, v in want.items()}
        assert sum(len(v["relations"]) for v in got.values()) == 3
        target.close()
    source.close()


def test_a_teammates_native_file_in_a_zip(tmp_path):
    source = rich_project(tmp_path / "rich.annotator")
    export_project(source, "native", tmp_path / "alice.jsonl")
    archive = _zip(tmp_path / "from-alice.zip", {"alice.jsonl": (tmp_path / "alice.jsonl").read_bytes()})
    target = open_project(tmp_path / "mine.annotator")
    summary = import_files(target, [archive], annotator="me")
    assert [(f.path, f.format, f.spans_added) for f in summary.files] == [(f"{archive}!/alice.jsonl", "native", 7)]
    assert snapshot(target) == snapshot(source)
    target.close()
    source.close()


@pytest.mark.parametrize(
    "member",
    ["../escaped.txt", "week1/../../escaped.txt", "/tmp/escaped-absolute.txt", "C:/escaped.txt", "..\\escaped.txt"],
)
def test_a_member_that_would_escape_refuses_the_archive(repo, tmp_path, member):
    work = tmp_path / "work"
    work.mkdir()
    evil = _zip(work / "evil.zip", {"fine.txt": STORY_A, member: STORY_B})
    summary = import_files(repo, [evil], annotator="me")
    assert [(p, "outside" in why) for p, why in summary.refused] == [(str(evil), True)]
    assert repo.document_ids() == []  # not even the harmless member
    assert not (tmp_path / "escaped.txt").exists() and not (work / "escaped.txt").exists()
    assert not Path("/tmp/escaped-absolute.txt").exists()


def test_links_and_devices_in_archives_are_refused(repo, tmp_path):
    link = zipfile.ZipInfo("story.txt")
    link.external_attr = (0o120777 << 16) | 0x20  # a symlink, as Info-ZIP stores it
    with zipfile.ZipFile(tmp_path / "link.zip", "w") as zf:
        zf.writestr(link, "/etc/passwd")
    tar_path = tmp_path / "link.tar"
    with tarfile.open(tar_path, "w") as tf:
        info = tarfile.TarInfo("story.txt")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tf.addfile(info)
    summary = import_files(repo, [tmp_path / "link.zip", tar_path], annotator="me")
    reasons = dict(summary.refused)
    assert "is a link" in reasons[str(tmp_path / "link.zip")]
    assert "not a plain file" in reasons[str(tar_path)]
    assert repo.document_ids() == []


def test_an_archive_bomb_is_refused_as_the_bytes_come_out(repo, tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_UNPACKED", 1_000_000)
    bomb = _zip(tmp_path / "bomb.zip", {"a.txt": STORY_A, "zeros.txt": b"0" * 5_000_000})
    assert bomb.stat().st_size < 50_000  # small on disk, large unpacked
    summary = import_files(repo, [bomb], annotator="me")
    assert [(p, "more than" in why) for p, why in summary.refused] == [(str(bomb), True)]
    assert repo.document_ids() == []


def test_encrypted_and_broken_archives_get_clear_messages(repo, tmp_path):
    locked = bytearray(_zip(tmp_path / "locked.zip", {"a.txt": STORY_A}).read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set "encrypted" in both headers
        at = locked.index(signature) + offset
        locked[at] |= 0x1
    (tmp_path / "locked.zip").write_bytes(bytes(locked))
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip file")
    (tmp_path / "broken.tar.gz").write_bytes(os.urandom(300))
    summary = import_files(
        repo, [tmp_path / "locked.zip", tmp_path / "broken.zip", tmp_path / "broken.tar.gz"], annotator="me"
    )
    reasons = dict(summary.refused)
    assert "encrypted" in reasons[str(tmp_path / "locked.zip")]
    assert "cannot unpack" in reasons[str(tmp_path / "broken.zip")]
    assert "cannot unpack" in reasons[str(tmp_path / "broken.tar.gz")]
    assert repo.document_ids() == []


def test_unpacked_files_are_gone_after_the_import(repo, tmp_path, monkeypatch):
    made = []
    real = archives.unpack

    def spy(archive, into):
        made.append(into)
        real(archive, into)

    monkeypatch.setattr("annotator.workflows.exchange.unpack", spy)
    import_files(repo, [_zip(tmp_path / "t.zip", {"a.txt": STORY_A})], annotator="me")
    assert made and not any(p.exists() for p in made)


def test_the_cli_imports_a_zip(tmp_path, capsys):
    from annotator.cli import main as cli_main

    team = _zip(tmp_path / "team.zip", {"a.txt": STORY_A, "b.txt": STORY_B})
    assert cli_main(["import", "--project", str(tmp_path / "c.annotator"), str(team)]) == 0
    out = capsys.readouterr().out
    assert "imported 2 stories" in out


def test_a_docx_is_not_unpacked(tmp_path):
    docx = tmp_path / "memo.docx"
    docx.write_bytes(_zip(tmp_path / "x.zip", {"word/document.xml": "<w/>"}).read_bytes())  # a zip inside
    assert not archives.is_archive(docx) and archives.is_archive(tmp_path / "x.zip")


def test_an_inception_project_export_files_each_users_work_under_their_name(tmp_path):
    """annotation/<doc>/<user>.tsv per user, curation/<doc>/CURATION_USER.tsv as gold; the
    source texts, serialised copies and project JSON are not imported twice."""
    from annotator.formats import get
    from annotator.workflows.exchange import ExportScope

    source = rich_project(tmp_path / "rich.annotator")
    for who in ("alice", "bob", "all"):  # webanno writes one TSV per story into a folder
        scope = ExportScope(annotators=None if who == "all" else [who])
        export_project(source, "webanno", tmp_path / who, scope=scope)
    members: dict[str, bytes | str] = {"exportedproject1.json": '{"name": "newsroom", "version": 1}'}
    for tsv in sorted((tmp_path / "all").iterdir()):
        doc = tsv.stem + ".txt"
        members[f"source/{doc}"] = "not imported: the annotation files carry the text"
        for who in ("alice", "bob"):
            members[f"annotation/{doc}/{who}.tsv"] = (tmp_path / who / tsv.name).read_bytes()
            members[f"annotation_ser/{doc}/{who}.ser"] = b"\xac\xed\x00\x05 java serialisation"
        members[f"curation/{doc}/CURATION_USER.tsv"] = tsv.read_bytes()
    export = _zip(tmp_path / "newsroom_project_2026.zip", members)
    target = open_project(tmp_path / "mine.annotator")
    summary = import_files(target, [export], annotator="me")
    assert not summary.refused, summary.refused
    assert summary.stories is None  # no story files imported from source/
    by_annotator: dict[str, int] = {}
    for doc_id in target.document_ids():
        for span in target.spans(doc_id):
            by_annotator[span.annotator] = by_annotator.get(span.annotator, 0) + 1
    reader = get("webanno").read

    def spans_in(folder):  # as the TSV carries them (it splits fragmented spans in two)
        return sum(len(d.spans) for f in sorted(folder.iterdir()) for d in reader(f).documents)

    want = {
        "alice": spans_in(tmp_path / "alice"),
        "bob": spans_in(tmp_path / "bob"),
        "gold": spans_in(tmp_path / "all"),
    }
    assert by_annotator == want and want["gold"] == want["alice"] + want["bob"]
    assert sorted(target.document_ids()) == sorted(source.document_ids())  # named after the documents, once each
    target.close()
    source.close()


def test_a_refused_file_in_a_project_export_is_named_as_inside_the_archive(repo, tmp_path):
    bad_tsv = "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.NewsSpan|label\n\n\n#Text=Hi.\n1-1\t0-99\tHi\tCLAIM\n"
    export = _zip(
        tmp_path / "project.zip",
        {"source/memo.txt": "Hi.", "annotation/memo.txt/bob.tsv": bad_tsv},
    )
    summary = import_files(repo, [export], annotator="me")
    ((where, why),) = summary.refused
    assert where == f"{export}!/annotation/memo.txt/bob.tsv"
    assert ".by-user" not in why and "annotator-unpacked" not in why
    assert repo.document_ids() == []
