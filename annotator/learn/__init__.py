"""A recommender that learns from a team's own annotations: train, save, suggest.

Services layer (beside store, stories and formats): it may use the CRF library,
which core may not. ``recommender`` trains and applies a model for whatever
labels and link types a schema has; ``model_file`` keeps it as a zip of JSON and
CRFsuite's own binary models, never a pickle.
"""

from .model_file import ModelFileError, load_model, save_model
from .recommender import LearnError, Recommender, TrainingCancelled, train_recommender

__all__ = [
    "LearnError",
    "ModelFileError",
    "Recommender",
    "TrainingCancelled",
    "load_model",
    "save_model",
    "train_recommender",
]
