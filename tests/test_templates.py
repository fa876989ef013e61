"""Templates: listing, a library's own templates overriding bundled ones, a consultation's own
template beside it, and template errors naming the file and line."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURES, build_tree

LIB = FIXTURES / "library"
CONSULTATION = FIXTURES / "consultation.yaml"


def test_templates_lists_bundled_with_descriptions(cli):
    result = cli("--library", LIB, "templates", "--json")
    assert result.exit_code == 0, result.output
    found = {t["name"]: t for t in json.loads(result.stdout)}
    assert set(found) >= {
        "consultation-response",
        "briefing",
        "position-statement",
        "offer-and-ask",
        "press-release",
    }
    assert all(t["origin"] == "bundled" and t["description"] for t in found.values())
    assert not any(name.startswith("_") for name in found)


def test_library_template_overrides_bundled_one(cli, tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(LIB, lib)
    build_tree(
        lib,
        {
            "templates/briefing.md.j2": '{# Our own briefing. #}\n{% extends "_base.md.j2" %}\n{% block content %}OUR OWN BRIEFING\n{% endblock %}\n'
        },
    )
    listed = {t["name"]: t for t in json.loads(cli("--library", lib, "templates", "--json").stdout)}
    assert listed["briefing"]["origin"] == "library"
    assert listed["briefing"]["description"] == "Our own briefing."
    assert listed["press-release"]["origin"] == "bundled"
    out = cli(
        "--library", lib, "draft", CONSULTATION, "--template", "briefing", "--today", "2026-01-01"
    ).stdout
    assert "OUR OWN BRIEFING" in out
    assert out.startswith("---\n")  # the bundled base still applies


def test_consultation_carries_its_own_template(cli, tmp_path):
    build_tree(
        tmp_path,
        {
            "c.yaml": {
                "title": "T",
                "issued_by": "D",
                "template": "one-off.md.j2",
                "questions": [{"number": 1, "text": "Q?", "tags": "care"}],
            },
            "one-off.md.j2": '{% extends "consultation-response.md.j2" %}\n{% block closing %}ONE-OFF CLOSING\n{% endblock %}\n',
        },
    )
    result = cli("--library", LIB, "draft", tmp_path / "c.yaml", "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert "ONE-OFF CLOSING" in result.stdout and "### Question 1" in result.stdout


def test_unknown_template_lists_the_available_ones(cli):
    result = cli("--library", LIB, "draft", CONSULTATION, "--template", "memo")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(
        "no template named 'memo' (available: briefing, consultation-response"
    )


def test_template_syntax_error_names_file_and_line(cli, tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(LIB, lib)
    build_tree(
        lib,
        {
            "templates/broken.md.j2": '{% extends "_base.md.j2" %}\n{% block content %}\n{% if %}\n{% endblock %}\n'
        },
    )
    result = cli("--library", lib, "draft", CONSULTATION, "--template", "broken")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("lib/templates/broken.md.j2:3: template syntax error")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("consultaton.title", "'consultaton' is undefined (did you mean 'consultation'?)"),
        # it said "'lga_draft.drafting.consultation.Consultation object' has no attribute 'titel'"
        ("consultation.titel", "Consultation has no field 'titel' (did you mean 'title'?)"),
        # a mapping is no Python "dict", and its keys are what it has, not its methods
        ("set_out.nope", "the mapping has no key 'nope'"),
    ],
)
def test_a_misspelt_name_or_field_is_named_in_a_template_writers_words(
    cli, tmp_path, written, message
):
    lib = tmp_path / "lib"
    shutil.copytree(LIB, lib)
    build_tree(
        lib,
        {
            "templates/typo.md.j2": '{% extends "_base.md.j2" %}\n{% block content %}\n{{ '
            + written
            + " }}\n{% endblock %}\n"
        },
    )
    result = cli("--library", lib, "draft", CONSULTATION, "--template", "typo")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"lib/templates/typo.md.j2:3: {message}"


def test_template_name_cannot_leave_the_template_folders(cli):
    result = cli("--library", LIB, "draft", CONSULTATION, "--template", "../../etc/passwd")
    assert result.exit_code == 1
    assert "invalid template name '../../etc/passwd'" in result.stderr
