"""Words that date: names no longer current (stale_terms) and things spoken of as still to come."""

from __future__ import annotations

import datetime as dt

from conftest import make_library, position

from lga_draft.library.checks import wording_problems
from lga_draft.library.load import load_library

PHE = {
    "name": "Public Health England",
    "aliases": ["PHE"],
    "replaced_by": "UKHSA and OHID",
    "since": "2021-10-01",
    "source": "https://example.org/phe",
}
SETTINGS = {"teams": {"team": "The team"}, "stale_terms": [PHE]}


def found(tmp_path, today=dt.date(2025, 1, 1), settings=SETTINGS, **fields):
    root = make_library(
        tmp_path, {"positions/p1.yaml": position(**fields)}, **{"library.yaml": settings}
    )
    result = load_library(root)
    assert result.errors == []
    return [str(p) for p in wording_problems(result.library, today)]


def test_a_stale_name_is_reported_at_its_line_with_what_replaced_it(tmp_path):
    # the body is dumped as a quoted scalar from line 10; the name stands on line 14
    body = "First line.\nWe worked with\nPublic Health England on this.\n"
    assert found(tmp_path, body=body) == [
        "positions/p1.yaml:14: warning: position 'p1' names 'Public Health England', no longer "
        "current: replaced since 2021-10-01 by UKHSA and OHID (source: https://example.org/phe)"
    ]


def test_aliases_plurals_and_any_case_match_but_not_inside_other_words(tmp_path):
    assert len(found(tmp_path, lead="The PHEs said so.", asks=["Ask public health england."])) == 2
    assert found(tmp_path, lead="A PHENOMENON of graphed data.") == []


def test_retired_positions_and_evidence_are_not_checked(tmp_path):
    assert found(tmp_path, status="retired", lead="Public Health England said so.") == []
    ev = [
        {
            "id": "e1",
            "statement": "Money spent by Public Health England",
            "figure": "£1",
            "as_of": "2019",
            "source": "doc",
        }
    ]
    assert found(tmp_path, evidence=ev) == []


def test_a_stale_term_must_cite_a_known_source_or_a_public_page(tmp_path):
    settings = {"teams": {"team": "The team"}, "stale_terms": [{**PHE, "source": "hearsay"}]}
    assert found(tmp_path, settings=settings) == [
        "library.yaml:9: stale term 'Public Health England': source 'hearsay' is neither a key of "
        "sources.yaml nor the address of a public page"
    ]
    settings["stale_terms"][0]["source"] = "doc"  # a key of sources.yaml
    assert found(tmp_path, settings=settings) == []


def test_future_words_are_reported_only_once_every_source_is_older_than_the_review_period(
    tmp_path,
):
    # the only source is of 2024-01-01 and the review period 24 months
    lead = "The forthcoming plan must fix this."
    assert found(tmp_path, today=dt.date(2025, 12, 31), lead=lead) == []
    assert found(tmp_path, today=dt.date(2026, 1, 2), lead=lead) == [
        "positions/p1.yaml:9: warning: position 'p1' speaks of a thing as still to come "
        "('forthcoming'), but its newest source is of 2024-01-01, more than 24 months ago: "
        "say what became of it, or date the text"
    ]
    shorter = {**SETTINGS, "defaults": {"review_months": 6}}
    assert len(found(tmp_path, today=dt.date(2024, 8, 1), settings=shorter, lead=lead)) == 1


def test_draft_reports_the_same_warnings(cli, tmp_path):
    root = make_library(
        tmp_path / "lib",
        {"positions/p1.yaml": position(lead="Public Health England says so.")},
        **{"library.yaml": SETTINGS},
    )
    consultation = tmp_path / "c.yaml"
    consultation.write_text(
        "title: A consultation\nissued_by: A department\n"
        "questions:\n  - number: '1'\n    text: What about care?\n    tags: care\n",
        encoding="utf-8",
    )
    result = cli("--library", root, "draft", consultation, "--today", "2025-01-01", "-v")
    assert result.exit_code == 0, result.output
    assert "names 'Public Health England', no longer current" in result.stderr


def test_the_index_finds_every_position_a_full_pass_over_the_words_would(tmp_path):
    # wording_problems reads only the positions the index's phrase search names: it must find
    # what reading every position finds, whatever the case, plural, line break or punctuation
    texts = [
        "Public\n  Health   England's view",
        "PHEs and the plans",
        "said (public health england) once",
        "PHE-led work",
        "The forthcoming plan, yet to be published.",
        "Nothing that dates.",
        "A PHENOMENON only.",
    ]
    files = {
        f"positions/p{i}.yaml": position(id=f"p{i}", **{field: text})
        for i, text in enumerate(texts)
        for field in [("title", "lead", "body")[i % 3]]
    }
    files["positions/p9.yaml"] = position(id="p9", asks=["Stop the forthcoming cuts."])
    root = make_library(tmp_path, files, **{"library.yaml": SETTINGS})
    lib = load_library(root).library
    today = dt.date(2026, 6, 1)
    found = wording_problems(lib, today)
    assert found == wording_problems(lib, today, list(lib.positions))
    assert {p.message.split("'")[1] for p in found} == {"p0", "p1", "p2", "p3", "p4", "p9"}


def test_words_that_date_a_text_to_its_year_or_its_government_are_reported(tmp_path):
    # drafted two years on, "this year's Spending Review" or "the new Government" reads as stale
    texts = {
        "this year": "This year's Spending Review must put care on a sound footing.",
        "the new Government": "The new government should fund councils properly.",
        "next year": "Settlements for next year must come early.",
        "later this": "Reform due later this autumn must include care.",
        "due to be": "The strategy due to be set out must involve councils.",
        "when published": "The workforce plan, when published, must cover care.",
    }
    files = {
        f"positions/p{i}.yaml": position(id=f"p{i}", lead=text)
        for i, text in enumerate(texts.values())
    }
    root = make_library(tmp_path, files, **{"library.yaml": SETTINGS})
    lib = load_library(root).library
    today = dt.date(2026, 12, 7)
    found = wording_problems(lib, today)  # the positions the index names
    assert found == wording_problems(lib, today, list(lib.positions))  # and a full pass
    said = {p.message.split("'")[1]: p.message.split("'")[3] for p in found}
    assert {pid: words.lower() for pid, words in said.items()} == {
        f"p{i}": words.lower() for i, words in enumerate(texts)
    }
