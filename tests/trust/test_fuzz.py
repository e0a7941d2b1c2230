"""Hostile input: every importer and story reader ends cleanly on mutated files."""

from __future__ import annotations

import random

import pytest

from .fuzz_harness import archive_seeds, exports, fuzz_archive, fuzz_importer, fuzz_story_reader, readable_formats

pytestmark = pytest.mark.slow  # fuzzing and processes: ./test.sh -m 'not slow' skips them

CASES_PER_FORMAT = 200  # bench/fuzz_all.py runs thousands


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return exports(tmp_path_factory.mktemp("seeds"))


@pytest.mark.parametrize("fmt_name", [f.name for f in readable_formats()])
def test_mutated_annotation_files_import_or_are_refused_cleanly(fmt_name, seeds, tmp_path):
    rng = random.Random(fmt_name)
    outcomes = [fuzz_importer(fmt_name, seeds[fmt_name], tmp_path, rng) for _ in range(CASES_PER_FORMAT)]
    assert set(outcomes) <= {"imported", "refused"}


def test_mutated_story_files_read_or_are_refused_cleanly():
    rng = random.Random(99)
    outcomes = [fuzz_story_reader(rng) for _ in range(400)]
    assert "refused" in outcomes and "read" in outcomes


def test_mutated_word_and_pdf_files_read_or_are_refused_cleanly():
    from .fuzz_documents import document_seeds, fuzz_document_reader

    rng = random.Random(2121)
    seeds = document_seeds()
    outcomes = [fuzz_document_reader(rng, seeds) for _ in range(300)]
    assert "refused" in outcomes and "read" in outcomes


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_mutated_archives_import_or_are_refused_cleanly(kind, tmp_path_factory, tmp_path):
    seed = archive_seeds(tmp_path_factory.mktemp("archive-seeds"))[kind]
    rng = random.Random(kind)
    outcomes = [fuzz_archive(kind, seed, tmp_path, rng) for _ in range(150)]
    assert "refused" in outcomes and "imported" in outcomes
