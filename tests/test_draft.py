"""Drafting: golden Markdown per template, the selection rules, the report, and output safety."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, build_tree

LIB = str(FIXTURES / "library")
CONSULTATION = str(FIXTURES / "consultation.yaml")
GOLDEN = Path(__file__).parent / "golden"
TEMPLATES = [
    "consultation-response",
    "briefing",
    "position-statement",
    "offer-and-ask",
    "press-release",
]


def draft(cli, *args: str):
    return cli("--library", LIB, "draft", *args, "--today", "2026-01-01")


@pytest.mark.parametrize("template", TEMPLATES)
def test_golden_markdown(cli, template):
    result = draft(cli, CONSULTATION, "--template", template)
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{template}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_answers_follow_the_consultations_numbering_and_text(cli):
    out = draft(cli, CONSULTATION).stdout
    assert [m for m in re.findall(r"^### Question (\S+)$", out, re.M)] == ["1", "2a", "3"]
    assert "> How should adult care be funded?" in out
    # Markdown in a question's text prints literally
    assert r"> What role for pooled budgets, and \[how\] should \*they\* change?" in out


def test_front_matter_is_pandoc_yaml(cli):
    import yaml

    out = draft(cli, CONSULTATION).stdout
    assert out.startswith("---\n")
    meta = yaml.safe_load(out.split("---\n")[1])
    assert meta["title"] == "Fixture consultation on care and health"
    assert meta["date"] == "2026-01-01"
    assert meta["lga-draft"]["positions"] == [  # in the order the answers set them out
        "pooled-budgets-original-aims",
        "care-funding-gap",
        "prevention-first",
    ]


def test_each_position_is_a_fenced_div_with_its_id(cli):
    out = draft(cli, CONSULTATION).stdout
    ids = re.findall(r'^::: \{\.position data-id="([^"]+)" data-version="[0-9a-f]{12}"', out, re.M)
    assert ids == ["pooled-budgets-original-aims", "care-funding-gap", "prevention-first"]
    assert out.count("\n:::\n") == 4  # and the placeholder's div
    assert out.count("::: {.placeholder}") == 1


def test_a_position_named_for_a_question_is_set_out_there_and_pointed_to_elsewhere(cli):
    out = draft(cli, CONSULTATION).stdout
    assert out.count("Short-term grants leave councils unable to plan.") == 1
    q1 = out.split("### Question 1")[1].split("### Question 2a")[0]
    q2a = out.split("### Question 2a")[1].split("### Question 3")[0]
    assert "Short-term grants" in q2a and "Short-term grants" not in q1
    # question 1 has nothing of its own: a placeholder to write, saying which answer may help
    assert (
        "[No standing position: draft this answer] "
        "[Our answer to question 2a (Close the care funding gap) may help.]" in q1
    )
    assert "We address this" not in q1


def test_only_approved_by_default_and_never_retired(cli):
    out = draft(cli, "--tags", "care,prevention", "--title", "Care").stdout
    assert "care-workforce-draft" not in out and "old-prevention" not in out
    wider = draft(
        cli, "--tags", "care,prevention", "--title", "Care", "--include-draft", "--verbose"
    )
    assert 'data-id="care-workforce-draft"' in wider.stdout
    assert "old-prevention" not in wider.stdout
    assert "position 'care-workforce-draft' is a draft, not yet approved" in wider.stderr


def test_superseded_evidence_never_appears(cli):
    out = draft(cli, CONSULTATION).stdout
    assert "fixture figure B" in out and "fixture figure A" not in out


def test_asks_are_gathered_and_sources_listed(cli):
    out = draft(cli, CONSULTATION).stdout
    asks = out.split("## Summary of our asks")[1].split("## Sources")[0]
    # each once, in the order of the answers; no timeframes: no question asks about timing
    assert "1. Provide multi-year funding for adult care.\n" in asks
    assert "3. Restore the public health grant." in asks
    assert (
        "- *Fixture response 2024*, Testshire County Council, 1 June 2024: Section one; Section two."
        in out
    )
    # the note names the source briefly (no short title here: the title); the list names it in full
    assert "[^care-funding-gap]: Fixture response 2024, June 2024: Section one." in out


def test_drafting_report_on_stderr(cli):
    quiet = draft(cli, CONSULTATION)
    assert (
        "3 position(s) used, 2 warning(s): 1 answer(s) to write, "
        "1 position(s) past their review date (--verbose lists them)" in quiet.stderr
    )
    result = draft(cli, CONSULTATION, "--verbose")
    assert "3 position(s) used, 2 warning(s)" in result.stderr
    assert "warning: question 1: no position is set out in its answer" in result.stderr
    assert (
        "warning: position 'pooled-budgets-original-aims' was due for review by 2021-01-17"
        in result.stderr
    )
    assert "warning" not in result.stdout


def test_old_figures_are_reported(cli):
    result = cli("--library", LIB, "draft", CONSULTATION, "--today", "2027-01-01", "-v")
    assert (
        "figure 'fixture figure B' in 'care-funding-gap' is as of 2024-06, older than 24 months"
        in result.stderr
    )


def test_question_with_nothing_selected_is_reported(cli, tmp_path):
    path = (
        build_tree(
            tmp_path,
            {
                "c.yaml": {
                    "title": "T",
                    "issued_by": "D",
                    "questions": [{"number": 1, "text": "Anything?"}],
                }
            },
        )
        / "c.yaml"
    )
    result = draft(cli, path, "-v")
    assert result.exit_code == 0
    assert "warning: question 1: no position answers it" in result.stderr


def test_a_point_of_a_list_is_quoted_without_what_joined_it_to_the_next(cli, tmp_path):
    """An officer's reading (Public Accounts Committee, supporting local economic growth, 2022):
    the draft quoted "whether current plans ... apply lessons learned from previous programmes;
    and" under its own heading, a sentence cut off. The file keeps the points as published."""
    points = [
        "whether the government knows what has worked;",
        "whether its plans apply past lessons, in towns; and",
        "whether it monitors its funds, and",
        "whether it evaluates them; and how.",
    ]
    questions = [{"number": n, "text": t} for n, t in enumerate(points, 1)]
    path = build_tree(
        tmp_path, {"c.yaml": {"title": "T", "issued_by": "D", "questions": questions}}
    )
    result = draft(cli, path / "c.yaml")
    assert result.exit_code == 0
    quoted = [line[2:] for line in result.stdout.splitlines() if line.startswith("> ")]
    assert quoted == [
        "whether the government knows what has worked",
        "whether its plans apply past lessons, in towns",
        "whether it monitors its funds",
        "whether it evaluates them; and how.",
    ]
    portal = draft(cli, path / "c.yaml", "--format", "portal")
    assert "apply past lessons, in towns\n" in portal.stdout and "; and\n" not in portal.stdout


