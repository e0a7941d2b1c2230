"""Train a model from a project's annotations, and suggest with it.

``training_stories`` reads one annotator's layer (spans and links) story by
story; ``learn_model`` trains and saves; ``learned_suggestions`` proposes spans
and links for stories, stored like the rule suggestions (through
``accept_suggestions``, one undoable step per story) with origin "learned" and the
model's name in the span's note. ``combined`` merges learned and rule
suggestions so a span proposed by both is proposed once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from annotator.core.learn.data import TrainingStory
from annotator.core.session import AnnotationSession
from annotator.core.suggest.suggester import Suggestion
from annotator.learn import LearnError, Recommender, load_model, save_model, train_recommender
from annotator.store import Repository

from .suggest import StorySuggestions, SuggestRun, accept_suggestions

__all__ = [
    "LearnError",
    "training_stories",
    "learn_model",
    "learned_suggestions",
    "combined",
    "uncertain_first",
    "open_model",
]


def training_stories(repo: Repository, annotator: str, doc_ids: Iterable[str] | None = None) -> list[TrainingStory]:
    """Every story (or those named) with the annotator's spans and links."""
    out = []
    ids = list(doc_ids) if doc_ids is not None else repo.document_ids()
    for doc in repo.iter_documents(ids):
        spans = repo.spans(doc.id, [annotator])
        keys = {s.id for s in spans}
        links = [(r.type, r.source, r.target) for r in repo.relations(doc.id, [annotator])]
        out.append(
            TrainingStory(
                doc.id,
                doc.text,
                [(s.id, s.label, s.fragments) for s in spans],
                [link for link in links if link[1] in keys and link[2] in keys],
            )
        )
    return out


def learn_model(
    repo: Repository,
    annotator: str,
    output: Path,
    *,
    learner: str = "crf",
    progress: Callable[[str, float], None] = lambda what, done: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Recommender:
    """Train from ``annotator``'s layer and write the model file; LearnError if it cannot."""
    if annotator not in repo.annotators():
        known = ", ".join(repo.annotators()) or "none yet"
        raise LearnError(f"no annotations by {annotator!r} in {repo.path} (annotators: {known})")
    stories = training_stories(repo, annotator)
    model = train_recommender(
        stories,
        repo.schema(),
        name=Path(output).name.split(".")[0] or "model",
        annotator=annotator,
        learner=learner,
        progress=progress,
        cancelled=cancelled,
    )
    save_model(model, output)
    return model


def open_model(path: Path, repo: Repository) -> Recommender:
    """The model in ``path``, checked against the project's schema (LearnError/ModelFileError)."""
    model = load_model(path)
    model.check_schema(repo.schema())
    return model


def combined(learned: Sequence[Suggestion], rules: Sequence[Suggestion]) -> list[Suggestion]:
    """Both suggesters' proposals, a span proposed by both once (the rule's, which carries
    attributes, with the learned confidence when higher)."""
    by_key = {(s.label, s.fragments): s for s in rules}
    out = list(rules)
    for s in learned:
        if (s.label, s.fragments) not in by_key:
            out.append(s)
    return sorted(out, key=lambda s: (s.fragments[0][0], s.fragments[-1][1], s.label))


def learned_suggestions(
    repo: Repository,
    model: Recommender,
    doc_ids: Iterable[str] | None = None,
    *,
    session: AnnotationSession | None = None,
) -> SuggestRun:
    """The model's suggestions for each story; with a session they are stored (``--accept``)."""
    ids = list(doc_ids) if doc_ids is not None else repo.document_ids()
    run = SuggestRun()
    for doc in repo.iter_documents(ids):
        sugs = model.suggest(doc.text)
        story = StorySuggestions(doc.id, doc.title, doc.text, sugs)
        if session is not None:
            story.added_spans, story.added_links = accept_suggestions(session, doc, sugs)
        run.stories.append(story)
    return run


def uncertain_first(
    repo: Repository, model: Recommender, doc_ids: Iterable[str], cancelled: Callable[[], bool] = lambda: False
) -> list[tuple[str, float]]:
    """Stories ordered by the model's uncertainty, least sure first: (id, expected errors per 100 tokens)."""
    scored = []
    for doc in repo.iter_documents(list(doc_ids)):
        if cancelled():
            break
        scored.append((doc.id, model.uncertainty(doc.text)))
    return sorted(scored, key=lambda item: (-item[1], item[0]))
