"""`lga-draft learn`: answered/ records, what `check` says of them, and suggestions that learn."""

from __future__ import annotations

import shutil

import yaml
from conftest import FIXTURES, build_tree, make_library, position

from lga_draft.library.load import load_positions_only
from lga_draft.suggest.suggest import Suggester


def _library(tmp_path):
    root = tmp_path / "lib"
    shutil.copytree(FIXTURES / "library", root)
    return root


def test_learn_records_each_question_with_the_positions_it_settled_on(cli, tmp_path):
    root = _library(tmp_path)
    result = cli(
        "--library",
        str(root),
        "learn",
        str(FIXTURES / "consultation.yaml"),
        "--today",
        "2026-12-06",
    )
    assert result.exit_code == 0, result.output
    assert "wrote " in result.stderr and "3 question(s)" in result.stderr
    record = yaml.safe_load((root / "answered" / "consultation.yaml").read_text())
    assert record["consultation"] == "Fixture consultation on care and health"
    assert str(record["learned_on"]) == "2026-12-06"
    by_number = {q["number"]: q for q in record["questions"]}
    # named positions first, in the officer's order; then what the tags select
    assert by_number["2a"]["positions"] == ["pooled-budgets-original-aims", "care-funding-gap"]
    assert by_number["1"]["positions"] == ["care-funding-gap"]
    assert by_number["1"]["text"] == "How should adult care be funded?"
    # the record reads back clean
    check = cli("--library", str(root), "check", "--today", "2026-01-01")
    assert "answered" not in check.stderr


def test_two_consultations_in_files_of_one_name_keep_a_record_each(cli, tmp_path):
    """`new` names every consultation file questions.yaml: the second consultation's record was
    refused as 'already exists', and --force would have replaced the first one's."""
    root = _library(tmp_path)
    first = yaml.safe_load((FIXTURES / "consultation.yaml").read_text())
    for folder, title in (("one", first["title"]), ("two", "A later call for evidence")):
        build_tree(tmp_path / folder, {"questions.yaml": {**first, "title": title}})
    one = cli("--library", str(root), "learn", str(tmp_path / "one" / "questions.yaml"))
    assert one.exit_code == 0, one.output
    two = cli("--library", str(root), "learn", str(tmp_path / "two" / "questions.yaml"))
    assert two.exit_code == 0, two.output
    assert "answered/questions-a-later-call-for-evidence.yaml" in two.stderr
    titles = {
        p.name: yaml.safe_load(p.read_text())["consultation"]
        for p in (root / "answered").glob("*.yaml")
    }
    assert titles == {
        "questions.yaml": first["title"],
        "questions-a-later-call-for-evidence.yaml": "A later call for evidence",
    }
    # the same consultation again is the same record: refused without --force
    again = cli("--library", str(root), "learn", str(tmp_path / "two" / "questions.yaml"))
    assert again.exit_code == 3 and "already exists; use --force" in again.stderr


def test_learn_never_replaces_a_record_without_force_and_dry_run_writes_nothing(cli, tmp_path):
    root = _library(tmp_path)
    args = ("--library", str(root), "learn", str(FIXTURES / "consultation.yaml"))
    dry = cli(*args, "--dry-run")
    assert dry.exit_code == 0 and "questions:" in dry.stdout
    assert not (root / "answered").exists()
    assert cli(*args).exit_code == 0
    again = cli(*args)
    assert again.exit_code == 3 and "already exists; use --force" in again.stderr
    assert cli(*args, "--force").exit_code == 0


def test_learn_refuses_to_write_into_the_installed_package(cli, tmp_path, monkeypatch):
    """A new user's `lga-draft learn` with the bundled library wrote into site-packages, to be
    lost at the next install, and said "review and commit it with the library"."""
    import lga_draft.library.locate as locate

    package = tmp_path / "site-packages" / "lga_draft"
    shutil.copytree(FIXTURES / "library", package / "_bundled")
    monkeypatch.setattr(locate, "_PACKAGE", package)
    args = ("--library", str(package / "_bundled"), "learn", str(FIXTURES / "consultation.yaml"))
    result = cli(*args)
    assert result.exit_code == 1
    assert "the bundled library is inside the installed package" in result.stderr
    assert not (package / "_bundled" / "answered").exists()
    assert cli(*args, "--dry-run").exit_code == 0  # printing it is fine


def test_learn_refuses_a_consultation_naming_an_unknown_position(cli, tmp_path):
    root = _library(tmp_path)
    consultation = (
        build_tree(
            tmp_path,
            {
                "c.yaml": {
                    "title": "T",
                    "issued_by": "D",
                    "questions": [{"number": 1, "text": "Q?", "positions": ["no-such-position"]}],
                }
            },
        )
        / "c.yaml"
    )
    result = cli("--library", str(root), "learn", str(consultation))
    assert result.exit_code == 1
    assert "no-such-position" in result.stderr and "Traceback" not in result.output
    assert not (root / "answered").exists()


