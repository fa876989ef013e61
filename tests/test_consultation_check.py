"""Issue 16, item 9: every problem at once: a consultation file's mistakes in one run, `check`
checking the consultation files it is given, the default template, and tags.yaml lines."""

from __future__ import annotations

import json
import shutil

import yaml
from conftest import FIXTURES

FOUR_MISTAKES = """\
title: Four mistakes
issued_by: D
closes: 2026-02-30
questions:
  - number: 1
    text: How should care be funded?
    positions: [care-fundin-gap]
  - number: 2
    text: What about prevention?
    tags: preventon
  - number: 3
"""
EXPECTED = [
    "bad.yaml:3: closes: '2026-02-30' is not a real date (day is out of range for month)",
    "bad.yaml:7: question 1: unknown position id 'care-fundin-gap' (did you mean 'care-funding-gap'?)",
    "bad.yaml:10: question 2: tag expression 'preventon': unknown tag 'preventon' (did you mean 'prevention'?)",
    "bad.yaml:11: question 3: missing required field 'text'",
]


def _library(tmp_path):
    root = tmp_path / "lib"
    shutil.copytree(FIXTURES / "library", root)
    return root


def test_draft_reports_every_mistake_in_a_consultation_at_once(cli, tmp_path):
    (tmp_path / "bad.yaml").write_text(FOUR_MISTAKES, encoding="utf-8")
    result = cli("--library", _library(tmp_path), "draft", "bad.yaml", "-o", "out.md")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[:4] == EXPECTED
    # which library the ids and tags were looked up in: a folder holding some other positions/
    # folder is taken for the library, and then every id is unknown
    root = (tmp_path / "lib").resolve()
    count = len(list((root / "positions").rglob("*.yaml")))
    assert lines[4:] == [
        "error: bad.yaml: 4 problem(s) in the consultation file, checked against the library at "
        f"{root} ({count} position(s))"
    ]
    assert not (tmp_path / "out.md").exists()


def test_the_bundled_library_goes_without_saying(cli, tmp_path):
    (tmp_path / "bad.yaml").write_text(FOUR_MISTAKES, encoding="utf-8")
    result = cli("draft", "bad.yaml", "-o", "out.md")
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[-1] == "error: bad.yaml: 4 problem(s) in the consultation file"
    )


def test_a_single_selection_mistake_is_one_line(cli, tmp_path):
    text = FOUR_MISTAKES.replace("closes: 2026-02-30\n", "").replace("tags: preventon", "tags: PH")
    (tmp_path / "bad.yaml").write_text(text.replace("  - number: 3\n", ""), encoding="utf-8")
    result = cli("--library", _library(tmp_path), "draft", "bad.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "bad.yaml:6: question 1: unknown position id 'care-fundin-gap' (did you mean 'care-funding-gap'?)"
    ]


def test_check_checks_the_consultation_files_it_is_given(cli, tmp_path):
    root = _library(tmp_path)
    (tmp_path / "bad.yaml").write_text(FOUR_MISTAKES, encoding="utf-8")
    shutil.copy(FIXTURES / "consultation.yaml", tmp_path / "good.yaml")
    good = cli("--library", root, "check", "good.yaml", "--today", "2020-01-01")
    assert good.exit_code == 0, good.output
    assert "5 position(s) and 1 consultation file(s) checked: 0 error(s)" in good.stderr
    bad = cli("--library", root, "check", "good.yaml", "bad.yaml", "--today", "2020-01-01")
    assert bad.exit_code == 1
    for line in EXPECTED:
        assert line in bad.stderr.splitlines()
    assert "5 position(s) and 2 consultation file(s) checked: 4 error(s)" in bad.stderr
    report = json.loads(
        cli("--library", root, "check", "bad.yaml", "--json", "--today", "2020-01-01").stdout
    )
    assert report["errors"] == 4 and {p["file"] for p in report["problems"]} == {"bad.yaml"}


def test_check_of_consultation_files_counts_the_librarys_warnings_in_one_line(cli, tmp_path):
    """A new user's `check MY-FILE.yaml` printed 84 warnings about bundled positions, which an
    officer cannot edit, above the one line about their file."""
    root = _library(tmp_path)
    shutil.copy(FIXTURES / "consultation.yaml", tmp_path / "good.yaml")
    (tmp_path / "bad.yaml").write_text(FOUR_MISTAKES, encoding="utf-8")
    late = ("--today", "2040-01-01")  # every position of the library past its review date
    whole = cli("--library", root, "check", *late).stderr.splitlines()
    overdue = [line for line in whole if "was due for review" in line]
    assert len(overdue) > 1
    mine = cli("--library", root, "check", "good.yaml", "bad.yaml", *late).stderr.splitlines()
    assert not [line for line in mine if "was due for review" in line]
    assert (
        f"{len(overdue)} warning(s) in the library: 'lga-draft check' with no file lists them"
        in mine
    )
    for line in EXPECTED:  # the files' own problems, every one
        assert line in mine
    # --strict is strict about the files given: a clean file passes though the library warns
    strict = cli("--library", root, "check", "good.yaml", "--strict", *late)
    assert strict.exit_code == 0, strict.stderr
    assert cli("--library", root, "check", "--strict", *late).exit_code == 1


def test_check_names_a_default_template_that_does_not_exist(cli, tmp_path):
    root = _library(tmp_path)
    settings = root / "library.yaml"
    settings.write_text(
        settings.read_text().replace("template: consultation-response", "template: nonexistent")
    )
    line = next(
        n for n, text in enumerate(settings.read_text().splitlines(), 1) if "nonexistent" in text
    )
    result = cli("--library", root, "check", "--today", "2020-01-01")
    assert result.exit_code == 1
    assert (
        f"lib/library.yaml:{line}: defaults.template: no template named 'nonexistent' "
        "(available: briefing, consultation-response, offer-and-ask, position-statement, press-release)"
    ) in result.stderr.splitlines()


def test_tags_yaml_problems_carry_their_line(cli, tmp_path):
    root = _library(tmp_path)
    tags = yaml.safe_load((root / "tags.yaml").read_text())
    tags["prevention"]["broader"] = ["health", "nowhere"]
    tags["care-funding"]["aliases"] = ["care money", "PH"]
    tags["health"]["broader"] = "prevention"
    (root / "tags.yaml").write_text(yaml.safe_dump(tags, sort_keys=False))
    lines = (root / "tags.yaml").read_text().splitlines()

    def line_of(text: str, after: str) -> int:
        start = lines.index(after)
        return next(n for n, t in enumerate(lines[start:], start + 1) if text in t)

    result = cli("--library", root, "check", "--json", "--today", "2020-01-01")
    found = {(p["line"], p["message"]) for p in json.loads(result.stdout)["problems"]}
    assert (
        line_of("nowhere", "prevention:"),
        "tag 'prevention': broader unknown tag 'nowhere' (add it to tags.yaml)",
    ) in found
    assert (
        line_of("- PH", "health:"),
        "alias 'PH' of tag 'health' already stands for 'care-funding'",
    ) in found
    cycles = [line for line, message in found if "is broader than itself" in message]
    assert cycles and all(line is not None for line in cycles)
