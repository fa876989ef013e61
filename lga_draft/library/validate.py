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
            Problem(
                doc.name,
                doc.line_of((*prefix, *err["loc"])),
                _message(model, err, prefix, doc.data),
            )
            for err in exc.errors(include_url=False)
        ]


def where(loc: Iterable[str | int], *, counted: bool = False) -> str:
    """`evidence[0].figure` from ('evidence', 0, 'figure'); `counted`, as an officer counts in a
    consultation file: `positions (entry 2)` from ('positions', 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f" (entry {part + 1})" if counted else f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(
    model: type[BaseModel], err: Any, prefix: tuple[str | int, ...], root: Any = None
) -> str:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    kind = err["type"]
    label, rest = _question((*prefix, *loc), root)
    field = where(rest, counted=bool(label))
    body = _body(model, err, kind, loc, field)
    return f"{label}: {body}" if label else body


def _body(model: type[BaseModel], err: Any, kind: str, loc: tuple[Any, ...], field: str) -> str:
    pre = f"{field}: " if field else ""
    got = err.get("input")
    limit = err.get("ctx", {})
    if kind == "missing":
        return f"missing required field '{field}'"
    if kind == "extra_forbidden":
        known = _field_names(model, loc[:-1])
        near = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        return f"unknown field '{field}'{hint}"
    if kind in {"enum", "literal_error"}:
        return f"{pre}must be one of {limit.get('expected', '')} (got {_short(got)})"
    if kind == "string_pattern_mismatch":
        if "a-z0-9" in limit.get("pattern", ""):
            return (
                f"{pre}{_short(got)} is not a slug (lower-case letters, digits and single hyphens)"
            )
        return f"{pre}{_short(got)} is not a date as YYYY, YYYY-MM or YYYY-MM-DD"
    if kind in {"too_short", "string_too_short"}:
        return f"{pre}must not be empty"
    if kind == "string_too_long" and isinstance(got, str):
        return f"{pre}is {len(got):,} characters, over the {limit.get('max_length'):,} allowed; shorten it"
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type"}:
        # a consultation's closing date may be written as people write it (consultation.py)
        written = " or 5 February 2025" if field == "closes" else ""
        return f"{pre}{_short(got)} is not a date as YYYY-MM-DD{written}"
    # pydantic's own words name Python types ("a valid dictionary or instance of Evidence");
    # say what the YAML should look like instead
    if kind in _SHAPES:
        return f"{pre}must be {_SHAPES[kind]} (got {_kind(got)}){_hint(kind, field, got)}"
    if kind in _BOUNDS:
        word, key = _BOUNDS[kind]
        return f"{pre}must be {word} {limit.get(key)} (got {_short(got)})"
    msg = err["msg"]
    return f"{pre}{msg[0].lower()}{msg[1:]}"


def _hint(kind: str, field: str, got: Any) -> str:
    """What to write instead, where YAML itself is the trap."""
    if kind != "string_type":
        return ""
    if isinstance(got, bool):  # `view: No` is a yes/no value to YAML, not the word
        return f"; write it in quotes, as {'Yes' if got else 'No'!r}, to keep the word"
    if isinstance(got, list) and field.rsplit(".", 1)[-1] == "tags":  # a position's are a list
        tags = [str(t) for t in got if isinstance(t, str | int)]
        return f"; write one expression: '{','.join(tags)}' for any of them, '{'+'.join(tags)}' for all"
    return ""


def _question(loc: tuple[Any, ...], root: Any) -> tuple[str, tuple[Any, ...]]:
    """A consultation's question named as the officer numbers it ('question 2a', from its
    `number:`), or counted from one where it has none ("the 3rd question in the file"), never by
    its index from zero ('questions[2]'); with the rest of the path inside it."""
    if len(loc) < 2 or loc[0] != "questions" or not isinstance(loc[1], int):
        return "", loc
    items = root.get("questions") if isinstance(root, dict) else None
    item = items[loc[1]] if isinstance(items, list) and 0 <= loc[1] < len(items) else None
    number = item.get("number") if isinstance(item, dict) else None
    if (
        isinstance(number, str | int | float)
        and not isinstance(number, bool)
        and str(number).strip()
    ):
        return f"question {str(number).strip()}", loc[2:]
    return f"the {_ordinal(loc[1] + 1)} question in the file", loc[2:]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_SHAPES = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "yes or no (true or false)",
    "bool_parsing": "yes or no (true or false)",
}
_BOUNDS = {
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("more than", "gt"),
    "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"),
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
    if isinstance(value, bool):  # as YAML writes it, not Python's True
        return str(value).lower()
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
