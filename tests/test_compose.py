"""Composition: where each position is set out, what each answer carries, within which limits."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, build_tree, make_library, position

from lga_draft.drafting.pieces import leans_on_ask
from lga_draft.drafting.prose import (
    NEAR_REPEAT,
    figure_sentence,
    form_chars,
    quoted,
    sentences,
    wants_timeframes,
)
from lga_draft.drafting.rank import rank_paragraphs

FUNDING = position(
    id="funding",
    title="Fund care properly",
    tags=["care-funding"],
    lead="Councils need long-term funding for adult care that matches demand.",
    body=(
        "Short-term grants leave councils unable to plan care funding. Funding that arrives late "
        "is funding that cannot be spent well.\n\n"
        "The care funding gap is £5 billion, and it grows every year that reform is put off.\n\n"
        "This is why reform of care funding cannot wait for another review of funding."
    ),
    asks=[
        {"text": "Provide multi-year funding settlements for care.", "timeframe": "quick to do"},
        {"text": "End reliance on council tax to fund care.", "timeframe": "longer term"},
    ],
    evidence=[
        {
            "id": "gap",
            "statement": "Care funding gap",
            "figure": "£5 billion",
            "period": "by 2025 (projection)",
            "as_of": "2024-01",
            "source": "doc",
        },
        {
            "id": "cut",
            "statement": "Real-terms cut to care funding since 2015/16",
            "figure": "27 per cent",
            "period": "since 2015/16",
            "as_of": "2024-01",
            "source": "doc",
        },
    ],
)
WORKFORCE = position(
    id="workforce",
    title="Pay care workers fairly",
    tags=["care"],
    lead="Care workers deserve pay that recognises their skill.",
    body=(
        "Low pay drives care workers out of the workforce, and recruitment cannot keep up.\n\n"
        "Parity of esteem with NHS staff would help recruitment and retention of care workers."
    ),
    asks=[{"text": "Fund a fair pay agreement for care workers.", "timeframe": "in the middle"}],
)


@pytest.fixture()
def lib(tmp_path: Path) -> Path:
    return make_library(
        tmp_path / "lib",
        {"positions/funding.yaml": FUNDING, "positions/workforce.yaml": WORKFORCE},
        **{"library.yaml": {"teams": {"team": "The team"}, "spokesperson": {"name": "Cllr Ada"}}},
    )


def consult(tmp_path: Path, questions: list[dict], **extra: object) -> Path:
    data = {"title": "T", "issued_by": "D", "questions": questions, **extra}
    return build_tree(tmp_path, {"c.yaml": data}) / "c.yaml"


def answers(markdown: str) -> dict[str, str]:
    parts = re.split(r"^### Question (\S+)$", markdown, flags=re.M)
    return {
        n: re.split(r"^## ", c, flags=re.M)[0]
        for n, c in zip(parts[1::2], parts[2::2], strict=True)
    }


def run(cli, lib: Path, *args: object) -> str:
    result = cli("--library", str(lib), "draft", *map(str, args), "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    return result.stdout


WORK_Q = {
    "number": 1,
    "text": "How should the care workforce be paid and recruited?",
    "tags": "care",
}
FUND_Q = {"number": 2, "text": "How should care funding be reformed?", "tags": "care"}


def test_a_position_is_set_out_where_it_fits_best_not_where_it_first_appears(cli, lib, tmp_path):
    out = answers(run(cli, lib, consult(tmp_path, [WORK_Q, FUND_Q])))
    # both questions select both positions; funding first appears under question 1
    assert FUNDING["lead"] in out["2"] and FUNDING["lead"] not in out["1"]
    assert WORKFORCE["lead"] in out["1"] and WORKFORCE["lead"] not in out["2"]


def test_a_position_best_for_several_questions_goes_where_it_is_most_on_the_point(
    cli, lib, tmp_path
):
    # funding is the only position for each question, so it is each one's best; the second
    # question is the one about what it says (grants, planning, reform)
    first = {"number": 1, "text": "What are the trends in care?", "positions": ["funding"]}
    second = {
        "number": 2,
        "text": "How should short-term care grants be reformed so councils can plan?",
        "positions": ["funding"],
    }
    out = answers(run(cli, lib, consult(tmp_path, [first, second])))
    assert FUNDING["lead"] in out["2"] and FUNDING["lead"] not in out["1"]
    # nothing of its own: a placeholder, with the answer that may help inside it
    assert (
        "[No standing position: draft this answer] "
        "[Our answer to question 2 (Fund care properly) may help.]" in out["1"]
    )
    assert "See also our answer" not in out["1"]


def test_a_position_two_answers_use_lends_each_the_paragraph_on_its_point(cli, lib, tmp_path):
    gap = {
        "number": 1,
        "text": "How large is the care funding gap, and how fast does it grow?",
        "positions": ["funding"],
    }
    grants = {
        "number": 2,
        "text": "How should short-term care grants be reformed so councils can plan?",
        "positions": ["funding"],
    }
    out = answers(run(cli, lib, consult(tmp_path, [gap, grants])))
    on_gap = "The care funding gap is £5 billion, and it grows every year that reform is put off."
    on_grants = "Short-term grants leave councils unable to plan care funding."
    assert on_gap in out["1"] and on_gap not in out["2"]
    assert on_grants in out["2"] and on_grants not in out["1"]
    # its lead and asks once, in the answer it is set out in; nothing said twice
    assert FUNDING["lead"] in out["2"] and FUNDING["lead"] not in out["1"]
    assert "We ask the Government to:" not in out["1"]
    assert "[No standing position" not in out["1"]
    # what is lent is not "left out": no margin note that the library holds more
    assert "data-more" not in out["1"] + out["2"]
    # its key message points to the answer that opens with its lead, not the one it lends to
    with_message = consult(tmp_path, [gap, grants], key_messages={"positions": ["funding"]})
    assert "(see our answer to question 2)." in run(cli, lib, with_message)
    # ... as `coverage` does for a third answer that uses it (a new user found coverage naming
    # the answer it lends a paragraph to, while the draft's key messages named its lead's)
    other = {"number": 3, "text": "What else?", "positions": ["funding"]}
    path = consult(tmp_path, [gap, grants, other])
    result = cli("--library", str(lib), "coverage", str(path), "--json")
    used = json.loads(result.stdout)["questions"][2]["positions"][0]
    assert (used["id"], used["set_out_in"]) == ("funding", "2")


def test_a_lent_paragraph_is_never_lost_when_the_answers_point_to_each_other(cli, tmp_path):
    gap = position(
        id="gap",
        title="The care funding gap",
        lead="The care funding gap is large and growing every year.",
        body=(
            "The care funding gap is five billion pounds, and it grows every year reform waits.\n\n"
            "Short-term grants leave councils unable to plan care funding, so grants should be "
            "reformed into settlements."
        ),
    )
    grants = position(
        id="grants",
        title="Reform short-term grants",
        lead="Short-term grants should be reformed into multi-year settlements.",
        body=(
            "Councils cannot plan when grants arrive late and last one year.\n\n"
            "Workforce shortages add to the care funding gap."
        ),
    )
    lib = make_library(
        tmp_path / "lib", {"positions/gap.yaml": gap, "positions/grants.yaml": grants}
    )
    both = ["gap", "grants"]
    questions = [
        {"number": 1, "text": "How large is the care funding gap, and how fast does it grow?"},
        {
            "number": 2,
            "text": "How should short-term care grants be reformed so councils can plan?",
        },
    ]
    out = run(cli, lib, consult(tmp_path, [{**q, "positions": list(both)} for q in questions]))
    for text in (gap["body"] + "\n\n" + grants["body"]).split("\n\n"):
        assert out.count(text) == 1, text


def _allotted(root: Path, funding: dict, texts: list[str]) -> dict:
    """What `allot` lends elsewhere of a position both questions use, set out under the second."""
    from lga_draft.drafting.place import allot
    from lga_draft.library.load import load_positions_only

    p = load_positions_only(make_library(root, {"positions/f.yaml": funding})).by_id["funding"]
    return allot(texts, [[p], [p]], [frozenset(), frozenset()], {"funding": 1})


def test_home_keeps_its_best_paragraph_and_the_one_it_leans_on(tmp_path):
    funding = position(
        id="funding",
        title="Fund care properly",
        lead="Councils need long-term funding for adult care.",
        body=(
            "The care funding gap is five billion pounds and grows every year.\n\n"
            "That gap means short-term grants leave councils unable to plan, so grants must be "
            "reformed."
        ),
    )
    texts = [
        "How large is the care funding gap, and how fast does it grow?",
        "How should short-term care grants be reformed so councils can plan?",
    ]
    # home (question 2) keeps its best paragraph, which leans on the first: neither is lent
    assert _allotted(tmp_path / "lib", funding, texts) == {}


def test_a_position_named_for_a_question_stays_there(cli, lib, tmp_path):
    named = {**WORK_Q, "positions": ["funding"]}
    out = answers(run(cli, lib, consult(tmp_path, [named, FUND_Q])))
    assert FUNDING["lead"] in out["1"] and FUNDING["lead"] not in out["2"]


def library_sentences() -> set[str]:
    text = " ".join([FUNDING["lead"], FUNDING["body"], WORKFORCE["lead"], WORKFORCE["body"]])
    return set(sentences(text))


@pytest.mark.parametrize("words", [20, 40, 60, 90])
def test_an_answer_keeps_to_its_word_budget_in_whole_sentences(cli, lib, tmp_path, words):
    path = consult(tmp_path, [WORK_Q, FUND_Q])
    data = json.loads(run(cli, lib, path, "--format", "json", "--words", words))
    whole = library_sentences()
    for q in data["questions"]:
        assert q["words"] <= words or q["words"] == len(FUNDING["lead"].split())
        prose = [b for b in q["answer"].split("\n\n") if not b.startswith("We ask")]
        prose = [b for b in prose if ": " not in b]  # figure sentences
        prose = [b for b in prose if not b.startswith("See also our answer")]
        for block in prose:
            for s in sentences(block):
                assert s in whole, s


def test_a_bigger_budget_carries_more(cli, lib, tmp_path):
    path = consult(tmp_path, [FUND_Q])
    small = json.loads(run(cli, lib, path, "-f", "json", "--words", 30))["questions"][0]
    large = json.loads(run(cli, lib, path, "-f", "json", "--words", 300))["questions"][0]
    assert small["words"] < large["words"]
    grows = "it grows every year that reform is put off"
    assert grows in large["answer"] and grows not in small["answer"]


@pytest.mark.parametrize("limit", [70, 120, 200, 350, 600])
def test_max_chars_is_never_exceeded(cli, lib, tmp_path, limit):
    path = consult(tmp_path, [{**FUND_Q, "max_chars": limit}])
    portal = run(cli, lib, path, "--format", "portal")
    q = json.loads(run(cli, lib, path, "--format", "json"))["questions"][0]
    # as the form receives it: each line break sent as CR LF (two characters)
    sent = q["answer"].replace("\n", "\r\n")
    assert q["characters"] == len(sent) <= limit
    assert f"[{q['characters']:,} of {limit:,} characters]" in portal
    assert q["answer"] in portal


def test_a_forms_count_takes_line_breaks_as_sent_and_emoji_as_a_browser_counts_them():
    assert form_chars("Councils need funding.") == 22
    assert form_chars("One.\n\nTwo.") == len("One.\r\n\r\nTwo.")  # 12, not 10
    assert form_chars("£3.1 billion – 40 per cent") == 26  # one each: in the BMP
    assert form_chars("Care 💙") == 7  # a browser's maxlength counts UTF-16 code units


def test_asks_take_at_most_a_quarter_of_a_forms_character_limit(cli, lib, tmp_path):
    """An officer's reading of an online form's answers: under a limit of 1,200 characters the
    asks took a third of the answer, since their share was counted against the 500 words a form
    without a limit allows, not against the characters this one does."""
    every = [a["text"] for a in FUNDING["asks"] + WORKFORCE["asks"]]
    limit = 460
    q = json.loads(
        run(cli, lib, consult(tmp_path, [{**FUND_Q, "max_chars": limit}]), "--format", "json")
    )
    listed = [
        line[2:] for line in q["questions"][0]["answer"].splitlines() if line.startswith("- ")
    ]
    assert listed and set(listed) < set(every)  # some, not all: all would pass the share
    assert sum(map(len, listed)) <= limit / 4 < sum(map(len, every))
    # without a limit in characters the share is of the words, and every ask is in
    free = json.loads(run(cli, lib, consult(tmp_path, [FUND_Q]), "--format", "json"))
    assert all(a in free["questions"][0]["answer"] for a in every)


def test_left_out_is_reported_and_noted_for_word(cli, lib, tmp_path):
    path = consult(tmp_path, [FUND_Q])
    quiet = cli("--library", str(lib), "draft", str(path), "--words", "40")
    assert "1 answer(s) left out what did not fit (--verbose lists it)" in quiet.stderr
    result = cli("--library", str(lib), "draft", str(path), "--words", "40", "--verbose")
    assert "note: question 2" in result.stderr and "left out for length" in result.stderr
    assert re.search(r'data-more="\d+ paragraphs?', result.stdout)


def test_figures_quoted_in_the_text_are_not_listed_and_periods_read_once(cli, lib, tmp_path):
    out = answers(run(cli, lib, consult(tmp_path, [FUND_Q]), "--words", 400))["2"]
    assert out.count("£5 billion") == 1  # in the paragraph, not again as a figure
    assert "27 per cent" in out and out.count("since 2015/16") == 1
    sentence = figure_sentence(
        type(
            "E",
            (),
            {"statement": "Gap", "figure": "£8 billion", "period": "in 2024/25 (projection)"},
        )
    )
    assert sentence == "Gap: **£8 billion** (in 2024/25, projection)."


@pytest.mark.parametrize(
    ("statement", "period", "reads"),
    [
        # "projected" and "(projection)": the period's word the statement says in another form
        ("Funding gap projected", "by 2024/25 (projection)", "(by 2024/25)."),
        ("Cut to the grant", "2015 to 2024, in real terms", "(2015 to 2024, in real terms)."),
        # its words said, but not its years: "in 2022/23 prices" is not said by "prices"
        ("Rise in prices", "2015 to 2024, in 2022/23 prices", "(2015 to 2024, in 2022/23 prices)."),
    ],
)
def test_a_period_says_nothing_its_statement_says_in_other_words(statement, period, reads):
    """An editor's reading: "Overall funding gap projected to face local government: £8 billion
    (by 2024/25, projection)." says twice that it is a projection."""
    e = type("E", (), {"statement": statement, "figure": "£8 billion", "period": period})()
    assert figure_sentence(e).endswith(reads)


