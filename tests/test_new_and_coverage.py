"""`new` (questions -> consultation file -> draft), its review and its refusals; `coverage`."""

from __future__ import annotations

import json
import re

import pytest
from conftest import FIXTURES

from lga_draft.drafting.consultation import load_consultation

LIB = str(FIXTURES / "library")

QUESTIONS = """# Consultation on pooled budgets

Responses close on 1 March.

1. Should pooled budgets return to their original aims and fund integration?

2. How should prevention of ill health be put first?

3. How should potholes be repaired?
"""


@pytest.fixture
def questions(tmp_path):
    path = tmp_path / "pooled.md"
    path.write_text(QUESTIONS, encoding="utf-8")
    return path


def test_new_writes_a_consultation_beside_the_questions(cli, questions, tmp_path):
    result = cli("--library", LIB, "new", "--questions", questions, "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    target = tmp_path / "pooled.yaml"
    assert result.stderr.splitlines() == [
        "wrote pooled.yaml: 3 question(s), 2 position(s) suggested",
        # an officer told only "add some by hand" searched the library for what the file
        # already listed under the question, commented out
        "  no position suggested for question(s) 3: add some by hand (weaker matches are "
        "commented out under question(s) 3: uncomment one only if it is on the point)",
        "  fill in issued_by (who is consulting), or give --issued-by",
        "  next: prune the suggestions in pooled.yaml, then: "
        "lga-draft draft pooled.yaml -o pooled-response.docx",
    ]
    assert "Review the suggestions" not in result.output  # not a terminal: no prompt
    consultation, _ = load_consultation(target)
    assert consultation.title == "Consultation on pooled budgets"
    assert [q.number for q in consultation.questions] == ["1", "2", "3"]
    assert consultation.questions[0].positions == ["pooled-budgets-original-aims"]
    assert consultation.questions[1].positions == ["prevention-first"]
    assert consultation.questions[2].positions == []
    text = target.read_text(encoding="utf-8")
    # the score is the ranking's to choose; the reason names the tag and the words that matched
    reason = r"      - pooled-budgets-original-aims  # \d+\.\d: tags pooled-budgets; terms pooled, "
    assert re.search(reason, text)
    # ... and, where it is past its review date, since when: the officer prunes with that in view
    line = next(t for t in text.splitlines() if "- pooled-budgets-original-aims" in t)
    assert line.endswith("; review overdue since 2021-01-17")
    current = next(t for t in text.splitlines() if t.startswith("      - prevention-first"))
    assert "overdue" not in current
    assert "\n      # - " in text.split('number: "3"')[1]  # the weaker match the message names
    assert "#   Responses close on 1 March." in text  # guidance kept as a comment, not as our words
    assert "introduction" not in text


def test_new_takes_the_questions_file_as_draft_takes_its_file(cli, questions, tmp_path):
    """A newcomer's guess, `new FILE` as `draft FILE`, said "Missing option '--questions'"."""
    result = cli("--library", LIB, "new", questions, "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pooled.yaml").is_file()
    for args, said in [
        ([], "give the consultation's questions: lga-draft new QUESTIONS.txt"),
        ([questions, "-q", tmp_path / "other.txt"], "give the questions file once"),
    ]:
        result = cli("--library", LIB, "new", *args, "--force")
        assert result.exit_code == 2 and result.stderr.strip().startswith(said)


def test_new_says_what_to_do_next_as_a_command_that_runs(cli, tmp_path):
    """A newcomer ran the "next:" command as printed: it poured the Markdown onto the terminal,
    and it said nothing of pruning the suggestions first. Now it names a Word file beside the
    consultation, quoted where the folder or the name has a space."""
    import shlex

    folder = tmp_path / "Care papers"
    folder.mkdir()
    (folder / "Care questions.md").write_text(QUESTIONS, encoding="utf-8")
    result = cli(
        "--library", LIB, "new", "-q", "Care papers/Care questions.md", "--today", "2026-01-01"
    )
    assert result.exit_code == 0, result.output
    last = result.stderr.splitlines()[-1]
    assert last == (
        "  next: prune the suggestions in 'Care papers/Care questions.yaml', then: lga-draft draft "
        "'Care papers/Care questions.yaml' -o 'Care papers/Care questions-response.docx'"
    )
    command = shlex.split(last.split("then: ", 1)[1])
    assert command[0] == "lga-draft"
    drafted = cli("--library", LIB, *command[1:], "--today", "2026-01-01")
    assert drafted.exit_code == 0, drafted.output
    assert (folder / "Care questions-response.docx").stat().st_size > 0


def test_new_says_which_numbered_paragraphs_it_kept_as_text(cli, tmp_path):
    """Nothing silent: a numbered paragraph that asks nothing is the consultation's text, and the
    officer is told which, in case it was a question after all."""
    path = tmp_path / "q.txt"
    path.write_text(
        "1. The Government proposes a new duty on councils.\n"
        "2. The duty would start in April.\n"
        "3. Do you agree with the proposed duty?\n",
        encoding="utf-8",
    )
    result = cli("--library", LIB, "new", "--questions", path, "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert "numbered paragraph(s) 1, 2 ask nothing" in result.stderr
    assert "1 question(s)" in result.stderr


def test_new_says_it_took_points_that_ask_nothing_as_the_questions(cli, tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(
        "Spending\n\n1. Recent public spending on early years.\n\n"
        "Delivery\n\n2. Barriers to delivery.\n",
        encoding="utf-8",
    )
    result = cli("--library", LIB, "new", "--questions", path, "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert "2 question(s)" in result.stderr
    assert "q.txt has no numbered question: its 2 numbered point(s) were taken" in result.stderr


def test_new_writes_a_forms_choices_and_the_draft_asks_for_our_view(cli, tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(
        "Question 1. Do you agree with the proposals for the Better Care Fund?\n\n"
        "Agree – Neither agree nor disagree – Disagree\n",
        encoding="utf-8",
    )
    target = tmp_path / "c.yaml"
    result = cli("--library", LIB, "new", "--questions", path, "-o", target, "--yes")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert '    options: ["Agree", "Neither agree nor disagree", "Disagree"]' in text
    assert '    # view: "Agree"  # choose one of the options' in text
    assert "\n# closes: YYYY-MM-DD  # the closing date" in text  # one edit from a late warning
    drafted = cli("--library", LIB, "draft", target, "--today", "2026-01-01")
    assert drafted.exit_code == 0, drafted.output
    assert "[Our view: Agree / Neither agree nor disagree / Disagree: choose one]" in drafted.stdout
    chosen = tmp_path / "chosen.yaml"
    chosen.write_text(text.replace('# view: "Agree"', 'view: "Agree"'), encoding="utf-8")
    drafted = cli("--library", LIB, "draft", chosen, "--today", "2026-01-01")
    assert "**Our view: Agree.**" in drafted.stdout


def test_new_names_the_questions_about_the_respondent_it_left_out(cli, tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(
        "1. Should pooled budgets fund integration?\n\n2. Please tell us your name?\n",
        encoding="utf-8",
    )
    result = cli("--library", LIB, "new", "--questions", path, "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert "1 question(s)" in result.stderr
    assert "question(s) 2 ask about the respondent (name, email, postcode" in result.stderr
    written = (tmp_path / "q.yaml").read_text(encoding="utf-8")  # kept, as comments
    assert "# Left out: the form's questions about the respondent" in written
    assert "#   2. Please tell us your name?" in written


def test_new_takes_the_closing_date_the_document_gives_and_draft_warns_when_late(cli, tmp_path):
    """An officer's reading: "... submissions that respond to the following questions by 11
    December 2024" was kept only as a comment, and a draft made two years later said nothing."""
    path = tmp_path / "q.txt"
    path.write_text(
        "The Committee is accepting written evidence by 11 December 2024.\n\n"
        "1. How should pooled budgets fund integration?\n",
        encoding="utf-8",
    )
    target = tmp_path / "c.yaml"
    result = cli("--library", LIB, "new", "--questions", path, "-o", target, "--yes")
    assert result.exit_code == 0, result.output
    line = next(t for t in target.read_text(encoding="utf-8").splitlines() if "closes" in t)
    assert line == 'closes: 2024-12-11  # from the document: "evidence by 11 December 2024"'
    drafted = cli("--library", LIB, "draft", target, "--today", "2026-12-06", "-v")
    assert drafted.exit_code == 0, drafted.output
    assert "after the consultation closed on 2024-12-11" in drafted.stderr


def test_the_words_a_long_closing_date_came_from_keep_the_date(cli, tmp_path):
    """An officer's reading: GOV.UK's "This consultation will last 6 weeks from Wednesday 18
    December 2024 to Wednesday 29 January 2025." was quoted cut at 80 characters, "... to
    Wednesday 29 J", losing the date the comment is there to show."""
    path = tmp_path / "q.txt"
    path.write_text(
        "This consultation will last 6 weeks from Wednesday 18 December 2024 to Wednesday 29"
        " January 2025.\n\n1. Do you agree with the proposal?\n",
        encoding="utf-8",
    )
    target = tmp_path / "c.yaml"
    assert cli("--library", LIB, "new", "--questions", path, "-o", target, "--yes").exit_code == 0
    line = next(t for t in target.read_text(encoding="utf-8").splitlines() if "closes" in t)
    assert line.startswith("closes: 2025-01-29  # from the document: ")
    assert line.endswith(' to Wednesday 29 January 2025"') and len(line) <= 120


def test_a_weaker_match_uncommented_under_an_empty_positions_is_used(cli, tmp_path):
    """A new user uncommented a weaker match under `positions: []`, as the file invites, and got
    "invalid YAML: ... did not find expected key"."""
    path = tmp_path / "q.txt"
    path.write_text("1. How should councils pay for prevention and pooled budgets?\n", "utf-8")
    target = tmp_path / "c.yaml"
    assert cli("--library", LIB, "new", "--questions", path, "-o", target, "--yes").exit_code == 0
    text = target.read_text(encoding="utf-8")
    empty = re.sub(
        r"(?m)^    positions:\n(      - .*\n)+", "    positions:  # nothing matched\n", text
    )
    assert "    positions:  #" in empty
    chosen = re.sub(r"(?m)^(      )# - ", r"\1- ", empty, count=1)  # the first weaker match
    target.write_text(chosen, encoding="utf-8")
    result = cli("--library", LIB, "draft", target, "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert load_consultation(target)[0].questions[0].positions
    target.write_text(empty, encoding="utf-8")  # and left empty, it is valid too
    assert load_consultation(target)[0].questions[0].positions == []


def test_new_then_draft_works_at_once(cli, questions, tmp_path):
    made = cli(
        "--library",
        LIB,
        "new",
        "-q",
        questions,
        "-o",
        tmp_path / "c.yaml",
        "--title",
        "Pooled budgets",
        "--issued-by",
        "Department of Examples",
        "--template",
        "consultation-response",
    )
    assert made.exit_code == 0, made.output
    drafted = cli(
        "--library", LIB, "draft", tmp_path / "c.yaml", "--today", "2026-01-01", "--verbose"
    )
    assert drafted.exit_code == 0, drafted.output
    assert "### Question 1" in drafted.stdout
    assert "Return pooled budgets to their original aims" in drafted.stdout
    assert "Department of Examples" in drafted.stdout
    assert "warning: question 3: no position answers it" in drafted.stderr


def test_new_never_overwrites_without_force(cli, questions, tmp_path):
    target = tmp_path / "pooled.yaml"
    target.write_text("officer's work\n", encoding="utf-8")
    refused = cli("--library", LIB, "new", "-q", questions)
    assert refused.exit_code == 3
    assert refused.stderr.strip() == "pooled.yaml: already exists; use --force to overwrite it"
    assert target.read_text(encoding="utf-8") == "officer's work\n"
    forced = cli("--library", LIB, "new", "-q", questions, "--force")
    assert forced.exit_code == 0, forced.output
    assert "pooled-budgets-original-aims" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["pooled.pdf", "pooled.doc", "pooled.odt", "missing/pooled.txt"])
def test_a_document_new_cannot_read_is_named_before_the_file_it_would_replace(cli, tmp_path, name):
    """The consultation file from the .docx is there; the PDF of the same questions beside it is
    answered with what to do about the PDF, not "use --force" (which would only fail next)."""
    (tmp_path / "missing").mkdir()
    (tmp_path / "missing" / "pooled.yaml").write_text("officer's work\n", encoding="utf-8")
    (tmp_path / "pooled.yaml").write_text("officer's work\n", encoding="utf-8")
    if not name.startswith("missing"):
        (tmp_path / name).write_bytes(b"%PDF-1.4 or the like")
    result = cli("--library", LIB, "new", name)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{name}: ") and "--force" not in line


def test_new_with_bad_input_writes_nothing(cli, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = cli("--library", LIB, "new", "-q", empty)
    assert result.exit_code == 1
    assert result.stderr.strip() == "empty.txt: is empty; nothing was written"
    assert not (tmp_path / "empty.yaml").exists()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    result = cli("--library", LIB, "new", "-q", broken)
    assert result.exit_code == 1
    assert result.stderr.strip() == "broken.docx: not a Word .docx document (not a zip archive)"
    assert "Traceback" not in result.output
    assert not (tmp_path / "broken.yaml").exists()


def test_new_unknown_template_is_refused_before_work(cli, questions, tmp_path):
    result = cli("--library", LIB, "new", "-q", questions, "--template", "memo")
    assert result.exit_code == 1
    assert result.stderr.startswith("--template: no template 'memo'; choose one of ")
    assert not (tmp_path / "pooled.yaml").exists()


def test_interactive_review_keeps_and_drops(cli, questions, tmp_path, monkeypatch):
    monkeypatch.setattr("lga_draft.cli.suggestions._interactive", lambda: True)
    # review? yes; question 1: keep pooled-budgets; question 2: drop prevention-first
    result = cli("--library", LIB, "new", "-q", questions, input="y\ny\nn\n")
    assert result.exit_code == 0, result.output
    assert "Question 1: Should pooled budgets return" in result.stderr
    assert re.search(
        r"use pooled-budgets-original-aims \(\d+\.\d: tags pooled-budgets;", result.stderr
    )
    # ... and since when it is past its review date, as the file says (a new user missed it)
    asked = " ".join(result.stderr.split())
    assert re.search(
        r"use pooled-budgets-original-aims \([^)]*review overdue since 2021-01-17", asked
    )
    assert "nothing in the library matched well enough" in result.stderr  # question 3
    consultation, _ = load_consultation(tmp_path / "pooled.yaml")
    assert consultation.questions[0].positions == ["pooled-budgets-original-aims"]
    assert consultation.questions[1].positions == []


def test_interactive_review_shows_titles_and_helps_on_question_mark(
    cli, questions, tmp_path, monkeypatch
):
    monkeypatch.setattr("lga_draft.cli.suggestions._interactive", lambda: True)
    # review? "?" then yes; question 1: "?", "maybe", then keep; question 2: drop
    result = cli("--library", LIB, "new", "-q", questions, input="?\ny\n?\nmaybe\ny\nn\n")
    assert result.exit_code == 0, result.output
    assert "  Return pooled budgets to their original aims\n" in result.stderr  # its title
    assert "Error: invalid input" not in result.stderr
    assert "y or Enter: review them; n: write them all as they are" in result.stderr
    assert result.stderr.count("y or Enter: keep it; n: leave it out; ?: this help") == 2
    assert "'maybe'? y or Enter: keep it" in result.stderr
    assert len(re.findall(r"use pooled-budgets-original-aims", result.stderr)) == 3  # asked again
    consultation, _ = load_consultation(tmp_path / "pooled.yaml")
    assert consultation.questions[0].positions == ["pooled-budgets-original-aims"]
    assert consultation.questions[1].positions == []


def test_interactive_review_ended_early_writes_nothing(cli, questions, tmp_path, monkeypatch):
    monkeypatch.setattr("lga_draft.cli.suggestions._interactive", lambda: True)
    for answers in ("", "y\ny\n"):  # end of input at the first prompt, and in question 2
        result = cli("--library", LIB, "new", "-q", questions, input=answers)
        assert result.exit_code == 130, result.output
        assert result.stderr.splitlines()[-1] == "review stopped: nothing was written"
        assert "Aborted" not in result.stderr
        assert not (tmp_path / "pooled.yaml").exists()
    (tmp_path / "pooled.yaml").write_text("kept: as it was\n", encoding="utf-8")
    result = cli("--library", LIB, "new", "-q", questions, "--force", input="y\n")
    assert result.exit_code == 130, result.output
    assert (tmp_path / "pooled.yaml").read_text(encoding="utf-8") == "kept: as it was\n"


def test_interactive_review_can_be_skipped(cli, questions, tmp_path, monkeypatch):
    monkeypatch.setattr("lga_draft.cli.suggestions._interactive", lambda: True)
    declined = cli("--library", LIB, "new", "-q", questions, input="n\n")
    assert declined.exit_code == 0, declined.output
    consultation, _ = load_consultation(tmp_path / "pooled.yaml")
    assert consultation.questions[1].positions == ["prevention-first"]
    yes = cli("--library", LIB, "new", "-q", questions, "--yes", "--force")
    assert yes.exit_code == 0 and "Review the suggestions" not in yes.output


def test_new_from_word(cli, tmp_path):
    from docx import Document

    doc = Document()
    doc.add_heading("Pooled budgets", level=1)
    doc.add_paragraph("Question 1: Should pooled budgets fund integration?")
    doc.save(tmp_path / "q.docx")
    result = cli("--library", LIB, "new", "-q", tmp_path / "q.docx", "--issued-by", "DoE")
    assert result.exit_code == 0, result.output
    consultation, _ = load_consultation(tmp_path / "q.yaml")
    assert consultation.title == "Pooled budgets" and consultation.issued_by == "DoE"
    assert consultation.questions[0].positions == ["pooled-budgets-original-aims"]


# ---- coverage


def _consultation(tmp_path, questions: list[dict], **extra) -> str:
    import yaml

    data = {"title": "T", "issued_by": "D", **extra, "questions": questions}
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


def test_coverage_scores_each_used_position_and_flags_weak_questions(cli, tmp_path):
    path = _consultation(
        tmp_path,
        [
            {
                "number": 1,
                "text": "Should pooled budgets return to their original aims?",
                "positions": ["pooled-budgets-original-aims"],
            },
            {"number": 2, "text": "What is your postcode?", "positions": ["prevention-first"]},
            {"number": 3, "text": "Anything else?"},
        ],
        tags="health",
    )
    result = cli("--library", LIB, "coverage", path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    strengths = [(q["number"], q["strength"]) for q in data["questions"]]
    assert strengths == [("1", "ok"), ("2", "weak"), ("3", "none")]
    assert data["weak"] == ["2", "3"]
    first = data["questions"][0]["positions"][0]
    assert first["id"] == "pooled-budgets-original-aims" and first["score"] > 3
    assert data["questions"][1]["positions"][0]["score"] == 0.0
    # tags: health selects pooled budgets (used) and prevention-first (used), nothing else unused
    assert data["unused"] == []


def test_coverage_lists_positions_on_the_topic_that_no_answer_uses(cli, tmp_path):
    path = _consultation(
        tmp_path,
        [
            {
                "number": 1,
                "text": "How should prevention of ill health be put first?",
                "positions": ["care-funding-gap"],
            },
        ],
        tags="pooled-budgets",
    )
    data = json.loads(cli("--library", LIB, "coverage", path, "--json").stdout)
    why = {u["id"]: u["why"] for u in data["unused"]}
    assert re.fullmatch(r"suggested for question 1 \(\d+\.\d\)", why.pop("prevention-first"))
    assert why == {
        "pooled-budgets-original-aims": "on the consultation's topic (pooled-budgets)",
    }


def test_coverage_table_makes_weak_questions_stand_out_and_strict_fails(cli, tmp_path):
    path = _consultation(
        tmp_path,
        [
            {
                "number": 1,
                "text": "Should pooled budgets return to their original aims?",
                "positions": ["pooled-budgets-original-aims"],
            },
            {"number": 2, "text": "What is your postcode?"},
        ],
    )
    result = cli("--library", LIB, "coverage", path)
    assert result.exit_code == 0, result.output
    assert "NONE" in result.stdout and "pooled-budgets-original-aims (" in result.stdout
    assert result.stderr.strip() == (
        "2 question(s): 1 weak or unanswered (no position on the question's point): question(s) 2"
    )
    strict = cli("--library", LIB, "coverage", path, "--strict")
    assert strict.exit_code == 1


def test_coverage_of_the_fixture_consultation_reuses_draft_selection(cli):
    result = cli("--library", LIB, "coverage", FIXTURES / "consultation.yaml", "--json")
    data = json.loads(result.stdout)
    used = {q["number"]: [p["id"] for p in q["positions"]] for q in data["questions"]}
    # the same positions, in the same order, as `draft` uses (tags, explicit ids, exclusions)
    assert used == {
        "1": ["care-funding-gap"],
        "2a": ["pooled-budgets-original-aims", "care-funding-gap"],
        "3": ["pooled-budgets-original-aims", "prevention-first"],
    }
    # named for 2a, care-funding-gap is set out there; question 1 points to it
    assert data["questions"][1]["positions"][1]["first"] is True
    assert data["questions"][0]["positions"][0]["first"] is False
    # ... and says where, as the draft does (an officer took "[again]" for a position used here)
    assert data["questions"][0]["positions"][0]["set_out_in"] == "2a"
    assert data["questions"][1]["positions"][1]["set_out_in"] is None
    table = cli("--library", LIB, "coverage", FIXTURES / "consultation.yaml").stdout
    assert "care-funding-gap" in table and "[set out in answer 2a]" in " ".join(table.split())


def test_coverage_bad_file(cli, tmp_path):
    result = cli("--library", LIB, "coverage", tmp_path / "missing.yaml")
    assert result.exit_code == 1
    assert result.stderr.strip() == "missing.yaml: no such file"


def test_coverage_calls_a_wrong_topic_match_weak_not_ok(cli, tmp_path):
    # care-funding-gap shares a word with the question ("funded"), but the question is about
    # prevention: the answer would be on another subject
    path = _consultation(
        tmp_path,
        [
            {
                "number": 1,
                "text": "How should the prevention of ill health be funded?",
                "positions": ["care-funding-gap"],
            },
        ],
    )
    data = json.loads(cli("--library", LIB, "coverage", path, "--json").stdout)
    (q,) = data["questions"]
    used = q["positions"][0]
    assert used["id"] == "care-funding-gap"
    assert used["on_point"] is False
    assert q["strength"] == "weak" and data["weak"] == ["1"]
    table = cli("--library", LIB, "coverage", path)
    assert "off the point" in " ".join(table.stdout.split())


# a position on the care funding gap, for the coverage tests below
GAP = {
    "id": "gap",
    "title": "The care funding gap",
    "tags": ["care-funding"],
    "lead": "The care funding gap leaves councils unable to meet care needs.",
}


def test_coverage_does_not_count_what_an_answer_neither_sets_out_nor_points_to(cli, tmp_path):
    """An officer's reading: the answer to question 1 printed only a position off its point (on
    digital platforms), while the one on its point was set out in question 2's answer and not
    pointed to (the answer was not thin); coverage called question 1 "ok" for it."""
    from conftest import make_library, position

    digital = " ".join(
        f"Digital platforms and shared records let teams in area {n} work from one record."
        for n in range(14)
    )
    lib = make_library(
        tmp_path / "lib",
        {
            "positions/gap.yaml": position(
                **GAP, body="The care funding gap grows each year as care needs rise."
            ),
            "positions/digital.yaml": position(
                id="digital", title="Digital platforms", tags=["health"], body=digital
            ),
        },
    )
    path = _consultation(
        tmp_path,
        [
            {
                "number": 1,
                "text": "How does the care funding gap affect councils?",
                "positions": ["gap", "digital"],
            },
            {"number": 2, "text": "How large is the care funding gap?", "positions": ["gap"]},
        ],
    )
    data = json.loads(cli("--library", lib, "coverage", path, "--json").stdout)
    q1 = data["questions"][0]
    assert q1["strength"] == "weak" and data["weak"] == ["1"]
    gap = next(u for u in q1["positions"] if u["id"] == "gap")
    assert gap["set_out_in"] == "2" and gap["on_point"] and not gap["pointed_to"]
    assert data["questions"][1]["strength"] == "ok"
    table = " ".join(cli("--library", lib, "coverage", path).stdout.split())
    assert "[set out in answer 2] [not pointed to]" in table


def test_coverage_says_a_named_position_that_fitted_no_answer_is_in_none(cli, tmp_path):
    """A new user's coverage table read "[set out in answer ?] [not pointed to]" for a position
    their question named but whose lead did not fit the question's 250 words: it was in no
    answer at all."""
    from conftest import make_library, position

    long_lead = ", ".join(f"care workers in area {n} need fair pay" for n in range(12)) + "."
    lib = make_library(
        tmp_path / "lib",
        {
            "positions/gap.yaml": position(**GAP),
            "positions/pay.yaml": position(
                id="pay", title="Care worker pay", tags=["care-funding"], lead=long_lead
            ),
        },
    )
    path = _consultation(
        tmp_path,
        [
            {
                "number": 1,
                "text": "How does the care funding gap affect care workers' pay?",
                "positions": ["gap", "pay"],
                "words": 20,
            },
        ],
    )
    data = json.loads(cli("--library", lib, "coverage", path, "--json").stdout)
    pay = next(u for u in data["questions"][0]["positions"] if u["id"] == "pay")
    assert pay["first"] is False and pay["set_out_in"] is None
    table = " ".join(cli("--library", lib, "coverage", path).stdout.split())
    assert "pay (" in table and "[in no answer: did not fit]" in table
    assert "?]" not in table and "[not pointed to]" not in table
