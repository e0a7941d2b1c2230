"""The learned recommender in the window: train in the background, suggest with the model.

A mixin for the main window (like SuggestionGestures). *Story > Train a model from
annotations…* trains from one annotator's layer in a thread, with progress and
Cancel, writes the model beside the project (``<project>.models/``) and uses it at
once; *Use a model file…* opens a teammate's. While a model is in use, Ctrl+G shows
its suggestions together with the rule suggester's (a span both propose appears
once), drawn and accepted exactly like them (dashed; Y, N, J), with origin
"learned". *Retrain automatically…* retrains after every N accepted suggestions;
*Uncertain stories first* orders the story list so the stories the model is least
sure of come next.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.model import Origin, Status
from annotator.core.suggest.suggester import Suggestion, suggest
from annotator.learn import LearnError, ModelFileError, Recommender, TrainingCancelled
from annotator.workflows.learning import combined, learn_model, open_model, uncertain_first
from annotator.workflows.progress import Cancelled, Progress
from annotator.workflows.project_files import open_project

from PySide6.QtWidgets import QFileDialog, QInputDialog

from .worker import run_with_progress

__all__ = ["LearningGestures", "models_folder"]


def models_folder(project: Path) -> Path:
    return project.with_name(project.name + ".models")


class LearningGestures:
    """Mixed into MainWindow; uses its ``repo``, ``session``, ``story_model``, ``statusBar``."""

    repo: Any
    session: Any
    story_model: Any

    def _learning(self) -> dict[str, Any]:
        state = self.__dict__.get("_learning_state")
        if state is None:
            state = {"model": None, "path": None, "retrain_every": 0, "accepted": 0, "training": False}
            self.__dict__["_learning_state"] = state
        return state

    @property
    def learned_model(self) -> Recommender | None:
        return self._learning()["model"]

    # -- what Ctrl+G proposes ------------------------------------------------------------
    def propose(self, text: str) -> list[Suggestion]:
        """Rule suggestions, and the model's when one is in use (a span both propose, once)."""
        rules = suggest(text)
        model = self.learned_model
        if model is None:
            return rules
        # Only labels the project has: the rules know the news schema, a team's model its own.
        labels = set(self.session.schema.label_names)
        both = combined(model.suggest(text), rules)
        return [s for s in both if s.label in labels]

    # -- training ------------------------------------------------------------------------
    def train_model_dialog(self) -> None:
        annotators = self.repo.annotators()
        if not annotators:
            self._tell("Nothing to learn from yet: tag some stories first.")
            return
        default = "gold" if "gold" in annotators else self.session.annotator
        current = annotators.index(default) if default in annotators else 0
        who, ok = QInputDialog.getItem(
            self, "Train a model", "Learn from the annotations of:", annotators, current, False
        )
        if ok and who:
            self.train_model(str(who))

    def train_model(self, annotator: str, output: Path | None = None) -> None:
        """Train in the background (progress and Cancel) and use the model when done."""
        state = self._learning()
        if state["training"]:
            self._tell("A model is already being trained.")
            return
        project = self.repo.path
        output = output or models_folder(project) / f"{annotator}.annotator-model"
        state["training"] = True

        def job(progress: Progress) -> Any:
            output.parent.mkdir(parents=True, exist_ok=True)
            repo = open_project(project, read_only=True)  # SQLite connections stay on their thread
            try:

                def report(what: str, done: float) -> None:
                    progress.step(int(done * 100), 100, what)

                return learn_model(repo, annotator, output, progress=report, cancelled=lambda: False)
            except (LearnError, ModelFileError) as exc:
                return str(exc)
            except (Cancelled, TrainingCancelled):
                return "Training cancelled; the previous model stays in use."
            finally:
                repo.close()

        def done(result: Any, error: str) -> None:
            state["training"] = False
            if isinstance(result, Recommender):
                state.update(model=result, path=output, accepted=0)
                self._tell(f"Trained {output.name}: {_summary(result)}. Ctrl+G now suggests with it.")
            else:
                self._tell(error or str(result))

        run_with_progress(self, f"Training a model from {annotator}'s annotations…", job, done)

    def use_model_dialog(self) -> None:
        folder = models_folder(self.repo.path)
        path, _ = QFileDialog.getOpenFileName(
            self, "Use a model", str(folder if folder.is_dir() else ""), "annotator models (*.annotator-model)"
        )
        if path:
            self.use_model(Path(path))

    def use_model(self, path: Path) -> bool:
        try:
            model = open_model(path, self.repo)
        except (LearnError, ModelFileError) as exc:
            self._tell(str(exc))
            return False
        self._learning().update(model=model, path=path, accepted=0)
        self._tell(f"Using {path.name}: {_summary(model)}. Ctrl+G suggests with it and the rules.")
        return True

    # -- retraining ------------------------------------------------------------------------
    def retrain_every_dialog(self) -> None:
        state = self._learning()
        n, ok = QInputDialog.getInt(
            self,
            "Retrain automatically",
            "Retrain the model after this many accepted suggestions (0: never):",
            state["retrain_every"],
            0,
            10_000,
        )
        if ok:
            self.set_retrain_every(n)

    def set_retrain_every(self, n: int) -> None:
        state = self._learning()
        state.update(retrain_every=max(0, n), accepted=0)
        self._tell(f"The model retrains after every {n} accepted suggestions." if n else "Automatic retraining off.")

    def _count_accepted(self, event: Any) -> None:
        """Called on every session event: count accepted suggestions, retrain when due."""
        state = self._learning()
        command = getattr(event, "command", None)
        if event.kind != "do" or command is None or not state["retrain_every"] or state["model"] is None:
            return
        accepted = (Origin.SUGGESTED, Origin.LEARNED)
        state["accepted"] += sum(
            1 for old, new in event.command.spans if old is None and new and new.origin in accepted
        )
        if state["accepted"] >= state["retrain_every"] and not state["training"]:
            state["accepted"] = 0
            trained_from = state["model"].info.get("training", {}).get("annotator") or self.session.annotator
            self.train_model(trained_from, state["path"])

    # -- story order ---------------------------------------------------------------------------
    def uncertain_first(self) -> None:
        """Reorder the story list: unfinished stories the model is least sure of first."""
        model = self.learned_model
        if model is None:
            self._tell("Train or choose a model first (Story menu).")
            return
        rows = list(self.story_model.rows)
        todo = [s.id for s in rows if s.status != Status.DONE]
        project = self.repo.path

        def job(progress: Progress) -> Any:
            repo = open_project(project, read_only=True)
            try:
                cancelled = {"yes": False}

                def stop() -> bool:
                    try:
                        progress.step(0, 0, "")
                    except Cancelled:
                        cancelled["yes"] = True
                    return cancelled["yes"]

                return uncertain_first(repo, model, todo, cancelled=stop)
            finally:
                repo.close()

        def done(result: Any, error: str) -> None:
            if not result:
                self._tell(error or "No unfinished stories to order.")
                return
            rank = {doc_id: k for k, (doc_id, _) in enumerate(result)}
            last = len(rank)
            self.story_model.reset(sorted(rows, key=lambda s: rank.get(s.id, last)))
            top = result[0]
            self._tell(
                f"Stories ordered by the model's uncertainty: {len(result)} unfinished first "
                f"(most uncertain: {top[1]:.1f} expected tag errors per 100 tokens)."
            )
            self.set_story(result[0][0], force=True)

        run_with_progress(self, "Ordering stories by the model's uncertainty…", job, done)

    def _tell(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)


def _summary(model: Recommender) -> str:
    tr = model.info.get("training", {})
    labels = ", ".join(model.labels)
    return f"{labels} from {tr.get('stories', '?')} stories by {tr.get('annotator') or '?'}"