@pytest.mark.parametrize(
    ("figure", "text", "found"),
    [
        ("1.2million", "so 1.2 million children live with it", True),  # the seed's spacing
        ("£3.1 billion", "a gap of £3.1billion", True),
        ("27 per cent", "a cut of 27 per cent since", True),
        ("27 per cent", "a cut of 24 per cent since", False),
        # spaces aside, but as a whole figure: not a word or number it begins or ends
        ("4 per cent", "a 4 percentage point rise", False),
        ("10 per cent", "demand at 110 per cent of", False),
        ("5 per cent", "a rise of 0.5 per cent", False),
        ("£1.2", "£1.25 billion", False),
        ("£1.2 billion", "a gap of £1.2 billion.", True),
        ("70%", "at 70%, the", True),
    ],
)
def test_a_figure_is_quoted_whatever_the_space_before_its_unit(figure, text, found):
    assert quoted(figure, text) is found


@pytest.mark.parametrize(
    ("period", "as_of", "reads"),
    [
        # counted back or on from the day it was measured, dated once: not "(the past six years,
        # as of January 2019)" nor "(in five years' time, as of January 2019)"
        ("the past six years", "2019-01", "(the six years to January 2019)."),
        ("in the last decade", "2019-01", "(in the decade to January 2019)."),
        ("over the next 25 years", "2024", "(over the 25 years from 2024)."),
        ("in five years' time", "2019-01", "(in five years' time from January 2019)."),
        # neither way plainly, or counted from a point of its own: "as of" says when
        ("over five years", "2019-01", "(over five years, as of January 2019)."),
        (
            "the two years following the plan",
            "2019-01",
            "(the two years following the plan, as of January 2019).",
        ),
        # "the next"/"the last" before no span of time: an event, not a period counted from then
        # (not "(by the spending review from January 2019)")
        (
            "by the next spending review",
            "2019-01",
            "(by the next spending review, as of January 2019).",
        ),
        ("the last Parliament", "2019-01", "(the last Parliament, as of January 2019)."),
        ("the past 12 months", "2019-01", "(the 12 months to January 2019)."),
        ("2015/16 to 2019/20", "2021-03", "(2015/16 to 2019/20)."),  # its years are its own
        # no period: none is made up, but the day it was measured is the library's own
        (None, "2019-01", "**80 per cent** (as of January 2019)."),
        ("England", "2019-01", "(England, as of January 2019)."),  # a place, not a time
        ("in 2024/25", "2019-01", "(in 2024/25)."),  # a year of its own: it says when
        # a year it counts from says when it began, not when it was measured ("27 per cent since
        # 2015/16" in a 2026 draft passed for the cut to date)
        ("since 2015/16", "2024-12", "(since 2015/16, as of December 2024)."),
        ("since July 2015", "2024-12", "(since July 2015, as of December 2024)."),
        ("July 2015 to 2024", "2024-12", "(July 2015 to 2024)."),
    ],
)
def test_a_figures_period_relative_to_its_day_says_when_it_was_measured(period, as_of, reads):
    """An officer's reading: "80 per cent (the past six years)" in a 2026 draft, for 2013 to 2019;
    and "Average share of CCG budgets spent on children's mental health: 0.9 per cent." with
    nothing to say it was 2019's."""
    e = type("E", (), {"statement": "Share", "figure": "80 per cent", "period": period})()
    e.as_of = as_of
    assert figure_sentence(e).endswith(reads)


def test_no_summary_of_asks_that_would_only_repeat_the_one_answer_that_asks(cli, lib, tmp_path):
    """An officer's reading of the Fair Funding Review 2.0 (2025): one of two questions answered,
    and "Summary of our asks" listed its six asks again, word for word, just below them."""
    unanswered = {"number": 2, "text": "Do you agree with the proposed approach?"}
    out = run(cli, lib, consult(tmp_path, [WORK_Q, unanswered]))
    assert "We ask the Government to:" in answers(out)["1"]
    assert "## Summary of our asks" not in out
    # asks gathered from two answers are summarised, once each
    both = run(cli, lib, consult(tmp_path, [WORK_Q, FUND_Q]))
    assert "## Summary of our asks" in both


def test_timeframes_only_where_a_question_asks_about_timing(cli, lib, tmp_path):
    timing = {
        "number": 3,
        "text": "What timeframe would you expect for funding reform?",
        "tags": "care-funding",
    }
    out = run(cli, lib, consult(tmp_path, [WORK_Q, timing]))
    a = answers(out)
    assert "*Quick to do:*" in a["3"]  # two asks, two timeframes: grouped by them
    assert "in the middle" not in a["1"].lower()
    everywhere = run(cli, lib, consult(tmp_path, [WORK_Q, FUND_Q], timeframes=True))
    assert "*(in the middle)*" in answers(everywhere)["1"]


def test_the_summary_lists_each_ask_once_in_answer_order(cli, lib, tmp_path):
    out = run(cli, lib, consult(tmp_path, [WORK_Q, FUND_Q]))
    summary = out.split("## Summary of our asks")[1].split("## Sources")[0]
    items = re.findall(r"^\d+\. (.+)$", summary, flags=re.M)
    assert len(items) == len(set(items)) == 3
    assert items[0] == "Fund a fair pay agreement for care workers."


def test_a_question_nothing_answers_gets_a_placeholder_and_a_report_line(cli, lib, tmp_path):
    path = consult(tmp_path, [{"number": 1, "text": "What is your name?"}, FUND_Q])
    result = cli("--library", str(lib), "draft", str(path), "--verbose")
    assert "[No standing position: draft this answer]" in answers(result.stdout)["1"]
    assert "warning: question 1: no position answers it" in result.stderr


def test_a_press_release_without_a_quote_never_assembles_one(cli, lib, tmp_path):
    out = run(cli, lib, consult(tmp_path, [FUND_Q]), "--template", "press-release")
    assert "[Quotation from Cllr Ada to be agreed]" in out
    said = out.split("said:")[1]
    assert FUNDING["lead"] not in said and WORKFORCE["lead"] not in said