def test_check_reports_a_bad_record_and_a_vanished_position_with_file_and_line(cli, tmp_path):
    root = make_library(tmp_path / "lib")
    build_tree(
        root,
        {
            "answered/old.yaml": (
                "consultation: Old one\n"
                "learned_on: 2025-01-01\n"
                "questions:\n"
                "  - number: 1\n"
                "    text: Why?\n"
                "    positions: [p1, gone]\n"
            ),
            "answered/broken.yaml": "consultation: Broken\nlearned_on: not a date\nquestions: []\n",
        },
    )
    result = cli("--library", str(root), "check", "--today", "2026-01-01")
    lines = result.stderr.splitlines()
    assert any(
        line.startswith("lib/answered/old.yaml:6: warning: position 'gone'") for line in lines
    ), result.stderr
    assert any(line.startswith("lib/answered/broken.yaml:2:") for line in lines), result.stderr
    assert result.exit_code == 1  # the broken record is an error


def _wellbeing_library(tmp_path):
    positions = {
        "positions/loneliness.yaml": position(
            id="loneliness",
            title="Tackle loneliness in later life",
            lead="Isolation harms older people's health.",
            body="Councils fund befriending and day services that keep older people connected.",
        ),
        "positions/roads.yaml": position(
            id="roads",
            title="Fix the roads",
            lead="Potholes cost councils money.",
            body="Highways need a long-term settlement.",
        ),
    }
    return make_library(tmp_path / "lib", positions)


# the record of a green paper whose question 4 the loneliness position answered
WELLBEING_ANSWERED = {
    "consultation": "Advancing our health",
    "learned_on": "2025-01-01",
    "questions": [
        {
            "number": "4",
            "text": "How can we promote positive mental wellbeing?",
            "positions": ["loneliness"],
        }
    ],
}


def test_suggestions_learn_from_the_questions_a_position_answered(tmp_path):
    root = _wellbeing_library(tmp_path)
    new_question = "How can we all promote positive mental wellbeing in the community?"
    before = Suggester(load_positions_only(root)).rank(new_question)
    assert "loneliness" not in [s.position.id for s in before]  # no shared words
    build_tree(
        root,
        {"answered/prevention-green-paper.yaml": WELLBEING_ANSWERED},
    )
    library = load_positions_only(root)
    after = Suggester(library).rank(new_question)
    assert [s.position.id for s in after][:1] == ["loneliness"]
    assert after[0].answered == "How can we promote positive mental wellbeing?"
    assert 'answered before "How can we promote positive mental wellbeing?"' in after[0].why
    # measuring without what was learned gives the ranking before
    assert Suggester(library, learn=False).rank(new_question) == before


def test_a_draft_revision_answers_what_the_position_it_revises_answered(tmp_path):
    """`harvest --write --learn` records the approved position and proposes a draft revision of
    it: with --include-draft the revision stands in for it, and lost everything learned."""
    root = _wellbeing_library(tmp_path)
    revision = position(
        id="loneliness-revision-1",
        title="Tackle loneliness in later life",
        lead="Isolation harms older people's health.",
        body="Councils fund befriending that keeps older people connected.",
        status="draft",
        supersedes=["loneliness"],
    )
    build_tree(
        root,
        {
            "positions/loneliness-revision-1.yaml": revision,
            "answered/green-paper.yaml": WELLBEING_ANSWERED,
        },
    )
    question = "How can we all promote positive mental wellbeing in the community?"
    ranked = Suggester(load_positions_only(root), include_draft=True).rank(question)
    assert [s.position.id for s in ranked][:1] == ["loneliness-revision-1"]
    assert ranked[0].answered == "How can we promote positive mental wellbeing?"


def test_question_text_is_never_taken_as_search_syntax(tmp_path):
    root = _wellbeing_library(tmp_path)
    build_tree(
        root,
        {
            "answered/x.yaml": {
                "consultation": "X",
                "learned_on": "2025-01-01",
                "questions": [
                    {"number": 1, "text": "wellbeing NEAR loneliness", "positions": ["loneliness"]}
                ],
            }
        },
    )
    suggester = Suggester(load_positions_only(root))
    for text in ['"', 'NEAR(wellbeing loneliness) AND "x', "title: roads*", "^-+ OR NOT"]:
        suggester.rank(text)  # no error
    assert suggester.rank("wellbeing AND")[0].position.id == "loneliness"


