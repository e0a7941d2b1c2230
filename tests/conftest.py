"""Test-wide set-up: no display needed, no real user files touched."""

from __future__ import annotations

import os

# Without a display Qt aborts the whole run; offscreen needs nothing installed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point data, config and cache dirs at a temporary folder for every test."""
    home = tmp_path_factory.mktemp("annotator-home")
    monkeypatch.setenv("ANNOTATOR_HOME", str(home))


@pytest.fixture
def repo(tmp_path):
    from annotator.store import open_project

    r = open_project(tmp_path / "test.annotator")
    yield r
    r.close()


@pytest.fixture
def make_doc(repo):
    """Add a story to the test project and return its Document."""
    from annotator.core.model import Document
    from annotator.core.text import normalise, text_hash

    counter = iter(range(1, 10_000))

    def _make(text: str, *, title: str = "", doc_id: str | None = None):
        norm = normalise(text).text
        n = next(counter)
        doc = Document(doc_id or f"doc{n}", title or f"Story {n}", norm, text_hash(norm))
        repo.add_documents([doc])
        return repo.document(doc.id)

    return _make


@pytest.fixture
def session(repo):
    from annotator.core.session import AnnotationSession

    return AnnotationSession(repo, annotator="tester", schema=repo.schema())