def test_format_from_the_output_files_extension(cli, lib, tmp_path):
    path = consult(tmp_path, [WORK_Q, FUND_Q])
    for name in ("a.txt", "a.json"):
        result = cli("--library", str(lib), "draft", str(path), "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
    text = (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert text.startswith("T\n") and "Question 1\nHow should the care workforce" in text
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert [q["number"] for q in data["questions"]] == ["1", "2"]


def test_asks_to_a_select_committee_go_through_it_to_the_government(cli, lib, tmp_path):
    """A committee makes recommendations; it is not asked to act. In every output, and counted in
    a form's limit with the words printed."""
    to_committee = consult(tmp_path, [FUND_Q], issued_by="Health and Social Care Committee")
    out = run(cli, lib, to_committee)
    assert "We ask the Committee to recommend that the Government:" in answers(out)["2"]
    assert "We ask the Government to:" not in out
    data = json.loads(run(cli, lib, to_committee, "--format", "json"))
    answer = data["questions"][0]["answer"]
    assert "We ask the Committee to recommend that the Government:" in answer
    assert data["questions"][0]["characters"] == len(answer.replace("\n", "\r\n"))
    department = run(cli, lib, consult(tmp_path, [FUND_Q], issued_by="Department of Health"))
    assert "We ask the Government to:" in answers(department)["2"]


def test_an_ask_its_lead_already_makes_is_in_the_summary_not_the_answer(cli, tmp_path):
    """An officer's reading: "We want a Local Government Centre for Digital ..." then "Establish a
    Local Government Centre for Digital." under it, then again in the summary: said three times."""
    centre = position(
        id="centre",
        title="A centre for digital",
        tags=["care"],
        lead="We want a Local Government Centre for Digital to help councils share what works.",
        body="Councils could solve together the problems none can solve alone.",
        asks=[
            "Establish a Local Government Centre for Digital.",
            "Fund the centre for five years.",
        ],
    )
    library = make_library(tmp_path / "lib", {"positions/centre.yaml": centre})
    question = {
        "number": 1,
        "text": "How could councils share digital work?",
        "positions": ["centre"],
    }
    out = run(cli, library, consult(tmp_path, [question]))
    answer = answers(out)["1"]
    assert "- Fund the centre for five years." in answer  # says more than the lead: asked here
    assert "Establish a Local Government Centre for Digital." not in answer
    summary = out.split("## Summary of our asks")[1]
    assert "Establish a Local Government Centre for Digital." in summary
    assert "Fund the centre for five years." in summary


def _grant(asks: list[str]) -> dict:
    return position(
        id="grant",
        title="Restore the prevention grant",
        tags=["care"],
        lead="Cuts to the prevention grant are hurting councils, and the grant must be restored.",
        body="Councils pay for the services that stop ill health before it starts.",
        asks=asks,
    )


RESTORE = "Restore the prevention grant to its real-terms level of 2015/16."
FURTHER = "Invest further in prevention beyond the grant itself."


@pytest.mark.parametrize("asks", [[RESTORE, FURTHER], [RESTORE, "Fund it for ten years."]])
def test_an_ask_that_builds_on_one_its_lead_makes_is_printed_after_it(cli, tmp_path, asks):
    """A reader's finding (Change NHS, question 4): "Invest further in public health and prevention
    beyond the grant itself" was printed, and "Restore the grant", which its lead makes, went to
    the summary alone: further than what? An ask that builds on an earlier one of its position
    ("further", "itself", "Fund it") is printed after it, here and in the summary."""
    library = make_library(tmp_path / "lib", {"positions/grant.yaml": _grant(asks)})
    question = {"number": 1, "text": "How should prevention be funded?", "positions": ["grant"]}
    out = run(cli, library, consult(tmp_path, [question]))
    answer = answers(out)["1"]
    assert f"- {asks[0]}\n- {asks[1]}" in answer
    summary = out.split("## Summary of our asks")[1] if "## Summary" in out else ""
    assert asks[1] not in summary or summary.index(asks[0]) < summary.index(asks[1])


@pytest.mark.parametrize(
    "ask",
    [
        "Fund further education colleges to train care workers.",
        "Ensure the NHS itself pays its share of the costs.",
        "Keep it simple for residents to apply.",
        "Extend this scheme to all councils.",
    ],
)
def test_an_ask_that_only_looks_as_if_it_builds_on_another_stands_alone(ask):
    """A second reader's finding: "further education", "the NHS itself", "keep it simple" and
    "this scheme" do not lean on an earlier ask of the position."""
    assert not leans_on_ask(ask)
    assert leans_on_ask(FURTHER) and leans_on_ask("Fund it for ten years.")


def test_an_ask_that_builds_on_one_not_printed_is_not_printed_either():
    """Where the ask it builds on is left out of the answer (its point made above it, or no room),
    it goes to the summary with it, not printed alone; printed first by relevance, it follows."""
    from types import SimpleNamespace

    from lga_draft.drafting.pieces import after_antecedents
    from lga_draft.drafting.prose import AnswerAsk

    def P() -> SimpleNamespace:  # a position as after_antecedents reads it: its asks
        return SimpleNamespace(asks=[SimpleNamespace(text=t) for t in (RESTORE, FURTHER)])

    restore, further = AnswerAsk(RESTORE, None, "grant"), AnswerAsk(FURTHER, None, "grant")
    other = AnswerAsk("Publish the data.", None, "other")
    assert after_antecedents([further, other], {"grant": P()}) == ([other], [further])
    assert after_antecedents([further, other, restore], {"grant": P()}) == (
        [other, restore, further],
        [],
    )


def test_an_ask_its_lead_makes_stays_beside_its_positions_asks_in_the_summary(cli, tmp_path):
    """A reader's finding (Change NHS): the two asks on working-age adults were items 5 and 7 of
    the summary, with another position's between them, and read as one ask made twice: the one
    its lead makes came after every ask the answer printed. It goes beside its position's."""
    centre = position(
        id="centre",
        title="A centre for digital",
        tags=["care"],
        lead="We want a Local Government Centre for Digital to help councils share what works.",
        body="Councils could solve together the problems none can solve alone.",
        asks=[
            "Publish a digital skills plan for councils.",
            "Establish a Local Government Centre for Digital.",
        ],
    )
    rural = position(
        id="rural",
        title="Rural connections",
        tags=["care"],
        lead="Rural areas lag behind on connections.",
        body="Villages wait longest for fibre.",
        asks=["Fund fibre broadband for villages, so that rural councils can go digital."],
    )
    library = make_library(
        tmp_path / "lib", {"positions/centre.yaml": centre, "positions/rural.yaml": rural}
    )
    question = {
        "number": 1,
        "text": "Should councils publish a digital skills plan?",
        "positions": ["centre", "rural"],
    }
    out = run(cli, library, consult(tmp_path, [question]))
    answer = answers(out)["1"]
    assert answer.index("- Publish a digital") < answer.index("- Fund fibre")  # printed so
    assert "Establish a Local" not in answer
    summary = out.split("## Summary of our asks")[1]
    assert summary.index("Publish a digital") < summary.index("Establish a Local")
    assert summary.index("Establish a Local") < summary.index("Fund fibre")


def test_an_ask_its_lead_makes_in_other_words_is_in_the_summary_not_the_answer(cli, tmp_path):
    """The library's asks restate their leads with a word or two more ("... near schools and
    parks"): printed under the bold lead, the answer said it twice."""
    ads = position(
        id="ads",
        title="Junk food advertising",
        tags=["care"],
        lead="Government should give councils the power to ban junk food adverts near schools.",
        body="Children see these adverts on the way to school every day.",
        asks=["Give councils powers to ban adverts for junk food near schools and parks."],
    )
    library = make_library(tmp_path / "lib", {"positions/ads.yaml": ads})
    question = {"number": 1, "text": "How should junk food advertising be limited?"}
    out = run(cli, library, consult(tmp_path, [{**question, "positions": ["ads"]}]))
    assert "and parks" not in answers(out)["1"]
    summary = out.split("## Summary of our asks")[1]
    assert "Give councils powers to ban adverts for junk food near schools and parks." in summary


CO_PRODUCE = (
    "Commit to co-producing and co-commissioning care and support with the people who use it, "
    "and to wider use of personal budgets and direct payments."
)


def _budgets(**fields: object) -> dict:
    """A position whose paragraph makes its first ask (CO_PRODUCE) in other words."""
    return position(
        id="budgets",
        title="Personal budgets",
        tags=["care"],
        lead="Care should give people choice and control over the support they get.",
        body="Personalisation is well established in adult social care. The NHS should go "
        "further, with commitments to co-produce and co-commission care and support and to "
        "extend personal budgets and direct payments.",
        **fields,
    )


def test_an_ask_its_own_paragraph_makes_is_in_the_summary_not_the_answer(cli, tmp_path):
    """An officer's reading (Women's Health Strategy call for evidence, 2021): the paragraph said
    "They should also go further, with commitments to co-produce and co-commission care ...
    and to extend personal budgets", and the asks under it "Commit to co-producing and
    co-commissioning care ... and to wider use of personal budgets": one point twice."""
    budgets = _budgets(
        asks=[CO_PRODUCE, "Publish how many people hold a personal health budget each year."]
    )
    library = make_library(tmp_path / "lib", {"positions/budgets.yaml": budgets})
    question = {"number": 1, "text": "How can care be personalised?", "positions": ["budgets"]}
    out = run(cli, library, consult(tmp_path, [question]))
    answer = answers(out)["1"]
    assert "extend personal budgets and direct payments." in answer  # the paragraph, printed
    assert "Commit to co-producing" not in answer
    assert "- Publish how many people hold a personal health budget each year." in answer
    summary = out.split("## Summary of our asks")[1]
    assert "Commit to co-producing and co-commissioning care and support" in summary
    assert "Publish how many people hold a personal health budget each year." in summary


def test_the_words_of_an_ask_left_to_the_summary_take_a_figure_that_did_not_fit(cli, tmp_path):
    """An officer's reading of Change NHS: when a paragraph that made an ask fitted, the ask went
    to the summary, but its words were counted until the end, so the answer lost a figure that a
    shorter answer, with the ask under it, had printed (the projected rise in people aged 65+)."""
    budgets = _budgets(
        asks=[CO_PRODUCE],
        evidence=[
            {
                "id": "holders",
                "statement": "People in England holding a personal health budget, which lets "
                "them choose and arrange the care and support they need",
                "figure": "200,000",
                "period": "2023/24",
                "as_of": "2024-01",
                "source": "doc",
            },
            {
                "id": "payments",
                "statement": "Adults drawing on long-term social care support who receive it, "
                "in whole or in part, as direct payments they arrange themselves",
                "figure": "one in four",
                "period": "2023/24",
                "as_of": "2024-01",
                "source": "doc",
            },
        ],
    )
    library = make_library(tmp_path / "lib", {"positions/budgets.yaml": budgets})
    question = {"number": 1, "text": "How can care be personalised?", "positions": ["budgets"]}
    shorter = answers(run(cli, library, consult(tmp_path, [{**question, "words": 93}])))["1"]
    assert "- Commit to co-producing" in shorter and "**one in four**" in shorter
    out = run(cli, library, consult(tmp_path, [{**question, "words": 100}]))
    answer = answers(out)["1"]
    assert "extend personal budgets and direct payments." in answer  # the paragraph, printed
    assert "Commit to co-producing" not in answer  # its ask, in the summary
    assert "Commit to co-producing" in out.split("## Summary of our asks")[1]
    assert "**200,000**" in answer and "**one in four**" in answer


TEAMS = position(
    id="teams",
    title="Joint discharge teams",
    tags=["care"],
    lead="Government should require, and pay for, discharge teams shared by councils and "
    "hospitals that plan each patient's return home together.",
    body="Patients wait in hospital beds while two organisations each assess them. "
    "A shared team assesses once and arranges the care package before the ward discharges.",
    asks=[
        "Make shared discharge teams of councils and hospitals compulsory, and fund them, so "
        "that they plan each patient's return home jointly.",
        "Publish how long patients wait for a care package after they are fit to leave.",
    ],
)


def test_an_ask_making_its_leads_point_in_other_words_is_not_under_it(cli, tmp_path):
    """An officer's reading: "Government should require, and pay for, partnerships ..." in bold,
    then "Make digital partnerships ... mandatory, and fund them" under it. Synonyms ("require"
    and "mandatory", "pay for" and "fund") kept the share of shared words under RESTATES."""
    library = make_library(tmp_path / "lib", {"positions/teams.yaml": TEAMS})
    question = {"number": 1, "text": "How can discharge be improved?", "positions": ["teams"]}
    out = run(cli, library, consult(tmp_path, [question]))
    answer = answers(out)["1"]
    assert "compulsory" not in answer
    assert "- Publish how long patients wait" in answer  # a point of its own: asked here
    summary = out.split("## Summary of our asks")[1]
    assert "Make shared discharge teams of councils and hospitals compulsory" in summary


def test_a_position_statement_proposes_only_what_the_lead_has_not_said(cli, tmp_path):
    """An officer's reading: "... want its purpose written in: ..." in bold, then "*We propose:*
    State in terms the purpose ..." on the lines below: one point made twice in one paragraph."""
    library = make_library(tmp_path / "lib", {"positions/teams.yaml": TEAMS})
    question = {"number": 1, "text": "How can discharge be improved?", "positions": ["teams"]}
    out = run(cli, library, consult(tmp_path, [question]), "--template", "position-statement")
    proposals = re.findall(r"^\*We propose:\* (.+)$", out, flags=re.M)
    assert proposals == [TEAMS["asks"][1]]


@pytest.mark.parametrize(
    ("lead", "ask"),
    [
        # a lead stating a fact asks nothing, though it shares every word but the ask's verb
        (
            "The public health grant has been cut by a quarter since 2015.",
            "Reverse the cut to the public health grant.",
        ),
        # a lead asking the opposite: the ask's "not" is a stopword to the stemmed words
        (
            "Government should ring-fence the public health grant.",
            "Do not ring-fence the public health grant.",
        ),
    ],
)
def test_an_ask_its_lead_does_not_make_stays_in_the_answer(cli, tmp_path, lead, ask):
    grant = position(
        id="grant",
        title="The public health grant",
        tags=["care"],
        lead=lead,
        body="Councils plan prevention over years, not months.",
        asks=[ask],
    )
    library = make_library(tmp_path / "lib", {"positions/grant.yaml": grant})
    question = {
        "number": 1,
        "text": "What should happen to the public health grant?",
        "positions": ["grant"],
    }
    answer = answers(run(cli, library, consult(tmp_path, [question])))["1"]
    assert lead in answer
    assert f"- {ask}" in answer


@pytest.mark.parametrize(
    ("lead", "ask"),
    [
        # "never" and "not" turn a call the same way
        (
            "Decisions on fluoride schemes must stay with local councils, and schemes must never "
            "be forced on communities.",
            "Keep decisions on fluoride schemes with local councils, and do not force schemes on "
            "communities.",
        ),
        # "rather than" turns it as "not" does
        (
            "Disabled adults of working age need care designed around their own needs, not a "
            "model built for older people.",
            "Design care for disabled adults of working age around their own needs rather than "
            "a model built for older people.",
        ),
    ],
)
def test_an_ask_its_lead_makes_with_another_negative_word_is_not_said_twice(
    cli, tmp_path, lead, ask
):
    """The library's own pairs: "... schemes must never be forced on communities." in bold, then
    "do not impose schemes on communities" under it. The check that an ask turns no differently
    from its lead compared the negative words themselves, so "never" and "not" (or "not" and
    "rather than") kept a restated ask in the answer; what matters is whether each turns at all."""
    local = position(id="local", title="Keep it local", tags=["care"], lead=lead,
                     body="Councils know their communities.", asks=[ask])  # fmt: skip
    library = make_library(tmp_path / "lib", {"positions/local.yaml": local})
    question = {"number": 1, "text": "Who should decide?", "positions": ["local"]}
    out = run(cli, library, consult(tmp_path, [question]))
    assert lead in answers(out)["1"]
    assert f"- {ask}" not in answers(out)["1"]


def test_a_named_position_left_out_for_length_is_a_warning_and_a_point_to_check(cli, lib, tmp_path):
    """An officer's reading: the three workforce positions the Change NHS example names for
    question 5 were dropped for length, and only --verbose said so."""
    question = {**FUND_Q, "positions": ["funding", "workforce"], "tags": None, "words": 25}
    path = consult(tmp_path, [question])
    result = cli("--library", str(lib), "draft", str(path), "--today", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert "1 answer(s) too short for a position they name" in result.stderr
    out = tmp_path / "r.docx"
    cli("--library", str(lib), "draft", str(path), "-o", str(out), "--today", "2026-01-01")
    from docx import Document

    points = [p.text for p in Document(str(out)).paragraphs if "which it names" in p.text]
    assert len(points) == 1 and "workforce" in points[0] and "name fewer" in points[0]


@pytest.mark.parametrize(("figure", "told"), [("£47,000", True), ("£12,000", False)])
def test_a_case_study_the_answer_already_tells_is_not_told_again(cli, tmp_path, figure, told):
    """An officer's reading: Bradford's saving in the body, then again as the case study."""
    home = position(
        id="home",
        title="Housing-led discharge",
        tags=["care"],
        lead="People leave hospital sooner when support starts from their housing.",
        body="In Exampleton, housing-led support saved the NHS £47,000 for each person.",
        case_studies=[
            {
                "council": "Exampleton Council",
                "title": "Housing-led discharge",
                "summary": f"Officers joined the ward rounds of the local hospital: {figure} a patient.",
                "figure": figure,
                "source": "doc",
            }
        ],
    )
    library = make_library(tmp_path / "lib", {"positions/home.yaml": home})
    question = {"number": 1, "text": "How can discharge be improved?", "positions": ["home"]}
    answer = answers(run(cli, library, consult(tmp_path, [question])))["1"]
    assert "£47,000 for each person" in answer
    assert ("*Case study:" in answer) is not told


def test_a_briefings_positions_label_their_own_asks_briefly(cli, lib, tmp_path):
    """A briefing sets each position's asks inside it: "We ask the Committee to recommend that the
    Government:" five times in one answer read as a refrain; each is "Our asks:"."""
    question = {**FUND_Q, "positions": ["funding", "workforce"], "tags": None}
    path = consult(tmp_path, [question], issued_by="Health and Social Care Committee")
    out = run(cli, lib, path, "--template", "briefing")
    assert out.count("Our asks:") == 2
    assert "We ask the" not in out


@pytest.mark.parametrize(
    ("issued_by", "also"),
    [
        ("Health and Social Care Committee", "We also ask the Committee to recommend that the"),
        ("Department of Health", "We also ask the Government to:"),
    ],
)
def test_a_briefings_asks_after_its_positions_own_say_also(cli, lib, tmp_path, issued_by, also):
    """A reader's finding (the adult social care briefing, question 3): a position's "Our asks:",
    then, for the asks of one set out in another answer, "We ask the Committee to recommend that
    the Government:", a second start in one answer. They are more of the answer's asks."""
    gap = {"number": 1, "text": "How large is the care funding gap?", "positions": ["funding"]}
    steps = {
        "number": 2,
        "text": "Views on the next steps that the Government should take on the care workforce",
        "positions": ["workforce", "funding"],
    }
    path = consult(tmp_path, [gap, steps], issued_by=issued_by)
    second = run(cli, lib, path, "--template", "briefing").split("Question 2:")[1]
    assert second.index("Our asks:") < second.index(also)
    assert FUNDING["asks"][0]["text"] in second.split(also)[1]
    assert "We ask the" not in second
    # a response gathers each answer's asks under one line: nothing came before them
    response = answers(run(cli, lib, path))["2"]
    assert also not in response


def test_a_default_key_message_on_the_title_is_kept_though_a_long_question_outweighs_it(
    cli, lib, tmp_path
):
    """An officer's reading of a "Children's social care" inquiry: its long question on the care
    market outweighed the title, and a cyber security position was the only key message."""
    questions = [
        {"number": 1, "text": "Is it enough?", "positions": ["funding"]},
        {
            "number": 2,
            "text": "How do low pay, recruitment and retention of care workers, and parity of "
            "esteem with NHS staff, shape the care workforce and its recruitment?",
            "positions": ["workforce"],
        },
    ]
    out = run(cli, lib, consult(tmp_path, questions, title="Care funding reform"))
    messages = out.split("## Key messages")[1].split("## ")[0]
    assert FUNDING["title"] in messages and WORKFORCE["title"] in messages


def test_portal_needs_questions(cli, lib):
    result = cli("--library", str(lib), "draft", "--tags", "care", "--format", "portal")
    assert result.exit_code == 1 and "need a consultation file with questions" in result.stderr


def test_rank_paragraphs_puts_the_paragraph_on_the_point_first():
    paras = ["Low pay drives workers out.", "The public health grant was cut.", "Roads."]
    scores = rank_paragraphs("Should the public health grant be restored?", paras)
    assert scores[1] > 0 and scores[1] == max(scores) and scores[2] == 0
    assert rank_paragraphs("What are your views?", paras) == [0.0, 0.0, 0.0]


def test_a_questions_genre_phrases_rank_no_paragraph():
    """What `suggest` leaves out of a question (the work its answers will inform, the document it
    is asked in) says nothing either about which paragraph, figure or ask answers it, nor where a
    position is set out: "inform our approach" had ranked a paragraph on information."""
    paras = ["Information should be shared safely.", "Funding allocations are out of date."]
    asked = "Should the principles inform our approach to updating funding allocations?"
    assert rank_paragraphs(asked, paras)[0] == 0 and rank_paragraphs(asked, paras)[1] > 0
    paras = ["A white paper is due next year.", "Public health measures work."]
    asked = "What are your views on the public health measures in the white paper?"
    assert rank_paragraphs(asked, paras)[0] == 0 and rank_paragraphs(asked, paras)[1] > 0


EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_no_sentence_twice_in_an_example_before_its_summary_of_asks(cli, example):
    """Key messages, introduction and answers (with their asks): the summary of asks, which the
    issue asks to restate each ask once, is the only place a sentence may come again."""
    result = cli(
        "draft", str(example), "--today", "2025-01-01", "--template", "consultation-response"
    )
    assert result.exit_code == 0, result.output
    body = result.stdout.split("## About us")[1].split("## Summary of our asks")[0]
    prose = [
        line.removeprefix("- ")
        for line in body.splitlines()
        if line and not line.startswith((">", ":::", "#", "|", "We ask the "))
    ]
    said = [s for line in prose for s in sentences(re.sub(r"\[\^[^\]]+\]|\*", "", line))]
    assert [s for s in said if said.count(s) > 1] == []


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_an_examples_introduction_is_not_said_again_by_its_positions(cli, example):
    """An officer's reading of the offer-and-ask example: "The pandemic showed what councils, the
    NHS and the voluntary sector can do together ..." opened it, and its last position ended on
    "The pandemic showed what ... joint working between councils, the NHS and the voluntary
    sector can achieve." The introduction is ours to word; the library's sentences are fixed."""
    from lga_draft.drafting.prose import Said

    out = cli("draft", str(example), "--today", "2025-01-01").stdout
    intro = yaml.safe_load(example.read_text(encoding="utf-8")).get("introduction")
    if not intro:
        return
    body = out.split(" ".join(intro.split()), 1)[1]
    prose = [
        re.sub(r"\[\^[^\]]+\]|\*", "", line)
        for line in body.splitlines()
        if line and not line.startswith((":::", "#", "[^"))
    ]
    said = Said.weighing(prose)
    said.say(intro)
    assert [s for line in prose for s in sentences(line) if said.repeats(s)] == []


def test_the_position_statement_example_says_no_lead_again_in_its_body(cli):
    """An officer's reading: "... councils also need the power to stop junk food being advertised
    close to schools." in bold, then "But councils also need the power to ban adverts for junk food
    near schools ..." below it. A position statement prints each position whole."""
    from lga_draft.drafting.prose import Said
    from lga_draft.library.load import load_positions_only

    out = cli("draft", str(ROOT / "examples" / "integrated-care-systems.yaml")).stdout
    library = load_positions_only(ROOT)
    printed = [library.by_id[i] for i in dict.fromkeys(re.findall(r'data-id="([^"]+)"', out))]
    said = Said.weighing([f"{p.lead}\n{p.body}" for p in printed])
    again = [
        (p.id, s)
        for p in printed
        for s in sentences(p.body)
        if said.alike(s, p.lead) >= NEAR_REPEAT
    ]
    assert again == []


def test_word_comment_says_what_more_the_library_holds(cli, lib, tmp_path):
    import zipfile

    out = tmp_path / "r.docx"
    path = consult(tmp_path, [FUND_Q])
    result = cli("--library", str(lib), "draft", str(path), "--words", "40", "-o", str(out))
    assert result.exit_code == 0, result.output
    comments = zipfile.ZipFile(out).read("word/comments.xml").decode("utf-8")
    assert re.search(r"The library holds more of it than fits here: \d paragraphs", comments)
    assert "(lga-draft show funding)" in comments


def test_word_highlights_the_placeholder(cli, tmp_path):
    from docx import Document

    out = tmp_path / "r.docx"
    result = cli(
        "--library",
        str(FIXTURES / "library"),
        "draft",
        str(FIXTURES / "consultation.yaml"),
        "-o",
        str(out),
        "--today",
        "2026-01-01",
    )
    assert result.exit_code == 0, result.output
    runs = [r for p in Document(str(out)).paragraphs for r in p.runs]
    marked = [r.text for r in runs if r.font.highlight_color is not None]
    assert marked == [
        "[No standing position: draft this answer] "
        "[Our answer to question 2a (Close the care funding gap) may help.]"
    ]


def test_harvest_without_a_baseline_does_not_take_composition_for_edits(cli, tmp_path):
    """An untouched draft whose answers carry only part of each position reads back unchanged."""
    from docx import Document

    from lga_draft.library.load import require_library
    from lga_draft.roundtrip.harvest import harvest

    out = tmp_path / "r.docx"
    example = ROOT / "examples" / "change-nhs.yaml"
    result = cli("draft", str(example), "--words", "200", "-o", str(out), "--today", "2026-12-06")
    assert result.exit_code == 0, result.output
    assert "left out what did not fit" in result.stderr  # the answers do leave things out
    report = harvest(out, require_library(ROOT)[0])
    assert report.positions and not report.edited
    assert not [t for t in report.unattributed if "See also our answer" in t]
    # question 5 asks about timing: its asks come in groups labelled by timeframe
    assert "Quick to do:" in [p.text for p in Document(str(out)).paragraphs]
    assert not [t for t in report.unattributed if t in ("Quick to do:", "Also:")]


def test_a_point_made_once_is_not_made_again_in_other_words(cli, tmp_path):
    discharge = position(
        id="discharge",
        title="Hospital discharge",
        tags=["care"],
        lead="The focus on delayed transfers of care is steering money away from community services.",
        body="Councils want discharge measured by how people fare at home.",
    )
    fund = position(
        id="bcf",
        title="The Better Care Fund",
        tags=["care"],
        lead="Pooled budgets should pay for care in the community.",
        body=(
            "The weight given to delayed transfers of care draws money away from community "
            "services.\n\nCouncils and the NHS should agree together how the fund is spent."
        ),
    )
    lib = make_library(
        tmp_path / "lib", {"positions/discharge.yaml": discharge, "positions/bcf.yaml": fund}
    )
    questions = [
        {"number": 1, "text": "How can hospital discharge improve?", "positions": ["discharge"]},
        {"number": 2, "text": "How should the Better Care Fund be spent?", "positions": ["bcf"]},
    ]
    out = answers(run(cli, lib, consult(tmp_path, questions)))
    assert discharge["lead"] in out["1"]
    assert "The weight given to delayed transfers" not in out["2"]  # the same point, other words
    # sentences that only share a subject ("councils", "community") are both kept
    assert "Councils and the NHS should agree together how the fund is spent." in out["2"]
    assert fund["lead"] in out["2"]


def test_the_summary_holds_only_the_asks_the_answers_make(cli, lib, tmp_path):
    # a tight budget leaves the funding position's second ask out of its answer
    out = run(cli, lib, consult(tmp_path, [WORK_Q, FUND_Q]), "--words", "40")
    made = {a for text in answers(out).values() for a in re.findall(r"^- (.+)$", text, re.M)}
    summary = out.split("## Summary of our asks")[1].split("## Sources")[0]
    items = re.findall(r"^\d+\. (.+)$", summary, flags=re.M)
    assert items and set(items) <= made
    assert len(items) < 3  # the library holds three asks for these positions


def test_key_messages_chosen_by_tags_are_those_the_answers_develop(cli, tmp_path):
    extra = position(
        id="extra",
        title="Another care point",
        tags=["care"],
        lead="A point about care that no question here asks about.",
    )
    lib = make_library(
        tmp_path / "lib",
        {
            "positions/funding.yaml": FUNDING,
            "positions/workforce.yaml": WORKFORCE,
            "positions/extra.yaml": extra,
        },
    )
    questions = [{**FUND_Q, "positions": ["funding"], "tags": None}]
    path = consult(tmp_path, questions, key_messages={"tags": "care", "limit": 3})
    out = run(cli, lib, path)
    messages = out.split("## Key messages")[1].split("## ")[0]
    assert FUNDING["title"] in messages
    assert WORKFORCE["title"] not in messages and extra["title"] not in messages


def test_a_named_position_left_out_for_a_forms_characters_says_so(cli, lib, tmp_path):
    """A form's character limit, not the words, left it out: more words would not help."""
    question = {**FUND_Q, "positions": ["funding", "workforce"], "tags": None, "max_chars": 120}
    result = cli("--library", str(lib), "draft", str(consult(tmp_path, [question])), "--verbose")
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.stderr.splitlines() if "which it names" in line)
    assert "120 characters" in warning
    assert "more words" not in warning


def test_key_messages_chosen_by_tags_speak_for_every_answer_before_a_second_from_one(cli, tmp_path):
    """An officer's reading: five key messages chosen by tag were all question 1's."""
    extra = position(id="extra", title="Another care point", tags=["care"], lead="More on care.")
    lib = make_library(
        tmp_path / "lib",
        {
            "positions/funding.yaml": FUNDING,
            "positions/workforce.yaml": WORKFORCE,
            "positions/extra.yaml": extra,
        },
    )
    questions = [
        {**FUND_Q, "number": 1, "positions": ["funding", "extra"], "tags": None},
        {**WORK_Q, "number": 2, "positions": ["workforce"], "tags": None},
    ]
    path = consult(tmp_path, questions, key_messages={"tags": "care", "limit": 2})
    messages = run(cli, lib, path).split("## Key messages")[1].split("## ")[0]
    titles = re.findall(r"^- \*\*(.+?)\.?\*\*", messages, flags=re.M)
    assert titles == [FUNDING["title"], WORKFORCE["title"]]


def test_a_briefings_answers_are_numbered_as_its_pointers_name_them(cli, lib, tmp_path):
    out = run(cli, lib, consult(tmp_path, [WORK_Q, FUND_Q]), "--template", "briefing")
    assert "### Question 2: How should care funding be reformed?" in out


def test_asks_are_grouped_by_timeframe_where_the_question_asks_about_timing(cli, lib, tmp_path):
    timing = {
        "number": 1,
        "text": "What timeframe would you expect for reform of care and its workforce?",
        "positions": ["funding", "workforce"],
    }
    out = answers(run(cli, lib, consult(tmp_path, [timing])))["1"]
    asks = out.split("We ask the Government to:")[1]
    parts = re.split(r"^\*(.+):\*$", asks, flags=re.M)
    groups = {
        name: re.findall(r"^- (.+)$", text, re.M)
        for name, text in zip(parts[1::2], parts[2::2], strict=True)
    }
    assert groups == {
        "Quick to do": ["Provide multi-year funding settlements for care."],
        "Longer term": ["End reliance on council tax to fund care."],
        "In the middle": ["Fund a fair pay agreement for care workers."],
    }
    assert "*(quick to do)*" not in asks  # the group says it


def test_the_summary_keeps_an_answers_timeframe_groups_together(cli):
    """An officer's reading: the Change NHS summary went "quick to do", then an ask with no
    timeframe, then "quick to do" again, and ended question 5 with two more "quick to do / in the
    middle" asks after the untimed ones: the asks its leads make were put after the rest."""
    example = ROOT / "examples" / "change-nhs.yaml"
    out = cli("draft", str(example), "--today", "2026-12-06").stdout
    summary = out.split("## Summary of our asks")[1].split("## Sources")[0]
    items = re.findall(r"^\d+\. (.+)$", summary, flags=re.M)
    labels = [m.group(1) if (m := re.search(r"\*\((.+)\)\*$", i)) else None for i in items]
    timed = [i for i, label in enumerate(labels) if label]
    assert timed, "the example's question 5 asks about timeframes"
    runs = [
        labels[i]
        for i in range(timed[0], len(labels))
        if i == timed[0] or labels[i] != labels[i - 1]
    ]
    assert len(runs) == len(set(runs)), runs  # a group once left never comes back


def test_a_press_releases_notes_to_editors_name_documents_not_our_labels_for_their_parts(cli):
    example = ROOT / "examples" / "nhs-plan-press-release.yaml"
    out = cli("draft", str(example), "--today", "2026-12-06").stdout
    notes = out.split("## Notes to editors")[1]
    assert (
        "*The LGA's submission to Change NHS*, Local Government Association, 2 December 2024."
        in notes
    )
    assert "Question 5" not in notes


def test_a_press_release_attributes_its_other_points_and_harvest_knows_the_line(cli, tmp_path):
    """An officer's reading: eight bare headlines, none said to be the LGA's."""
    from lga_draft.library.load import require_library
    from lga_draft.roundtrip.harvest import harvest

    example = ROOT / "examples" / "nhs-plan-press-release.yaml"
    out = cli("draft", str(example), "--today", "2026-12-06").stdout
    body = out.split("It also says:")[1].split("Its key asks")[0]
    leads = [line for line in body.splitlines() if line.startswith("- ")]
    assert len(leads) >= 2  # the other positions' leads, as the points it makes
    docx_path = tmp_path / "pr.docx"
    cli("draft", str(example), "-o", str(docx_path), "--today", "2026-12-06")
    report = harvest(docx_path, require_library(ROOT)[0])
    assert "It also says:" not in report.unattributed


def test_two_answers_never_point_to_each_other(cli, lib, tmp_path):
    # both questions select both positions; each is set out in one and would be pointed to from
    # the other, thin, answer
    out = answers(run(cli, lib, consult(tmp_path, [WORK_Q, FUND_Q])))
    assert "See also our answer to question 2 (Fund care properly)." in out["1"]
    assert "in our answer to question 1" not in out["2"]


def test_a_sentence_leaning_on_one_left_out_as_a_repeat_goes_with_it():
    from lga_draft.drafting.prose import Said

    said = Said.weighing(
        [
            "Stopping ill health before it starts costs far less than treating illness later on.",
            "Preventing ill health costs far less than treating illness later. But councils "
            "need the money to do it. Councils also run leisure services for their residents.",
        ]
    )
    said.say("Stopping ill health before it starts costs far less than treating illness later on.")
    kept = said.fresh(
        "Preventing ill health costs far less than treating illness later. But councils need "
        "the money to do it. Councils also run leisure services for their residents."
    )
    assert kept == "Councils also run leisure services for their residents."


TWO_SENTENCES = (
    "We increasingly hear of money being used to protect organisations' bottom lines. That "
    "stifles innovation, damages relationships within local systems and harms outcomes for the "
    "people who use services, and above all for those who would normally have been eligible for "
    "continuing healthcare support."
)
ONE_SENTENCE = (
    "We also hear more and more of pooled resources being used to cover the bottom line, which "
    "stifles new ideas, strains relationships between partners and harms outcomes for the people "
    "who use services, above all some of those who would once have received continuing healthcare."
)
OTHER = "Councils need multi-year funding settlements to plan their services."


@pytest.mark.parametrize(
    "first,then", [(TWO_SENTENCES, ONE_SENTENCE), (ONE_SENTENCE, TWO_SENTENCES)]
)
def test_a_point_made_in_two_sentences_is_not_made_again_in_one_nor_the_other_way(first, then):
    from lga_draft.drafting.prose import Said, sentences

    # words weighed by their rarity in real prose: the bundled library's
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "positions").rglob("*.yaml"))]
    texts += [TWO_SENTENCES, ONE_SENTENCE, OTHER]
    for sentence in sentences(TWO_SENTENCES):  # neither of the two restates the one by itself
        alone = Said.weighing(texts)
        alone.say(ONE_SENTENCE)
        assert not alone.repeats(sentence)
    said = Said.weighing(texts)
    said.say(first)
    assert said.fresh(f"{then} {OTHER}") == OTHER


