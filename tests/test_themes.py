"""Issue 16, item 12: briefing and position-statement sections are themes a reader recognises (the
consultation's own topic tags, else the vocabulary's broadest tag above each position), never the
names of the teams that own the positions."""

from __future__ import annotations

import re

from conftest import TAGS, make_library, position

VOCABULARY = {**TAGS, "nhs-finance": {"description": "NHS money", "broader": "nhs"}}
VOCABULARY["nhs"] = {"description": "The NHS", "aliases": ["NHS England"]}


def _library(tmp_path):
    return make_library(
        tmp_path / "lib",
        {
            # each its own lead: a draft never says one sentence twice
            "positions/p1.yaml": position(
                id="p1", tags=["care-funding"], title="Fund care", lead="Fund care."
            ),
            "positions/p2.yaml": position(
                id="p2", tags=["health"], title="Fund health", lead="Fund health."
            ),
            "positions/p3.yaml": position(
                id="p3", tags=["nhs-finance"], title="Fund the NHS", lead="Fund the NHS."
            ),
        },
        **{"tags.yaml": VOCABULARY, "library.yaml": {"teams": {"team": "Policy team"}}},
    )


def _headings(markdown: str, level: str) -> list[str]:
    return re.findall(rf"^{level} (.+)$", markdown, re.M)


def test_position_statement_themes_follow_the_drafts_own_tags(cli, tmp_path):
    root = _library(tmp_path)
    result = cli(
        "--library",
        root,
        "draft",
        "--tags",
        "care-funding,health,nhs",
        "--title",
        "T",
        "--template",
        "position-statement",
        "--today",
        "2026-01-01",
    )
    assert result.exit_code == 0, result.output
    assert _headings(result.stdout, "##") == ["Care funding", "Health", "NHS", "Sources"]


def test_briefing_themes_are_the_broadest_tags_without_a_topic(cli, tmp_path):
    root = _library(tmp_path)
    (tmp_path / "c.yaml").write_text(
        "title: T\nissued_by: D\ntemplate: position-statement\nquestions:\n"
        "  - {number: 1, text: Why, positions: [p1, p2, p3]}\n",
        encoding="utf-8",
    )
    statement = cli("--library", root, "draft", tmp_path / "c.yaml", "--today", "2026-01-01")
    assert statement.exit_code == 0, statement.output
    assert _headings(statement.stdout, "##") == ["Care", "Health", "NHS", "Sources"]
    briefing = cli(
        "--library",
        root,
        "draft",
        "--tags",
        "care,health,nhs",
        "--title",
        "T",
        "--template",
        "briefing",
        "--today",
        "2026-01-01",
    )
    assert briefing.exit_code == 0, briefing.output
    assert _headings(briefing.stdout, "###") == ["Care", "Health", "NHS"]
    assert "Policy team" not in _headings(briefing.stdout, "###")


def test_positions_printed_whole_say_each_point_once(cli, tmp_path):
    """A position statement prints each position whole, theme by theme: a body sentence making a
    point a position above already made, in other words, is left out, and so is an ask whose point
    a sentence of its own printed body makes ("*We propose:* Consider bringing personal care ..."
    under "Serious thought should be given to bringing personal care ...")."""
    pay = position(
        id="pay",
        title="Pay care workers fairly",
        lead="Care workers deserve fair pay.",
        body="Care workers are paid far too little for the skilled work they do every day.\n\n"
        "Councils cannot raise pay without new money from government.",
    )
    floor = position(
        id="floor",
        title="A pay floor for care",
        lead="A national pay floor would steady the care workforce.",
        body="The skilled work care workers do every day is paid far too little.\n\n"
        "Turnover among care staff stays high while pay lags behind retail.\n\n"
        "Government should fund a national pay floor for care workers.",
        asks=[
            {"text": "Fund a national pay floor for care workers."},
            {"text": "Publish care turnover figures every quarter."},
        ],
    )
    root = make_library(
        tmp_path / "lib", {"positions/pay.yaml": pay, "positions/floor.yaml": floor}
    )
    for template in ("position-statement", "briefing"):
        (tmp_path / "c.yaml").write_text(
            f"title: T\nissued_by: D\ntemplate: {template}\nquestions: []\n"
            "key_messages: {positions: [pay, floor]}\n",
            encoding="utf-8",
        )
        result = cli("--library", root, "draft", tmp_path / "c.yaml", "--today", "2026-01-01")
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert out.count("paid far too little") == 1, template
        assert "Turnover among care staff stays high" in out
        assert "Councils cannot raise pay" in out
    for template in ("position-statement", "briefing"):  # a briefing's "Our asks:" too
        printed = cli(
            "--library",
            root,
            "draft",
            tmp_path / "c.yaml",
            "--template",
            template,
            "--today",
            "2026-01-01",
        ).stdout
        assert "Publish care turnover figures every quarter." in printed, template
        assert "Fund a national pay floor" not in printed, template
