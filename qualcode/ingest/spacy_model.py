"""The trained spaCy pipeline QUALCODE_SPACY_MODEL names, shared by sentence units and
de-identification. A name that is not installed is an error naming it, never a silent fallback:
sentence units and the names found depend on the model, so a typo must not quietly change them.
Nothing is ever downloaded."""

from __future__ import annotations

import json
import os
from importlib import metadata
from pathlib import Path

from qualcode.errors import ValidationError


def configured_model() -> str:
    """The spaCy pipeline QUALCODE_SPACY_MODEL names ("" when none is configured)."""
    return os.environ.get("QUALCODE_SPACY_MODEL", "").strip()


def model_version(name: str, without_it: str) -> str:
    """The installed version of a spaCy pipeline (a package or a directory); an error naming it
    when unknown. `without_it` says what qualcode does when the variable is unset."""
    meta = Path(name) / "meta.json"
    if meta.is_file():
        try:
            return str(json.loads(meta.read_text(encoding="utf-8")).get("version", "unknown"))
        except (OSError, ValueError) as error:
            raise ValidationError(
                f"QUALCODE_SPACY_MODEL={name}: cannot read {meta}: {error}"
            ) from None
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        raise ValidationError(
            f"QUALCODE_SPACY_MODEL={name!r} is not an installed spaCy pipeline (no package or "
            f"directory of that name); install it (e.g. pip install en_core_web_sm) or unset the "
            f"variable to {without_it}. qualcode will not silently fall back."
        ) from None


def load_model(name: str, exclude: list[str], without_it: str):
    """The installed pipeline `name` without the `exclude`d components; errors name the model."""
    import spacy

    model_version(name, without_it)  # an unknown name is an error naming it
    try:
        return spacy.load(name, exclude=exclude)
    except (OSError, ValueError) as error:
        raise ValidationError(f"QUALCODE_SPACY_MODEL={name!r} cannot be loaded: {error}") from None