def test_strict_turns_warnings_into_errors_and_writes_nothing(cli, tmp_path):
    out = tmp_path / "out.md"
    result = draft(cli, CONSULTATION, "--strict", "-o", out)
    assert result.exit_code == 1
    assert "--strict: nothing written" in result.stderr
    assert not out.exists()


def test_output_file_written_and_not_overwritten_without_force(cli, tmp_path):
    out = tmp_path / "response.md"
    first = draft(cli, CONSULTATION, "-o", out)
    assert first.exit_code == 0, first.output
    assert out.read_text(encoding="utf-8").startswith("---\n")
    out.write_text("officer's edits", encoding="utf-8")
    again = draft(cli, CONSULTATION, "-o", out)
    assert again.exit_code == 3
    assert again.stderr.strip().endswith("response.md: already exists; use --force to overwrite it")
    assert out.read_text(encoding="utf-8") == "officer's edits"
    forced = draft(cli, CONSULTATION, "-o", out, "--force")
    assert forced.exit_code == 0 and out.read_text(encoding="utf-8").startswith("---\n")


def test_output_into_missing_folder(cli, tmp_path):
    result = draft(cli, CONSULTATION, "-o", tmp_path / "nope" / "r.md")
    assert result.exit_code == 3
    assert "the folder 'nope' does not exist" in result.stderr


