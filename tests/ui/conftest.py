from __future__ import annotations

import pytest

from annotator.core.model import Document
from annotator.core.text import normalise, text_hash

STORY = (
    "PORT ELLIS — The bridge will close on March 3, engineers said.\n\n"
    "“We are not taking chances,” said Dana Whitfield. “If we waited, we would be gambling.”\n\n"
    "Mayor Luis Ortiz said the closure would cost businesses 😀 real money."
)


@pytest.fixture
def project(tmp_path):
    from annotator.store import open_project

    path = tmp_path / "ui.annotator"
    repo = open_project(path)
    docs = []
    for i, text in enumerate([STORY, "Second story. Officials said it was fine.\n", "Third story."]):
        norm = normalise(text).text
        docs.append(Document(f"s{i + 1}", f"Story {i + 1}", norm, text_hash(norm)))
    repo.add_documents(docs)
    repo.close()
    return path


@pytest.fixture
def window(qtbot, project):
    from annotator.store import open_project

    from annotator.ui.main_window import MainWindow
    from annotator.ui.settings import Settings

    repo = open_project(project)
    win = MainWindow(repo, annotator="tester", settings=Settings())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.set_story("s1")
    win.view.setFocus()
    return win


def find(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(phrase, i + 1)
    return i, i + len(phrase)