def test_a_position_whose_point_is_made_elsewhere_takes_no_case_study_or_asks(cli, tmp_path):
    first = position(
        id="first",
        title="Prevention pays",
        tags=["care"],
        lead="Preventing illness costs far less than treating it once it takes hold.",
        body="Early help keeps people independent for longer and eases pressure on hospitals.",
    )
    second = position(
        id="second",
        title="Prevention saves money",
        tags=["care"],
        lead="Preventing illness costs far less than treating it after it takes hold.",
        body="Early help keeps people independent for longer and eases the pressure on hospitals.",
        asks=["Fund prevention properly."],
        case_studies=[
            {
                "council": "Leeds",
                "title": "Falls prevention",
                "summary": "A falls service that keeps older people out of hospital.",
                "source": "doc",
                "section": "s1",
            }
        ],
    )
    lib = make_library(
        tmp_path / "lib", {"positions/first.yaml": first, "positions/second.yaml": second}
    )
    questions = [
        {"number": 1, "text": "Why does prevention pay?", "positions": ["first"]},
        {"number": 2, "text": "How does prevention save money?", "positions": ["second"]},
    ]
    result = cli("--library", str(lib), "draft", str(consult(tmp_path, questions)), "--verbose")
    assert result.exit_code == 0, result.output
    out = answers(result.stdout)
    assert "Falls prevention" not in out["2"] and "Fund prevention properly." not in out["2"]
    assert "[No standing position: draft this answer]" in out["2"]
    assert "position 'second' (its point is made elsewhere in the draft)" in result.stderr


