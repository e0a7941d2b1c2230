"""A model as a file a team can share: a zip of JSON and the learner's own models.

``model.json`` holds what the model is (name, learner, the schema it was trained
for, training size, held-out scores), its tag layers and its link weights;
``layer-N.crfsuite`` (or ``.json`` for the perceptron) holds each layer's tagger.
Nothing in the file is code: reading it parses JSON and hands CRFsuite its own
binary format, so a teammate's file cannot run anything. Names, sizes and the
format version are checked before anything is used.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

from annotator.core.learn.links import LinkModel
from annotator.core.learn.tagging import Layer

from .backends import BACKENDS, CRF_MAGIC
from .recommender import FORMAT_VERSION, Recommender

__all__ = ["ModelFileError", "save_model", "load_model", "MODEL_SUFFIX"]

MODEL_SUFFIX = ".annotator-model"
_MAX_BYTES = 500 * 1024 * 1024  # unpacked; a PolNeAR-sized model is a few MB


class ModelFileError(ValueError):
    pass


def save_model(model: Recommender, path: Path | str) -> Path:
    """Write the model (to a temporary name, renamed at the end)."""
    path = Path(path)
    suffix = BACKENDS[model.learner]().suffix
    layers = [{"labels": layer.labels, "rich": layer.rich} for layer in model.layers]
    body: dict[str, Any] = {"info": model.info, "learner": model.learner, "layers": layers}
    body["links"] = model.links.to_dict() if model.links else None
    tmp = path.with_name(path.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("model.json", json.dumps(body, ensure_ascii=False, separators=(",", ":")))
            for k, blob in enumerate(model.blobs):
                zf.writestr(f"layer-{k}{suffix}", blob)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def load_model(path: Path | str) -> Recommender:
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            members = {i.filename: i for i in zf.infolist()}
            if "model.json" not in members:
                raise ModelFileError(f"{path} is not an annotator model (no model.json inside)")
            if sum(i.file_size for i in members.values()) > _MAX_BYTES:
                raise ModelFileError(f"{path} unpacks to more than {_MAX_BYTES // 2**20} MB; refused")
            body = json.loads(zf.read("model.json").decode("utf-8"))
            return _build(path, body, zf, members)
    except zipfile.BadZipFile:
        raise ModelFileError(f"{path} is not an annotator model (not a zip file)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelFileError(f"{path}: model.json is not valid JSON ({exc})") from None
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, ModelFileError):
            raise
        raise ModelFileError(f"{path}: not a model this version can read ({exc})") from None
    except OSError as exc:
        raise ModelFileError(f"{path}: {exc.strerror or exc}") from None


def _build(path: Path, body: dict[str, Any], zf: zipfile.ZipFile, members: dict[str, Any]) -> Recommender:
    info = body["info"]
    if int(info.get("format", 0)) > FORMAT_VERSION:
        raise ModelFileError(f"{path} was written by a newer annotator (model format {info['format']})")
    learner = str(body["learner"])
    if learner not in BACKENDS:
        raise ModelFileError(f"{path} uses learner {learner!r}, which this version does not have")
    layers = [Layer([str(lb) for lb in ly["labels"]], bool(ly["rich"])) for ly in body["layers"]]
    suffix = BACKENDS[learner]().suffix
    blobs = []
    for k in range(len(layers)):
        name = f"layer-{k}{suffix}"
        if name not in members:
            raise ModelFileError(f"{path} is incomplete: {name} is missing")
        blob = zf.read(name)
        if learner == "crf" and not blob.startswith(CRF_MAGIC):
            raise ModelFileError(f"{path}: {name} is not a CRFsuite model")
        blobs.append(blob)
    links = LinkModel.from_dict(body["links"]) if body.get("links") else None
    model = Recommender(info, layers, blobs, links, learner)
    try:
        model.taggers()
    except (ValueError, OSError) as exc:
        raise ModelFileError(f"{path}: a tagger inside cannot be opened ({exc})") from None
    return model
