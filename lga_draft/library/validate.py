"""Turning pydantic's validation errors into one `FILE:LINE: message` problem each."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from lga_draft.errors import Problem
from lga_draft.library.yamlio import YamlDoc

M = TypeVar("M", bound=BaseModel)


def validate(
    model: type[M], data: Any, doc: YamlDoc, prefix: tuple[str | int, ...] = ()
) -> tuple[M | None, list[Problem]]:
    """Validate `data` (found at `prefix` inside `doc`) as `model`; all problems at once."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [
            Problem(doc.name, doc.line_of((*prefix, *err["loc"])), _message(model, err, prefix))
            for err in exc.errors(include_url=False)
        ]


def where(loc: Iterable[str | int]) -> str:
    """`evidence[0].figure` from ('evidence', 0, 'figure')."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(model: type[BaseModel], err: Any, prefix: tuple[str | int, ...]) -> str:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    kind = err["type"]
    field = where((*prefix, *loc))
    if kind == "missing":
        return f"missing required field '{field}'"
    if kind == "extra_forbidden":
        known = _field_names(model, loc[:-1])
        near = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        return f"unknown field '{field}'{hint}"
    if kind in {"enum", "literal_error"}:
        expected = err.get("ctx", {}).get("expected", "")
        return f"{field}: must be one of {expected} (got {_short(err.get('input'))})"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if "a-z0-9" in pattern:
            return f"{field}: {_short(err.get('input'))} is not a slug (lower-case letters, digits and single hyphens)"
        return f"{field}: {_short(err.get('input'))} is not a date as YYYY, YYYY-MM or YYYY-MM-DD"
    if kind == "too_short":
        return f"{field}: must not be empty"
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type"}:
        # a consultation's closing date may be written as people write it (consultation.py)
        written = " or 5 February 2025" if field == "closes" else ""
        return f"{field}: {_short(err.get('input'))} is not a date as YYYY-MM-DD{written}"
    # pydantic's own words name Python types ("a valid dictionary or instance of Evidence");
    # say what the YAML should look like instead
    if kind in _SHAPES:
        return f"{field}: must be {_SHAPES[kind]} (got {_kind(err.get('input'))})"
    msg = err["msg"]
    return f"{field}: {msg[0].lower()}{msg[1:]}" if field else msg


_SHAPES = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()}, a yes/no value"
    kind = {
        "int": "number",
        "float": "number",
        "str": "text",
        "date": "date",
        "datetime": "date and time",
    }.get(type(value).__name__, "value")
    return f"{_short(value if isinstance(value, int | float | str) else str(value))}, a {kind}"


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "...'"


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (possibly nested) model that an unknown key was found in."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    meta = getattr(annotation, "__origin__", None)
    if meta is not None and isinstance(meta, type) and issubclass(meta, BaseModel):
        return meta
    return None