def test_harvest_takes_a_placeholder_for_the_drafts_own_text(cli, lib, tmp_path):
    from lga_draft.library.load import require_library
    from lga_draft.roundtrip.harvest import harvest

    path = consult(tmp_path, [{"number": 1, "text": "What is your name?"}, FUND_Q])
    out = tmp_path / "r.docx"
    result = cli("--library", str(lib), "draft", str(path), "-o", str(out))
    assert result.exit_code == 0, result.output
    report = harvest(out, require_library(lib)[0])
    assert not [t for t in report.unattributed if "No standing position" in t]


def test_default_key_messages_are_on_the_consultations_subject(cli, tmp_path):
    roads = position(
        id="roads", title="Fix the roads", tags=["care"], lead="Potholes cost councils money."
    )
    lib = make_library(
        tmp_path / "lib",
        {
            "positions/funding.yaml": FUNDING,
            "positions/workforce.yaml": WORKFORCE,
            "positions/roads.yaml": roads,
        },
    )
    questions = [
        {**WORK_Q, "positions": ["workforce"], "tags": None},
        {**FUND_Q, "positions": ["funding"], "tags": None},
        {"number": 3, "text": "Anything else?", "positions": ["roads"]},
    ]
    path = consult(tmp_path, questions, title="Care funding and the care workforce")
    out = run(cli, lib, path)
    messages = out.split("## Key messages")[1].split("## ")[0]
    assert FUNDING["title"] in messages and WORKFORCE["title"] in messages
    assert "Fix the roads" not in messages
    assert "Potholes cost councils money." in answers(out)["3"]  # still answered where named


