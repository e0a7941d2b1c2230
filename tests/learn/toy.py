"""A made-up team project for the learning tests: HEDGE, SOURCE and CUE, a `says` link.

No rule in the suggester knows HEDGE; the stories are generated from small word
lists written for these tests.
"""

from __future__ import annotations

import random
from pathlib import Path

from annotator.core.model import Document, Relation
from annotator.core.schema import Label, RelationType, Schema
from annotator.core.session import AnnotationSession
from annotator.core.text import text_hash
from annotator.store import Repository, open_project

NAMES = ["Anna Berg", "Tomas Ruiz", "Leila Haddad", "Piotr Nowak", "Grace Mensah", "Ken Ito", "Sara Lind"]
CUES = ["said", "told reporters", "warned", "added", "claimed"]
HEDGES = ["may", "could", "reportedly will"]
THINGS = ["the bridge", "the clinic", "the new school", "the old mill", "the ferry", "the market"]
VERBS = ["close", "reopen", "move", "expand", "shrink"]
TIMES = ["next week", "in March", "this winter", "before the vote", "soon"]
PLAIN = [
    "The council met on Tuesday evening.",
    "Rain fell across the valley all day.",
    "Tickets went on sale at noon.",
    "The school board approved the budget.",
    "Traffic was light on the coast road.",
]


def toy_schema() -> Schema:
    return Schema(
        name="team-hedges",
        labels=(
            Label("HEDGE", "#cc8844", ("h",), (), "A word that weakens a claim."),
            Label("SOURCE", "#e0607e", ("s",)),
            Label("CUE", "#9b6ddf", ("u",)),
        ),
        relations=(RelationType("says", ("SOURCE",), ("CUE",)),),
    )


def _sentence(rng: random.Random, text: str, spans: list[tuple[str, int, int]]) -> str:
    if rng.random() < 0.35:
        return rng.choice(PLAIN)
    name, cue, thing = rng.choice(NAMES), rng.choice(CUES), rng.choice(THINGS)
    hedge = rng.choice(HEDGES)
    if hedge == "reportedly will":
        words = [thing.capitalize(), "reportedly", "will", rng.choice(VERBS), rng.choice(TIMES)]
        sentence = " ".join(words) + "."
        at = len(text) + len(thing) + 1
        spans.append(("HEDGE", at, at + len("reportedly")))
        return sentence
    head = f"{name} {cue} {thing} "
    sentence = f"{head}{hedge} {rng.choice(VERBS)} {rng.choice(TIMES)}."
    base = len(text)
    spans.append(("SOURCE", base, base + len(name)))
    spans.append(("CUE", base + len(name) + 1, base + len(name) + 1 + len(cue)))
    spans.append(("HEDGE", base + len(head), base + len(head) + len(hedge)))
    return sentence


def story(rng: random.Random, sentences: int = 8) -> tuple[str, list[tuple[str, int, int]]]:
    text = ""
    spans: list[tuple[str, int, int]] = []
    for k in range(sentences):
        if k and k % 3 == 0:
            text += "\n\n"
        elif k:
            text += " "
        text += _sentence(rng, text, spans)
    return text, spans


def toy_project(path: Path, *, stories: int = 14, annotator: str = "alice", seed: int = 3) -> Path:
    rng = random.Random(seed)
    with open_project(path) as repo:
        repo.set_schema(toy_schema())
        fill(repo, rng, stories, annotator)
    return path


def fill(repo: Repository, rng: random.Random, stories: int, annotator: str) -> None:
    session = AnnotationSession(repo, annotator=annotator, schema=repo.schema())
    for n in range(stories):
        text, spans = story(rng)
        doc = Document(f"toy-{n:02d}", f"Toy {n}", text, text_hash(text))
        repo.add_documents([doc])
        made = [session.make_span(doc, label, [(s, e)]) for label, s, e in spans]
        links = []
        for src, cue in zip(made, made[1:], strict=False):
            if src.label == "SOURCE" and cue.label == "CUE":
                links.append(Relation.create(doc.id, "says", src.id, cue.id, annotator=annotator))
        session.bulk("toy", doc.id, made, links)
