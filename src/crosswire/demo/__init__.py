"""The bundled demo corpus: articles written for crosswire, several stories in several languages."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any


def corpus_path() -> Path:
    return Path(str(resources.files(__package__) / "corpus.jsonl"))


def gold() -> dict[str, Any]:
    return json.loads((Path(str(resources.files(__package__))) / "gold.json").read_text(encoding="utf-8"))
