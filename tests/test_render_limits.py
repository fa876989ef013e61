"""The render's own bounds (lga_draft/drafting/limits.py), with the limits lowered so each test
is quick: what the sandbox cannot see in one operation is stopped by memory, output or time."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from lga_draft.drafting import limits
from lga_draft.drafting.render import render
from lga_draft.errors import TemplateError


def _render(tmp_path: Path, body: str) -> str:
    (tmp_path / "t.md.j2").write_text(body, encoding="utf-8")
    return render((tmp_path,), "t", {})


def test_memory_growth_a_step_at_a_time_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_EXTRA_MEMORY", 200 * 2**20)
    before = resource.getrlimit(resource.RLIMIT_AS)
    body = (
        "{% set l = [] %}{% for i in range(1000) %}"
        '{% set _ = l.append(("x" * 999999)|list) %}{% endfor %}{{ l|length }}'
    )
    with pytest.raises(
        TemplateError, match=r"t\.md\.j2: template stopped: it needed more than 200"
    ):
        _render(tmp_path, body)
    # the limit is lifted afterwards
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert _render(tmp_path, "{{ ('x' * 999999)|list|length }}") == "999999"


def test_output_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_OUTPUT_CHARS", 5000)
    with pytest.raises(TemplateError, match="the draft would be more than 5,000 characters"):
        _render(tmp_path, "{% for i in range(1000) %}0123456789{% endfor %}")
    assert len(_render(tmp_path, "{% for i in range(100) %}0123456789{% endfor %}")) == 1000


def test_time_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SECONDS", 0.3)
    body = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateError, match="it ran for more than 0.3 seconds"):
        _render(tmp_path, body)
    assert _render(tmp_path, "done") == "done"
