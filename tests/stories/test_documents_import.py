"""Word and PDF files through the import front doors: the CLI (with --split-articles) and the preview."""

from __future__ import annotations

from document_files import docx_bytes
from test_documents import EXPORT

from annotator.cli import main
from annotator.store import open_project
from annotator.workflows.article_preview import preview_articles


def _titles(project) -> list[str]:
    repo = open_project(project)
    try:
        return sorted(s.title for s in repo.document_summaries())
    finally:
        repo.close()


def test_cli_imports_a_multi_article_docx_whole_or_split(tmp_path, capsys):
    export = tmp_path / "export.docx"
    export.write_bytes(docx_bytes(EXPORT))
    assert main(["import", "--project", str(tmp_path / "whole.annotator"), str(export)]) == 0
    assert len(_titles(tmp_path / "whole.annotator")) == 1
    assert main(["import", "--project", str(tmp_path / "split.annotator"), "--split-articles", str(export)]) == 0
    assert "imported 3 stories" in capsys.readouterr().out
    assert _titles(tmp_path / "split.annotator") == [
        "Ferry crossings halved",
        "Islanders plan protest",
        "Minister to visit Oban",
    ]


def test_cli_refuses_a_damaged_docx_with_its_reason(tmp_path, capsys):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really")
    assert main(["import", "--project", str(tmp_path / "p.annotator"), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "refused" in out and "bad.docx" in out and "Traceback" not in out


def test_preview_lists_only_files_of_several_articles(tmp_path):
    export = tmp_path / "export.docx"
    export.write_bytes(docx_bytes(EXPORT))
    single = tmp_path / "single.docx"
    single.write_bytes(docx_bytes([("Title", "One story"), "Just one article here, with its own words."]))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    [found] = preview_articles([export, single, broken, tmp_path / "gone.docx"])
    assert found.path == str(export)
    assert [a.title for a in found.articles] == [
        "Ferry crossings halved",
        "Islanders plan protest",
        "Minister to visit Oban",
    ]
    assert found.articles[0].opening.startswith("The ferry operator said on Friday")
    assert found.articles[0].words > 20