@pytest.mark.parametrize(
    "opening",
    [
        "The pressure has been building for years.",  # a short topic sentence resting on the lead
        "A faster response, though, has to be resourced.",
        "That gap means councils cannot plan.",
        "A review offered a way to change that by pooling money.",  # "that": what came before
    ],
)
def test_a_paragraph_that_needs_the_one_before_is_never_lent_alone(tmp_path, opening):
    funding = position(
        id="funding",
        title="Fund care properly",
        lead="Councils need long-term funding for adult care.",
        body=(
            "Short-term grants leave councils unable to plan care services.\n\n"
            f"{opening} The care funding gap is five billion pounds and grows every year."
        ),
    )
    texts = [
        "How large is the care funding gap, and how fast does it grow every year?",
        "How should short-term care grants be reformed so councils can plan services?",
    ]
    assert _allotted(tmp_path / "lib", funding, texts) == {}
    # the same paragraph standing on its own is lent to the question it answers
    standalone = position(**{**funding, "body": funding["body"].replace(opening + " ", "")})
    assert _allotted(tmp_path / "lib2", standalone, texts) == {("p", "funding", 1): 0}


def test_an_answer_never_keeps_a_paragraph_without_the_one_it_points_back_to(cli, tmp_path):
    """An officer's reading: "The Hewitt Review offered a practical way to change that by ..."
    opened an answer whose paragraph before it, what "that" is, did not fit."""
    share = position(
        id="share",
        title="Prevention's share",
        tags=["care"],
        lead="Integrated care systems should spend a growing share of their budgets on prevention.",
        body=(
            "Hospitals take most of the money in every system, and acute care crowds out the "
            "community services that keep people well at home for longer than any ward.\n\n"
            "A national review offered a way to change that by raising the prevention budget "
            "share every year."
        ),
    )
    library = make_library(tmp_path / "lib", {"positions/share.yaml": share})
    question = {
        "number": 1,
        "text": "How should a national review raise the prevention budget share every year?",
        "positions": ["share"],
        "words": 45,
    }
    answer = answers(run(cli, library, consult(tmp_path, [question])))["1"]
    assert "change that by" not in answer or "Hospitals take most" in answer


def test_what_a_position_lends_an_answer_that_does_not_fit_is_reported(cli, tmp_path):
    long_gap = (
        "The care funding gap is five billion pounds and it grows every single year that reform "
        "of the way care is funded is put off by another review."
    )
    funding = position(
        id="funding",
        title="Fund care properly",
        lead="Councils need long-term funding for adult care.",
        body=f"Short-term grants leave councils unable to plan care services.\n\n{long_gap}",
    )
    lib = make_library(tmp_path / "lib", {"positions/f.yaml": funding})
    questions = [
        {"number": 1, "text": "How large is the care funding gap, and how fast does it grow?"},
        {
            "number": 2,
            "text": "How should short-term care grants be reformed so councils can plan?",
        },
    ]
    path = consult(tmp_path, [{**q, "positions": ["funding"]} for q in questions])
    result = cli(
        "--library", str(lib), "draft", str(path), "--today", "2026-01-01", "--words", "20", "-v"
    )
    assert result.exit_code == 0, result.output
    assert long_gap not in result.stdout  # over the budget of question 1's answer
    assert "'funding': 1 paragraph (set out in another answer)" in result.stderr


def test_a_position_long_past_its_review_date_does_not_head_the_response(cli, tmp_path):
    stale = {**WORKFORCE, "last_reviewed": "2021-02-01", "review_by": "2023-02-01"}
    lib = make_library(
        tmp_path / "lib", {"positions/funding.yaml": FUNDING, "positions/workforce.yaml": stale}
    )
    out = run(cli, lib, consult(tmp_path, [WORK_Q, FUND_Q]))
    messages = out.split("## Key messages")[1].split("## ")[0]
    assert FUNDING["title"] in messages and WORKFORCE["title"] not in messages
    assert WORKFORCE["lead"] in answers(out)["1"]  # still in the answer it belongs to
    # with nothing current to choose from, it is a key message after all
    only = make_library(tmp_path / "only", {"positions/workforce.yaml": stale})
    out = run(cli, only, consult(tmp_path / "c2", [WORK_Q]))
    assert WORKFORCE["title"] in out.split("## Key messages")[1].split("## ")[0]


def test_default_key_messages_weigh_the_subject_by_its_rarity_in_the_library(cli, tmp_path):
    """An officer's reading of the Health and Social Care Committee's "cost of inaction" inquiry
    (2024), with the positions `new` suggested: adult social care reform is in nearly every
    position the draft uses, so weighed among those alone it counted for nothing; the key messages
    led with council funding reform and left out the answers to questions 1 and 4."""
    asked = {
        "How much is inaction on adult social care reform costing the NHS and local authorities, "
        "and what impact does this have on patients and the public?": [
            "asc-act-now-not-wait-for-casey", "no-cost-shunting", "asc-end-reliance-on-council-tax",
        ],
        "What NHS and local authority service reforms are not happening as a result of adult "
        "social care pressures, and what benefits are patients and the public missing out on?": [
            "council-funding-system-reform", "asc-core-to-health-plan",
        ],
        "Where in the system is the cost of inaction on adult social care reform being borne the "
        "most?": ["asc-immediate-funding", "asc-long-term-reform"],
    }  # fmt: skip
    questions = [
        {"number": n, "text": text, "positions": ids}
        for n, (text, ids) in enumerate(asked.items(), 1)
    ]
    path = consult(tmp_path, questions, title="Adult Social Care Reform: the cost of inaction")
    out = run(cli, ROOT, path)
    messages = out.split("## Key messages")[1].split("## ")[0]
    assert "Act on adult social care now" in messages, messages
    assert "Immediate funding to stabilise adult social care" in messages, messages


def test_a_paragraph_the_draft_has_said_already_is_not_left_out_for_length(cli, tmp_path):
    """An officer read "left out for length" under an answer of 287 of 500 words: what was left out
    had been said already, in the same words, by another position."""
    shared = "Low pay drives care workers out of the workforce, and recruitment cannot keep up."
    again = position(
        id="again",
        title="Recruit care workers",
        tags=["care"],
        lead="Recruitment of care workers needs national action.",
        body=f"{shared}\n\nA national campaign would help recruitment of care workers.",
    )
    lib = make_library(
        tmp_path / "lib", {"positions/workforce.yaml": WORKFORCE, "positions/again.yaml": again}
    )
    question = {**WORK_Q, "positions": ["workforce", "again"], "tags": None}
    path = consult(tmp_path, [question])
    result = cli("--library", str(lib), "draft", str(path), "--words", "500", "--verbose")
    assert result.exit_code == 0, result.output
    assert result.stdout.count(shared) == 1
    assert "left out for length" not in result.stderr, result.stderr
    assert 'data-more="' not in result.stdout.split('data-id="again"')[1].split("\n")[0]


def test_only_old_figures_the_draft_prints_are_to_check(cli, lib, tmp_path):
    """An officer's clearance sheet asked for three figures to be checked, one of them printed."""
    path = consult(tmp_path, [FUND_Q])
    out = tmp_path / "d.md"
    # in 2030 both figures (as of January 2024) are older than the library's 36 months
    args = ("--library", str(lib), "draft", str(path), "--today", "2030-01-01", "-v", "-o", out)
    short = cli(*args, "--words", "25")  # the lead and the paragraph quoting £5 billion at most
    assert short.exit_code == 0, short.output
    printed = out.read_text(encoding="utf-8")
    for figure in ("£5 billion", "27 per cent"):
        warned = f"figure '{figure}' in 'funding' is as of 2024-01" in short.stderr
        assert warned == (figure in printed), (figure, short.stderr)
    assert "27 per cent" not in printed  # the case the test is about
    full = cli(*args, "--words", "400", "--force")
    assert "figure '27 per cent' in 'funding' is as of 2024-01" in full.stderr


def test_the_portal_text_keeps_the_old_figures_it_prints(cli, lib, tmp_path):
    """The portal and json formats print the answers, whatever the template: a figure the press
    release leaves out but the portal answer quotes is still one to check."""
    path = consult(tmp_path, [FUND_Q])
    args = ("--library", str(lib), "draft", str(path), "--today", "2030-01-01", "-v")
    for fmt in ("portal", "json"):
        out = tmp_path / f"d.{fmt}"
        result = cli(*args, "--template", "press-release", "--format", fmt, "-o", out)
        assert result.exit_code == 0, result.output
        printed = " ".join(out.read_text(encoding="utf-8").split())
        for figure in ("£5 billion", "27 per cent"):
            warned = f"figure '{figure}' in 'funding' is as of 2024-01" in result.stderr
            assert warned == (figure in printed), (fmt, figure, result.stderr)
        assert "£5 billion" in printed  # the case the test is about


@pytest.mark.parametrize(
    ("figure", "printed", "kept"),
    [
        (">70 per cent", "completion should rise above 70 per cent by 2026", True),
        ("at least £4.5 billion", "a shift of more than £4.5 billion a year", True),
        ("twice as many years of ill-health", "twice as many years of ill-health", True),
        (">70 per cent", "completion should rise", False),
        ("twice as many years of ill-health", "more years of ill-health", False),
    ],
)
def test_an_old_figure_the_draft_words_in_its_own_way_is_still_to_check(figure, printed, kept):
    """A position's text may word its evidence's figure differently: still printed, still old."""
    import datetime as dt

    from lga_draft.drafting.context import Report
    from lga_draft.drafting.staleness import OldFigure, Staleness

    item = Staleness(
        "p", "P", "team", "The team", dt.date(2030, 1, 1), overdue=False, draft=False,
        old_figures=(OldFigure(figure, "2019-01"),), figure_age_months=36,
    )  # fmt: skip
    report = Report(stale=[item])
    for line in item.lines():
        report.warn("old figure(s)", line)
    report.keep_printed_figures(printed)
    assert bool(report.stale) is kept
    assert len(report.warnings) == len(report.kinds) == int(kept)


def test_key_messages_on_the_titles_subject_come_first(cli, lib, tmp_path):
    """An officer read a food inquiry's key messages: all six on NHS partnership, from the answers
    to its first questions, and the answer on food last or left out. Those on the subject of the
    consultation's title lead, whichever answer sets them out."""
    questions = [{**WORK_Q, "positions": ["workforce"], "tags": None},
                 {**FUND_Q, "positions": ["funding"], "tags": None}]  # fmt: skip
    for title, first in [("Reform", FUNDING), ("Recruitment and retention", WORKFORCE)]:
        path = consult(tmp_path / first["id"], questions, title=title)
        messages = run(cli, lib, path).split("## Key messages")[1].split("## ")[0]
        assert messages.index(first["title"]) < messages.index(
            (WORKFORCE if first is FUNDING else FUNDING)["title"]
        ), messages


def _funding_with_a_figure() -> dict:
    return position(
        id="funding",
        title="Fund care properly",
        lead="Councils need long-term funding for adult care.",
        body="Short-term grants leave councils unable to plan, so grants must be reformed.",
        evidence=[{"id": "gap", "statement": "Care funding gap, growing every year",
                   "figure": "£5 billion", "as_of": "2024-01", "source": "doc"}],
    )  # fmt: skip