def test_output_file_open_in_libreoffice_is_refused(cli, tmp_path):
    (tmp_path / ".~lock.r.md#").write_text("lock")
    result = draft(cli, CONSULTATION, "-o", tmp_path / "r.md")
    assert result.exit_code == 3 and "is open in another program" in result.stderr


def test_several_consultations_into_a_folder(cli, tmp_path):
    other = (
        build_tree(
            tmp_path,
            {
                "second.yaml": {
                    "title": "Second",
                    "issued_by": "D",
                    "questions": [{"number": 1, "text": "Q?", "tags": "care"}],
                }
            },
        )
        / "second.yaml"
    )
    outdir = tmp_path / "drafts"
    outdir.mkdir()
    result = draft(cli, CONSULTATION, other, "-o", outdir)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in outdir.iterdir()) == ["consultation.md", "second.md"]
    assert "wrote 2 draft(s)" in result.stderr


def test_several_consultations_need_a_folder(cli):
    result = draft(cli, CONSULTATION, FIXTURES / "consultation.yaml")
    assert result.exit_code == 2
    assert "several consultations need -o FOLDER" in result.stderr


def test_one_bad_file_in_a_batch_writes_nothing(cli, tmp_path):
    bad = build_tree(tmp_path, {"bad.yaml": "title: [\n"}) / "bad.yaml"
    outdir = tmp_path / "drafts"
    outdir.mkdir()
    result = draft(cli, CONSULTATION, bad, "-o", outdir)
    assert result.exit_code == 1
    assert list(outdir.iterdir()) == []


def test_hostile_text_comes_out_literally(cli, tmp_path):
    root = tmp_path / "lib"
    import shutil

    shutil.copytree(FIXTURES / "library", root)
    p = root / "positions" / "health" / "prevention-first.yaml"
    p.write_text(
        p.read_text().replace(
            "Councils lead on the conditions that shape health.",
            "Councils lead. {{ ''.__class__ }} {% raw %}x{% endraw %}",
        )
    )
    c = (
        build_tree(
            tmp_path,
            {
                "c.yaml": {
                    "title": "T {{ 7*7 }}",
                    "issued_by": "D",
                    "questions": [
                        {
                            "number": 1,
                            "text": "{{ ''.__class__.__mro__ }}",
                            "tags": "prevention",
                            "opening": "{% for x in range(3) %}x{% endfor %}",
                        }
                    ],
                }
            },
        )
        / "c.yaml"
    )
    result = cli("--library", root, "draft", c, "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Councils lead. {{ ''.__class__ }} {% raw %}x{% endraw %}" in out
    assert "T {{ 7*7 }}" in out and "49" not in out
    assert "{% for x in range(3) %}x{% endfor %}" in out


def test_consultation_errors_name_file_and_line(cli, tmp_path):
    c = (
        build_tree(
            tmp_path, {"c.yaml": "title: T\nissued_by: D\nquestions:\n  - number: 1\n    txt: Q?\n"}
        )
        / "c.yaml"
    )
    result = draft(cli, c)
    assert result.exit_code == 1
    assert "c.yaml:5: question 1: unknown field 'txt' (did you mean 'text'?)" in result.stderr
    assert "c.yaml:4: question 1: missing required field 'text'" in result.stderr


@pytest.mark.parametrize(
    ("field", "written", "given"),
    [
        ("template", "briefng", ("--template", "briefing")),
        ("tags", "prevension", ("--tags", "care")),
    ],
)
def test_what_the_command_line_gives_instead_is_not_checked_in_the_file(
    cli, tmp_path, field, written, given
):
    """A reviewer's probe: a file's misspelt `template:` refused `draft --template briefing`,
    and its misspelt `tags:` refused `draft --tags care`: the options that replace them."""
    c = build_tree(tmp_path, {"c.yaml": {"title": "T", "issued_by": "D", field: written}})
    refused = draft(cli, str(c / "c.yaml"))
    assert refused.exit_code == 1 and f"c.yaml:3: {field}: " in refused.stderr
    replaced = draft(cli, str(c / "c.yaml"), *given)
    assert replaced.exit_code == 0, replaced.output


def test_unknown_tag_in_question(cli, tmp_path):
    c = (
        build_tree(
            tmp_path,
            {
                "c.yaml": {
                    "title": "T",
                    "issued_by": "D",
                    "questions": [{"number": 1, "text": "Q", "tags": "prevension"}],
                }
            },
        )
        / "c.yaml"
    )
    result = draft(cli, c)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "c.yaml:6: question 1: tag expression 'prevension': unknown tag 'prevension' (did you mean 'prevention'?)"
    )


