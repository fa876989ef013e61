"""Issue 16, item 4: the JSON Schema `lga-draft schema` exports accepts every file the loader accepts.

Checked as an editor would check them: each file read as plain YAML data (dates as the text they are
written as) and validated with a real JSON Schema validator against the exported schema.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT

from lga_draft.team.scaffold import files as init_files


def _as_editor_sees(data):
    """YAML data as a YAML language server sees it: dates are strings."""
    if isinstance(data, dict):
        return {k: _as_editor_sees(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_editor_sees(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def _validator(cli, kind):
    result = cli("schema", kind)
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(validator, text: str) -> list[str]:
    data = _as_editor_sees(yaml.safe_load(text))
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]


def _bundled(kind: str) -> list[Path]:
    if kind == "position":
        return sorted((ROOT / "positions").rglob("*.yaml"))
    if kind == "consultation":
        return sorted((ROOT / "examples").glob("*.yaml"))
    return [
        ROOT / {"tags": "tags.yaml", "sources": "sources.yaml", "settings": "library.yaml"}[kind]
    ]


@pytest.mark.parametrize("kind", ["position", "consultation", "tags", "sources", "settings"])
def test_every_bundled_file_passes_its_schema(cli, kind):
    validator = _validator(cli, kind)
    paths = _bundled(kind)
    assert paths
    failures = {
        str(p.relative_to(ROOT)): errs
        for p in paths
        if (errs := _errors(validator, p.read_text(encoding="utf-8")))
    }
    assert failures == {}


def test_every_file_init_writes_passes_its_schema(cli):
    kinds = {"library.yaml": "settings", "tags.yaml": "tags", "sources.yaml": "sources"}
    written = init_files(dt.date(2026, 1, 1), "Team")
    checked = 0
    for name, text in written.items():
        kind = kinds.get(name) or ("position" if name.startswith("positions/") else None)
        if kind is None:
            continue
        assert _errors(_validator(cli, kind), text) == [], name
        checked += 1
    assert checked == 4


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (
            "position",
            "id: x\ntitle: T\nstatus: approved\nowner: t\nlast_reviewed: 2024-01-01\nreview_by: 2025-01-01\ntags: [a]\nlead: L\nbody: B\nasks: [Do this.]\nsources: [{source: s}]\n",
        ),
        (
            "consultation",
            "title: T\nissued_by: D\nversion: 0.2\nquestions:\n  - {number: 1, text: Why, positions: one-id, exclude: other}\n",
        ),
        ("tags", "care-funding: {description: Money, broader: care}\ncare: {description: Care}\n"),
        ("sources", "doc: {title: T, publisher: P, date: 2024}\n"),
    ],
)
def test_shorthands_the_loader_accepts_pass_the_schema(cli, kind, text):
    assert _errors(_validator(cli, kind), text) == []


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("position", "id: Not A Slug\ntitle: T\n"),
        ("consultation", "title: T\nissued_by: D\nquestions: [{number: [1], text: Why}]\n"),
        ("tags", "care: {description: Care, broader: [Not A Slug]}\n"),
        ("sources", "doc: {title: T, publisher: P, date: 2024-13}\n"),
    ],
)
def test_the_schema_still_rejects_what_the_loader_rejects(cli, kind, text):
    assert _errors(_validator(cli, kind), text) != []