def test_a_figure_alone_is_not_lent_as_an_answer(tmp_path):
    """An officer read a lent figure, "Response time for reablement requests ...: two-day
    response.", as the whole answer to a question; it stays with its position's home unless the
    answer it would go to has prose of its own."""
    funding = _funding_with_a_figure()
    texts = [
        "How large is the care funding gap, and how fast does it grow?",
        "How should short-term care grants be reformed so councils can plan?",
    ]
    assert _allotted(tmp_path / "lib", funding, texts) == {}
    # with a paragraph lent to the first answer as well, the figure goes with it
    funding["body"] += (
        "\n\nThe gap grows every year that reform is put off, and how large it is matters."
    )
    assert _allotted(tmp_path / "lib2", funding, texts) == {
        ("p", "funding", 1): 0,
        ("f", "funding", 0): 0,
    }


def test_a_figure_goes_to_another_answer_only_with_its_own_positions_words(tmp_path):
    """An officer read, under an answer on council funding, one bullet from the position on
    immediate care funding: "Share of overspending councils that used reserves ...: 72 per cent",
    without a word of that position around it, while its other figure and the paragraph saying
    that councils drew on reserves stayed in the answer that set it out. A figure is evidence for
    its position's point: it goes to another answer only with a paragraph of its own there, even
    where that answer sets out another position."""
    from lga_draft.drafting.place import allot
    from lga_draft.library.load import load_positions_only

    funding = _funding_with_a_figure()
    other = position(
        id="other",
        title="Measure need",
        lead="The size of the gap should be measured openly, every year.",
        body="An open measure lets councils and government agree what care costs.",
    )
    lib = make_library(tmp_path, {"positions/f.yaml": funding, "positions/o.yaml": other})
    by_id = load_positions_only(lib).by_id
    texts = [
        "How large is the care funding gap, and how fast does it grow?",
        "How should short-term care grants be reformed so councils can plan?",
    ]
    f, o = by_id["funding"], by_id["other"]
    lent = allot(texts, [[o, f], [f]], [frozenset(), frozenset()], {"funding": 1, "other": 0})
    assert ("f", "funding", 0) not in lent  # the first answer has prose, but none of funding's


def test_a_case_study_goes_to_the_answer_that_asks_what_has_worked(cli, tmp_path):
    """An officer's reading of a hospital discharge inquiry: the Bradford example sat under the
    question on pressure points, and "What has worked?" was left to write. A case study, like a
    paragraph or a figure, goes to the answer whose question it fits best."""
    shift = position(
        id="shift",
        title="Move money into communities",
        tags=["care"],
        lead="Shifting care into communities needs the money to follow it.",
        body="Too much of the budget still goes on hospital beds rather than community care.",
        case_studies=[
            {
                "council": "Exampleton Council",
                "title": "Home from hospital with housing support",
                "summary": "Housing officers on the wards got people home sooner, and it worked: "
                "each discharge cost less and fewer people went back in.",
                "source": "doc",
            }
        ],
    )
    library = make_library(tmp_path / "lib", {"positions/shift.yaml": shift})
    questions = [
        {"number": 1, "text": "Where does the money for community care and hospital beds go?",
         "positions": ["shift"]},
        {"number": 2, "text": "What has worked to get people home from hospital sooner?",
         "positions": ["shift"]},
    ]  # fmt: skip
    out = answers(run(cli, library, consult(tmp_path, questions)))
    assert shift["lead"] in out["1"]
    assert "*Case study: Exampleton Council" in out["2"], out["2"]
    assert "*Case study:" not in out["1"]
    assert "[No standing position" not in out["2"]


AGREE_Q = {
    **FUND_Q,
    "text": "Do you agree that care funding should be reformed?",
    "options": ["Agree", "Neither agree nor disagree", "Disagree"],
}


def test_a_question_offering_a_choice_asks_for_our_view_until_it_is_chosen(cli, lib, tmp_path):
    """An officer's reading of a government consultation: "Agree – Neither agree nor disagree –
    Disagree" was lost, and the department counts an answer stating no view as having none."""
    asked = answers(run(cli, lib, consult(tmp_path, [AGREE_Q])))["2"]
    choose = "**[Our view: Agree / Neither agree nor disagree / Disagree: choose one]**"
    assert asked.index(choose) < asked.index(FUNDING["lead"])  # first, before the positions
    assert "{.placeholder}" in asked.split(choose)[0]  # highlighted in Word
    chosen = answers(run(cli, lib, consult(tmp_path, [{**AGREE_Q, "view": "disagree"}])))["2"]
    assert "**Our view: Disagree.**" in chosen and "choose one" not in chosen


def test_a_view_still_to_choose_is_a_warning_and_a_point_to_check(cli, lib, tmp_path):
    """An officer's reading of NHS England's "Integrating care" form (2020): two of its four
    "Do you agree ...?" answers still asked for a view, yet `draft` said "0 warning(s)" and the
    clearance sheet had nothing to check, so a director could sign off answers the department
    would count as stating no view."""
    from docx import Document

    out = tmp_path / "r.docx"
    third = {**AGREE_Q, "number": 3, "view": "Agree", "options": [*AGREE_Q["options"]]}
    path = consult(tmp_path, [AGREE_Q, third])
    result = cli("--library", str(lib), "draft", str(path), "-o", str(out), "-v")
    assert result.exit_code == 0, result.output
    summary = cli("--library", str(lib), "draft", str(path)).stderr.splitlines()[0]
    assert "1 view(s) to choose" in summary
    assert (
        "question 2: no view chosen of Agree / Neither agree nor disagree / Disagree"
        in result.stderr
    )
    assert "question 3: no view" not in result.stderr
    sheet = [p.text for p in Document(str(out)).paragraphs]
    assert "Question 2: no view chosen of Agree / Neither agree nor disagree / Disagree." in sheet
    chosen = consult(tmp_path, [{**AGREE_Q, "view": "Disagree"}])
    assert "view(s) to choose" not in cli("--library", str(lib), "draft", str(chosen)).stderr


def test_a_view_not_among_the_options_is_an_error_with_its_line(cli, lib, tmp_path):
    path = consult(tmp_path, [{**AGREE_Q, "view": "Maybe"}])
    result = cli("--library", str(lib), "draft", str(path))
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "view:" in t)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"c.yaml:{line}: question 2: view 'Maybe' is not one of its options "
        "(Agree, Neither agree nor disagree, Disagree)"
    )


def test_the_portal_gives_the_view_apart_and_says_which_answers_are_to_write(cli, lib, tmp_path):
    nothing = {"number": 3, "text": "What is your name?"}
    path = consult(tmp_path, [{**AGREE_Q, "view": "Agree"}, nothing])
    data = json.loads(run(cli, lib, path, "--format", "json"))["questions"]
    assert (data[0]["view"], data[0]["options"][0], data[0]["to_write"]) == (
        "Agree",
        "Agree",
        False,
    )
    assert "Our view" not in data[0]["answer"]  # a button on the form, not the answer's text
    assert data[1]["to_write"] and data[1]["view"] is None
    text = run(cli, lib, path, "--format", "portal")
    first, second = text.split("Question 3")
    assert "Our view: Agree." in first and "to write" not in first
    # the placeholder says nothing answers it; the block's foot says only that it is to write
    assert second.count("[No standing position") == 1 and "nothing in the library" not in second
    assert "\n[to write]\n" in second
    limited = consult(tmp_path, [{**nothing, "max_chars": 1500}])
    assert "\n[to write, at most 1,500 characters]\n" in run(
        cli, lib, limited, "--format", "portal"
    )


def test_a_draft_using_no_position_has_no_empty_sources_heading(cli, lib, tmp_path):
    out = run(cli, lib, consult(tmp_path, [{"number": 1, "text": "What is your name?"}]))
    assert "## Sources" not in out
    assert "## Sources" in run(cli, lib, consult(tmp_path, [FUND_Q]))


def test_word_highlights_the_choice_still_to_make_and_not_the_one_made(cli, lib, tmp_path):
    from docx import Document

    def highlighted(question: dict) -> list[str]:
        out = tmp_path / "r.docx"
        path = consult(tmp_path, [question])
        result = cli("--library", str(lib), "draft", str(path), "-o", str(out), "--force")
        assert result.exit_code == 0, result.output
        runs = [r for p in Document(str(out)).paragraphs for r in p.runs]
        return [r.text for r in runs if r.font.highlight_color is not None]

    choose = "[Our view: Agree / Neither agree nor disagree / Disagree: choose one]"
    assert highlighted(AGREE_Q) == [choose]
    assert highlighted({**AGREE_Q, "view": "Agree"}) == []