def test_learning_from_a_signed_draft_records_what_survived_sign_off(cli, tmp_path):
    import docx

    root = _library(tmp_path)
    consultation = str(FIXTURES / "consultation.yaml")
    drafted = cli("--library", str(root), "draft", consultation, "--format", "docx", "-o", "d.docx")
    assert drafted.exit_code == 0, drafted.output
    # the signer deletes the whole care-funding-gap answer under question 1
    document = docx.Document("d.docx")
    for sdt in list(document.element.body.iter("{*}sdt")):
        tag = sdt.find(".//{*}tag")
        if tag is not None and "care-funding-gap" in tag.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", ""
        ):
            sdt.getparent().remove(sdt)
    document.save("signed.docx")
    result = cli(
        "--library", str(root), "learn", consultation, "--signed", "signed.docx", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    record = yaml.safe_load(result.stdout)
    by_number = {q["number"]: q["positions"] for q in record["questions"]}
    assert "1" not in by_number  # nothing left under question 1
    assert by_number["2a"] == ["pooled-budgets-original-aims"]
    assert by_number["3"] == ["prevention-first"]
    assert record["learned_from"] == "signed.docx"
    # harvest --learn writes the same record
    harvested = cli("--library", str(root), "harvest", "signed.docx", "--learn", consultation)
    assert harvested.exit_code == 0, harvested.output
    written = yaml.safe_load((root / "answered" / "consultation.yaml").read_text())
    assert {q["number"]: q["positions"] for q in written["questions"]} == by_number
    # again: harvest has no --force, so the refusal names the command that replaces the record
    # (a new user was told "use --force", which harvest refused as an unknown option)
    again = cli("--library", str(root), "harvest", "signed.docx", "--learn", consultation)
    assert again.exit_code == 3
    assert again.stderr.splitlines()[-1].endswith(
        "answered/consultation.yaml: already exists; to replace it, run 'lga-draft learn "
        f"{consultation} --signed signed.docx --force'"
    )


def test_a_past_question_sharing_only_common_words_is_not_a_like_question(tmp_path):
    body = "Health and care services depend on councils and the NHS working together."
    positions = {
        f"positions/{pid}.yaml": position(id=pid, title=title, lead=lead, body=body)
        for pid, title, lead in [
            ("technology", "Technology in health and care", "Digital tools need funding."),
            ("pay", "Pay care workers fairly", "Low pay drives recruitment problems."),
            ("discharge", "Hospital discharge", "Discharge needs community health and care."),
            ("grant", "Public health grant", "The grant for health and care prevention."),
        ]
    }
    root = make_library(tmp_path / "lib", positions)
    build_tree(
        root,
        {
            "answered/tech.yaml": {
                "consultation": "Technology",
                "learned_on": "2025-01-01",
                "questions": [
                    {
                        "number": "1",
                        "text": "How can technology improve health and care?",
                        "positions": ["technology"],
                    }
                ],
            }
        },
    )
    suggester = Suggester(load_positions_only(root))
    # shares "health" and "care" with the past question: common words, not a like question,
    # so the position that answered it is not suggested on that strength
    kept = suggester.suggest("How should health and care staffing change?")
    assert "technology" not in [s.position.id for s in kept]
    # shares "technology" as well: a like question
    kept = suggester.suggest("How should technology in health and care be funded?")
    by_id = {s.position.id: s for s in kept}
    assert by_id["technology"].answered == "How can technology improve health and care?"


def test_learn_records_a_position_retired_or_drafted_since_but_not_a_misspelt_one(cli, tmp_path):
    """learn checks the consultation as draft does, at its file and line, yet a settled
    consultation may name a position that is now retired, or was drafted with --include-draft."""
    root = _library(tmp_path)
    question = {"number": 1, "text": "Q?", "positions": ["old-prevention", "care-workforce-draft"]}
    tree = {"c.yaml": {"title": "T", "issued_by": "D", "questions": [question]}}
    consultation = build_tree(tmp_path, tree) / "c.yaml"
    result = cli("--library", str(root), "learn", str(consultation), "--dry-run")
    assert result.exit_code == 0, result.output
    learned = yaml.safe_load(result.stdout)["questions"][0]["positions"]
    assert learned == ["old-prevention", "care-workforce-draft"]


def test_learning_from_a_word_file_that_is_not_the_draft_names_it_and_says_what_to_give(
    cli, tmp_path
):
    """A Word file with only a picture (or any document not drafted from the consultation) said
    "no question of the consultation has a position to learn from", naming no file."""
    import docx

    root = _library(tmp_path)
    document = docx.Document()
    document.add_paragraph("Scanned signature page")
    document.save(str(tmp_path / "scan.docx"))
    consultation = shutil.copy(FIXTURES / "consultation.yaml", tmp_path / "c.yaml")
    result = cli("--library", root, "learn", consultation, "--signed", tmp_path / "scan.docx")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "scan.docx: no position set out under a question heading of c.yaml ('Question 1'); give "
        "the Word draft that 'lga-draft draft c.yaml --format docx' made and was signed off"
    ]
    assert not (root / "answered").exists()


def test_a_bad_today_is_the_command_lines_fault_not_the_consultations(cli, tmp_path):
    """learn said "c.yaml: --today: ..." and exit 1, as if the consultation file were wrong."""
    root = _library(tmp_path)
    consultation = shutil.copy(FIXTURES / "consultation.yaml", tmp_path / "c.yaml")
    result = cli("--library", root, "learn", consultation, "--today", "tomorrow", "--dry-run")
    assert (result.exit_code, result.stderr.strip()) == (
        2,
        "--today: 'tomorrow' is not a date as YYYY-MM-DD",
    )