def test_explicit_retired_or_draft_position(cli, tmp_path):
    c = (
        build_tree(
            tmp_path,
            {
                "c.yaml": {
                    "title": "T",
                    "issued_by": "D",
                    "questions": [{"number": 1, "text": "Q", "positions": ["old-prevention"]}],
                }
            },
        )
        / "c.yaml"
    )
    result = draft(cli, c)
    assert result.exit_code == 1
    # a new user adopting a harvest revision retired the original: the error names the revision
    assert result.stderr.strip() == (
        "c.yaml:7: question 1: position 'old-prevention' is retired and cannot be used; "
        "'prevention-first' supersedes it"
    )


def test_exclude_removes_positions(cli, tmp_path):
    c = (
        build_tree(
            tmp_path,
            {
                "c.yaml": {
                    "title": "T",
                    "issued_by": "D",
                    "questions": [
                        {"number": 1, "text": "Q", "tags": "care", "exclude": ["care-funding-gap"]}
                    ],
                }
            },
        )
        / "c.yaml"
    )
    out = draft(cli, c).stdout
    assert (
        'data-id="pooled-budgets-original-aims"' in out and 'data-id="care-funding-gap"' not in out
    )


def test_adhoc_draft_needs_tags(cli):
    result = cli("--library", LIB, "draft")
    assert result.exit_code == 2
    assert "give a consultation file, or --tags" in result.stderr


def test_docx_needs_an_output_file(cli):
    result = draft(cli, CONSULTATION, "--format", "docx")
    assert result.exit_code == 2 and "--format docx needs an output file" in result.stderr


def test_unknown_format(cli, tmp_path):
    result = draft(cli, CONSULTATION, "--format", "pdf", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2 and "--format: 'pdf' is not one of md, docx" in result.stderr


def test_include_draft_uses_a_revision_in_place_of_what_it_revises(cli, tmp_path):
    """`harvest --write` proposes `<id>-revision-<n>` (a draft that supersedes the position).
    With --include-draft a tag selection uses the revision where the position would stand, never
    both; without it, the approved position; a position named by id is used as named."""
    from conftest import make_library, position

    revision = position(
        id="p1-revision-1",
        status="draft",
        lead="The revised lead.",
        supersedes=["p1"],
        revision_of={"id": "p1", "signed_off_by": "Dana", "document": "d.docx"},
    )
    lib = make_library(
        tmp_path / "lib",
        {
            "positions/p1.yaml": position(lead="The approved lead."),
            "positions/p1-revision-1.yaml": revision,
            "positions/p2.yaml": position(id="p2", lead="Another lead."),
        },
    )

    def ids(*args: str) -> list[str]:
        result = cli("--library", str(lib), "draft", "--tags", "care", "--title", "T", *args)
        assert result.exit_code == 0, result.output
        return [line.split('"')[1] for line in result.stdout.splitlines() if "data-id=" in line]

    assert ids() == ["p1", "p2"]
    assert ids("--include-draft") == ["p1-revision-1", "p2"]

    named = build_tree(
        tmp_path,
        {
            "c.yaml": {
                "title": "T",
                "issued_by": "D",
                "questions": [{"number": 1, "text": "Q", "positions": ["p1"], "tags": "care"}],
            }
        },
    )
    result = cli("--library", str(lib), "draft", str(named / "c.yaml"), "--include-draft")
    assert result.exit_code == 0, result.output
    used = [line.split('"')[1] for line in result.stdout.splitlines() if "data-id=" in line]
    assert used == ["p1", "p2"]  # p1 as named; its revision stands for it, so not beside it