def test_harvest_knows_the_view_line_as_the_tools_own(cli, lib, tmp_path):
    """Without a baseline, harvest lists text outside the positions that the library did not
    write; the view line, chosen or still to choose, is the tool's."""
    out = tmp_path / "r.docx"
    chosen = {**AGREE_Q, "number": 3, "view": "Agree", "options": [*AGREE_Q["options"]]}
    path = consult(tmp_path, [AGREE_Q, chosen])
    drafted = cli("--library", str(lib), "draft", str(path), "-o", str(out))
    assert drafted.exit_code == 0, drafted.output
    result = cli("--library", str(lib), "harvest", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["unattributed"] == []


def test_a_placeholder_left_by_new_is_a_warning_when_drafting(cli, lib, tmp_path):
    """A new user's draft said "Issued by | [who is consulting]", and only `new` had mentioned it."""
    path = consult(tmp_path, [FUND_Q], issued_by="[who is consulting]")
    result = cli("--library", str(lib), "draft", str(path), "--verbose")
    assert result.exit_code == 0, result.output
    assert "warning: issued_by is still '[who is consulting]': fill it in" in result.stderr
    done = cli("--library", str(lib), "draft", str(consult(tmp_path, [FUND_Q])), "--verbose")
    assert "fill it in" not in done.stderr
    titled = consult(tmp_path, [FUND_Q], title="[DRAFT] Care funding [for comment]")
    assert "fill it in" not in cli("--library", str(lib), "draft", str(titled), "-v").stderr


def test_a_closing_date_written_as_people_write_it(cli, lib, tmp_path):
    """A new user wrote `closes: 11 December 2024`, as consultations give it, and was refused."""
    path = consult(tmp_path, [FUND_Q], closes="11 December 2024")
    result = cli("--library", str(lib), "draft", str(path), "--today", "2026-12-07", "--verbose")
    assert result.exit_code == 0, result.output
    assert "after the consultation closed on 2024-12-11" in result.stderr
    wrong = cli(
        "--library", str(lib), "draft", str(consult(tmp_path, [FUND_Q], closes="31 February 2024"))
    )
    assert wrong.exit_code == 1 and "closes: '31 February 2024' is not a date" in wrong.stderr
    assert "as YYYY-MM-DD or 5 February 2025" in wrong.stderr


def test_a_figure_listed_by_a_draft_made_before_figures_were_dated_is_compositions(tmp_path):
    """Harvest of a draft sent out before a figure said when it was measured: its figure line,
    unedited, is what composition listed, not an officer's insertion."""
    from lga_draft.library.load import load_positions_only
    from lga_draft.roundtrip.composed import carried_part

    funding = position(
        id="funding",
        title="Fund care properly",
        lead="Councils need long-term funding for adult care.",
        body="The gap is large.",
        evidence=[
            {
                "id": "gap",
                "statement": "Gap in care funding",
                "figure": "£2 billion",
                "period": "England",
                "as_of": "2024-06",
                "source": "doc",
            },
            {
                "id": "share",
                "statement": "Share of care budgets",
                "figure": "9 per cent",
                "as_of": "2019-01",
                "source": "doc",
            },
        ],
    )
    p = load_positions_only(make_library(tmp_path, {"positions/f.yaml": funding})).by_id["funding"]
    for line in (
        "Gap in care funding: £2 billion (England).",  # as drafted before
        "Share of care budgets: 9 per cent.",
        "Share of care budgets: 9 per cent (as of January 2019).",  # as drafted now
    ):
        assert carried_part("added", None, line, p), line
    assert not carried_part("added", None, "Share of care budgets: 12 per cent.", p)


def test_a_pointer_names_only_an_answer_that_sets_the_position_out(cli, lib, tmp_path):
    """An officer's reading: "See also our answer to question 3 (A significant, sustained rise in
    council funding)." where nothing of that position had fitted question 3's answer."""
    fund = {**FUND_Q, "max_chars": 40}  # too short for anything of the funding position
    out = answers(run(cli, lib, consult(tmp_path, [WORK_Q, fund])))
    assert FUNDING["lead"] not in out["2"]
    assert "See also our answer to question 2" not in out["1"]
    assert WORKFORCE["lead"] in out["1"]


def test_a_placeholders_hint_names_only_an_answer_that_sets_the_position_out(cli, lib, tmp_path):
    first = {"number": 1, "text": "What are the trends in care?", "positions": ["funding"]}
    second = {
        "number": 2,
        "text": "How should short-term care grants be reformed so councils can plan?",
        "positions": ["funding"],
        "max_chars": 40,  # too short for anything of it: funding is set out nowhere
    }
    out = answers(run(cli, lib, consult(tmp_path, [first, second])))
    assert FUNDING["lead"] not in out["2"]
    assert "[No standing position: draft this answer]" in out["1"]
    assert "may help" not in out["1"]


def test_a_question_matching_only_common_words_does_not_pull_a_position_from_its_point():
    """The cost of inaction inquiry (2024): "Who in the system bears the cost of inaction on adult
    social care reform?" shares only words most of the draft's positions hold. SQLite's bm25 weighs
    those at 1e-6, and the tiny scores, divided by each other, made the position on "inaction"
    fit that question (0.9 of its best) better than the first, where it holds the rare word (0.8),
    leaving the first answer to a position on digital innovation."""
    from lga_draft.drafting.place import place
    from lga_draft.library.model import Position

    def pos(pid: str, body: str) -> Position:
        return Position.model_validate(position(id=pid, title="Care", lead="Care.", body=body))

    common = "Care reform has a cost. "
    act = pos("act-now", common * 3 + "Inaction is costly.")
    digital = pos("digital", common + "Patients and patients' records need digital tools.")
    other = pos("other", common + "Providers are under strain.")
    texts = [
        "How much is inaction on care reform costing patients?",
        "Who bears the cost of care reform?",
    ]
    home = place(texts, [[act, digital], [act, other]], [frozenset(), frozenset()])
    assert home["act-now"] == 0  # it holds the first question's rare word; the second has none
    assert home["other"] == 1


@pytest.mark.parametrize("template", ["consultation-response", "briefing"])
def test_key_messages_all_set_out_in_one_answer_say_so_once(cli, lib, tmp_path, template):
    """A one-question consultation (an officer's reading of the Fair Funding Review 2.0): four key
    messages each ended "(see our answer to question 1)", line after line."""
    both = {"number": 1, "text": "How should care be funded and staffed?", "positions": []}
    both["positions"] = ["funding", "workforce"]
    messages = {"positions": ["funding", "workforce"]}
    path = consult(tmp_path, [both], key_messages=messages)
    out = run(cli, lib, path, "--template", template)
    assert "- **Fund care properly.**" in out and "- **Pay care workers fairly.**" in out
    assert "(see our answer" not in out
    assert out.count("We set each of these out in our answer to question 1.") == 1
    # set out in two answers, each says where
    apart = [
        {"number": 1, "text": "How should care be funded?", "positions": ["funding"]},
        {"number": 2, "text": "How should care workers be paid?", "positions": ["workforce"]},
    ]
    out = run(cli, lib, consult(tmp_path, apart, key_messages=messages))
    assert "- **Fund care properly** (see our answer to question 1)." in out
    assert "- **Pay care workers fairly** (see our answer to question 2)." in out
    assert "We set each of these out" not in out


REFORM = position(
    id="reform",
    title="Reform care funding",
    tags=["care"],
    lead="Care funding needs reform that gives councils a stable base for years ahead.",
    body=(
        "Care funding reform has been promised and delayed for years, and each delay leaves "
        "councils covering rising care costs from budgets meant for other local services.\n\n"
        "Reform of care funding must also settle who pays for care."
    ),
    asks=[{"text": "Reform care funding within this Parliament."}],
)
MARKET = position(
    id="market",
    title="Stabilise the care market",
    tags=["care"],
    lead="Councils need care funding that keeps local care providers open.",
    body="Providers hand back contracts when fees fall behind costs, and people wait for care.",
    asks=[{"text": "Fund fee rates that cover the cost of care."}],
)


def test_a_position_gets_its_lead_before_another_gets_a_second_paragraph(cli, tmp_path):
    """Tuning on our answers set: a position whose lead and evidence did not fit beside the share
    kept back for asks was left out, and the words went to a second paragraph of another position
    instead. A position's point comes before more of another's argument."""
    library = make_library(
        tmp_path / "lib", {"positions/reform.yaml": REFORM, "positions/market.yaml": MARKET}
    )
    question = {
        "number": 1,
        "text": "How should care funding be reformed?",
        "positions": ["reform", "market"],
        "words": 62,
    }
    answer = answers(run(cli, library, consult(tmp_path, [question])))["1"]
    assert REFORM["lead"] in answer and MARKET["lead"] in answer
    assert "who pays" not in answer  # the second paragraph of the first: there is no room for both


@pytest.mark.parametrize(
    ("text", "case"),
    [
        ("Examples are sought of digital services used at place level.", True),
        ("How should digital services be used at place level?", False),
        ("How, for example, should digital services be used at place level?", False),
    ],
)
def test_a_question_asking_for_examples_has_one_before_more_argument(cli, tmp_path, text, case):
    """An officer's reading of a call for evidence: "Examples are sought of innovative use of data"
    had four positions' arguments and its one example, 100% Digital Leeds, left out for length."""
    home = position(
        id="home",
        title="Digital services at place level",
        tags=["care"],
        lead="Digital services work best when councils and the NHS design them together.",
        body="Shared records let social workers and district nurses see the same plan for each "
        "person, so that nobody has to tell their story twice and visits are not duplicated "
        "across the week by teams who never meet one another.\n\n"
        "Councils bring housing, leisure and welfare data that the NHS does not hold, and those "
        "links are what turn a clinical record into a picture of how a person lives and what "
        "would help them stay well at home.",
        case_studies=[
            {
                "council": "Exampleton Council",
                "title": "Joined-up digital front door",
                "summary": "One online front door for care and housing cut repeat calls.",
                "source": "doc",
            }
        ],
    )
    library = make_library(tmp_path / "lib", {"positions/home.yaml": home})
    question = {"number": 1, "text": text, "positions": ["home"], "words": 95}
    answer = answers(run(cli, library, consult(tmp_path, [question])))["1"]
    assert ("Joined-up digital front door" in answer) is case
    assert ("nobody has to tell their story twice" in answer) is True


def test_the_asks_of_a_position_go_to_the_answer_asking_for_next_steps(cli, lib, tmp_path):
    """An officer's reading of a committee inquiry with two topics, "Assessments of the
    Government's progress" and "Views on the next steps that the Government should take": the
    position set out under the first (it fits it best) had its ask only in the closing summary,
    and the answer on next steps went without it."""
    gap = {
        "number": 1,
        "text": "How large is the care funding gap, and how fast does it grow?",
        "positions": ["funding"],
    }
    steps = {
        "number": 2,
        "text": "Views on the next steps that the Government should take on the care workforce",
        "positions": ["workforce", "funding"],
    }
    out = answers(run(cli, lib, consult(tmp_path, [gap, steps])))
    assert FUNDING["lead"] in out["1"] and FUNDING["lead"] not in out["2"]
    for ask in FUNDING["asks"]:
        assert ask["text"] in out["2"].split("We ask the Government to:")[1], ask
        assert ask["text"] not in out["1"]
    assert WORKFORCE["asks"][0]["text"] in out["2"]
    # a briefing sets each position's asks inside it; one set out elsewhere lists them after
    briefing = run(cli, lib, consult(tmp_path, [gap, steps]), "--template", "briefing")
    second = briefing.split("Question 2:")[1].split("## Sources")[0]
    assert FUNDING["asks"][0]["text"] in second and briefing.count(FUNDING["asks"][0]["text"]) == 1
    # where the answer it is set out in asks for proposals too, its asks stay there
    both = {**gap, "text": "What should the Government do about the care funding gap?"}
    out = answers(run(cli, lib, consult(tmp_path, [both, steps])))
    assert FUNDING["asks"][0]["text"] in out["1"]
    assert FUNDING["asks"][0]["text"] not in out["2"]


def test_the_words_of_an_ask_left_to_the_summary_take_a_paragraph_that_did_not_fit(cli, tmp_path):
    """An officer's reading (a Lords committee's call for evidence on the Children and Families
    Act 2014, 2022): the asks a paragraph made went to the summary, and the answer ended at 398 of
    its 500 words, yet its drafting note said a paragraph of 60 words was left out for length.
    The words an ask leaves behind were offered to the figures that did not fit, not to the
    paragraphs."""
    budgets = _budgets(asks=[CO_PRODUCE])
    budgets["body"] += (
        "\n\nPeople who hold a personal budget say they have more say over when and how they are "
        "supported, and carers say the same of the budgets they manage for others."
    )
    library = make_library(tmp_path / "lib", {"positions/budgets.yaml": budgets})
    question = {"number": 1, "text": "How can care be personalised?", "positions": ["budgets"]}
    out = run(cli, library, consult(tmp_path, [{**question, "words": 90}]))  # it took 102 before
    answer = answers(out)["1"]
    assert "Commit to co-producing" not in answer  # its ask, in the summary
    assert "extend personal budgets and direct payments." in answer
    assert "carers say the same of the budgets they manage for others." in answer


def test_an_ask_its_lead_makes_keeps_its_timeframe_where_the_question_asks_when(cli, tmp_path):
    """Change NHS asked for policy ideas "and what timeframe you would expect": "Government should
    commit to reviewing NHS Continuing Healthcare." set out the review, but its ask, "Commit to a
    review of NHS Continuing Healthcare." (quick to do / in the middle), went to the summary alone,
    so the answer never said when. Elsewhere the lead makes the ask, and it is not said twice."""
    review = position(
        id="review",
        title="Review continuing care",
        lead="Government should commit to reviewing continuing healthcare.",
        body="Eligibility decisions vary widely between areas.",
        asks=[
            {"text": "Commit to a review of continuing healthcare.", "timeframe": "in the middle"}
        ],
    )
    root = make_library(tmp_path / "lib", {"positions/review.yaml": review})
    when = {
        "number": 1,
        "text": "What should change, and what timeframe would you expect?",
        "positions": ["review"],
    }
    answer = answers(run(cli, root, consult(tmp_path, [when])))["1"]
    assert "- Commit to a review of continuing healthcare. *(in the middle)*" in answer
    what = {**when, "text": "What should change in continuing healthcare?"}
    answer = answers(run(cli, root, consult(tmp_path, [what])))["1"]
    assert "Commit to a review" not in answer


def test_a_question_ending_and_when_asks_about_timing():
    """ "What reforms should follow, and when?" asks when as plainly as "what timeframe" does: its
    asks show their timeframes. "When" alone asks in what circumstances, not how soon."""
    assert wants_timeframes("What reforms should follow, and when?")
    assert wants_timeframes("What should change and when ?")
    assert not wants_timeframes("What happens when people leave hospital?")
    assert not wants_timeframes("When should the Secretary of State intervene?")


def test_harvest_knows_the_also_line_before_more_asks_as_ours():
    """Harvest tells what lga-draft wrote from what the officer added: "We also ask ..." is ours."""
    from lga_draft.library.load import load_positions_only
    from lga_draft.roundtrip.outside import is_furniture
    from lga_draft.word.read import Paragraph

    library = load_positions_only(ROOT)
    for text in (
        "We also ask the Government to:",
        "We also ask the Committee to recommend that the Government:",
    ):
        assert is_furniture(Paragraph(text, None, "", False), library), text
    assert not is_furniture(Paragraph("We also want a new duty.", None, "", False), library)
