"""JSON Schemas for the files officers edit, generated from the pydantic models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, RootModel

from lga_draft.errors import UsageError


def _models() -> dict[str, type[BaseModel]]:
    from lga_draft.drafting.consultation import Consultation
    from lga_draft.library.model import Position, Settings, Source, TagDef

    return {
        "position": Position,
        "consultation": Consultation,
        "tags": RootModel[dict[str, TagDef]],
        "sources": RootModel[dict[str, Source]],
        "settings": Settings,
    }


def json_schema(kind: str) -> dict[str, Any]:
    models = _models()
    if kind not in models:
        raise UsageError(f"unknown schema '{kind}'; choose from {', '.join(models)}")
    # mode="validation": what a file may hold (a plain-text ask, `number: 1`), not what we store
    schema = models[kind].model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.setdefault("title", f"lga-draft {kind} file")
    return schema
