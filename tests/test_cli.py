"""The browse-and-check commands through the CLI runner: exit codes and exact messages."""

from __future__ import annotations

import io
import json
import sys

import pytest
from conftest import FIXTURES, ROOT, make_library, position

LIB = str(FIXTURES / "library")


def test_list_json_has_the_documented_fields(cli):
    result = cli("--library", LIB, "list", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [i["id"] for i in items] == [
        "care-funding-gap",
        "care-workforce-draft",
        "old-prevention",
        "pooled-budgets-original-aims",
        "prevention-first",
    ]
    first = items[0]
    assert {"id", "title", "tags", "status"} <= set(first)
    assert first["tags"] == ["care-funding"] and first["status"] == "approved"


def test_list_filters_by_tag_expression_and_status(cli):
    result = cli(
        "--library", LIB, "list", "--tag", "ASC,-care-funding", "--status", "approved", "--json"
    )
    assert result.exit_code == 0, result.output
    assert [i["id"] for i in json.loads(result.stdout)] == ["pooled-budgets-original-aims"]


def test_list_table_shows_titles(cli):
    result = cli("--library", LIB, "list")
    assert result.exit_code == 0
    assert "Close the care funding gap" in result.stdout
    assert "5 position(s)" in result.stdout


def test_tag_expression_that_selects_nothing_is_an_error(cli):
    result = cli("--library", LIB, "list", "--tag", "prevention+pooled-budgets")
    assert result.exit_code == 1
    # the option named, as when its expression cannot be read
    assert result.stderr.strip() == (
        "--tag: tag expression 'prevention+pooled-budgets' selects no positions"
    )


def test_unknown_tag_in_list_suggests(cli):
    result = cli("--library", LIB, "list", "--tag", "preventon")
    assert result.exit_code == 1
    assert "unknown tag 'preventon' (did you mean 'prevention'?)" in result.stderr
    assert "Traceback" not in result.output


def test_bad_status_is_an_error(cli):
    result = cli("--library", LIB, "list", "--status", "final")
    assert result.exit_code == 2
    assert result.stderr.strip() == "--status: 'final' is not one of draft, approved, retired"


def test_show_prints_everything_about_a_position(cli):
    result = cli("--library", LIB, "show", "care-funding-gap")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in (
        "Close the care funding gap",
        "Adult care needs long-term funding",
        "fixture figure B",
        "superseded by care-gap-2024",
        "Exampleton Council",
        "Fixture response 2024",
        "Section one",
    ):
        assert text in out


def test_show_unknown_id_suggests(cli):
    result = cli("--library", LIB, "show", "care-funding")
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == "unknown position id 'care-funding' (did you mean 'care-funding-gap'?)"
    )


def test_show_json_round_trips(cli):
    result = cli("--library", LIB, "show", "prevention-first", "--json")
    assert json.loads(result.stdout)["asks"] == [
        {"text": "Restore the public health grant.", "timeframe": None}
    ]


def test_search_ranks_and_explains(cli):
    result = cli("--library", LIB, "search", "pooled budgets for integration", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert hits[0]["id"] == "pooled-budgets-original-aims"
    assert "integration" in hits[0]["terms"]
    assert hits[0]["tags"] == ["pooled-budgets"]  # the alias/name "pooled budgets" named the tag


def test_search_shows_status_and_leaves_retired_positions_out_unless_asked(cli):
    result = cli("--library", LIB, "search", "older prevention position", "--json")
    found = {h["id"]: h["status"] for h in json.loads(result.stdout)}
    assert "old-prevention" not in found  # retired
    assert found["prevention-first"] == "approved"
    everything = cli("--library", LIB, "search", "older prevention position", "--all", "--json")
    hits = json.loads(everything.stdout)
    assert hits[0]["id"] == "old-prevention" and hits[0]["status"] == "retired"
    table = cli("--library", LIB, "search", "older prevention position", "--all")
    row = next(line for line in table.stdout.splitlines() if "old-prevention" in line)
    assert "retired" in row


def test_search_takes_its_words_quoted_or_not(cli):
    """An officer typed `lga-draft search early years` and got "unexpected extra argument"."""
    quoted = cli("--library", LIB, "search", "pooled budgets for integration", "--json")
    loose = cli("--library", LIB, "search", "pooled", "budgets", "for", "integration", "--json")
    assert loose.exit_code == 0, loose.output
    assert json.loads(loose.stdout) == json.loads(quoted.stdout) != []


def test_search_with_no_match_says_so(cli):
    result = cli("--library", LIB, "search", "zebra crossings")
    assert result.exit_code == 1
    assert "no position matches 'zebra crossings'" in result.stderr


def test_tags_counts_include_narrower(cli):
    result = cli("--library", LIB, "tags", "--json")
    rows = {r["tag"]: r for r in json.loads(result.stdout)}
    assert rows["care"]["count"] == 1  # care-workforce-draft
    assert rows["care"]["count_with_narrower"] == 3  # plus care-funding and pooled-budgets
    assert rows["pooled-budgets"]["aliases"] == ["BCF", "better care fund"]


def test_check_passes_with_warnings_and_fails_strict(cli):
    ok = cli("--library", LIB, "check", "--today", "2026-01-01")
    assert ok.exit_code == 0, ok.output
    assert (
        "warning: position 'pooled-budgets-original-aims' was due for review by 2021-01-17"
        in ok.stderr
    )
    assert "5 position(s) checked: 0 error(s), 1 warning(s)" in ok.stderr
    strict = cli("--library", LIB, "check", "--today", "2026-01-01", "--strict")
    assert strict.exit_code == 1


def test_check_reports_every_problem_and_exits_1(cli, tmp_path):
    root = make_library(
        tmp_path / "lib",
        {
            "positions/p1.yaml": position(tags=["carre"]),
            "positions/p2.yaml": position(id="p2", owner="nobody"),
            "positions/p3.yaml": "id: [broken\n",
        },
    )
    result = cli("--library", root, "check", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 3
    messages = [p["message"] for p in report["problems"]]
    assert "unknown tag 'carre' (did you mean 'care'?)" in messages
    assert any(m.startswith("unknown owner 'nobody'") for m in messages)


def test_check_bad_today(cli):
    result = cli("--library", LIB, "check", "--today", "tomorrow")
    assert result.exit_code == 2
    assert result.stderr.strip() == "--today: 'tomorrow' is not a date as YYYY-MM-DD"


def test_schema_exports_json_schema(cli):
    for kind in ("position", "consultation", "tags", "sources", "settings"):
        result = cli("schema", kind)
        assert result.exit_code == 0, result.output
        schema = json.loads(result.stdout)
        assert schema["$schema"].startswith("https://json-schema.org/")
    position_schema = json.loads(cli("schema").stdout)
    assert {"id", "title", "lead", "body", "tags", "sources"} <= set(position_schema["required"])
    assert position_schema["additionalProperties"] is False
    bad = cli("schema", "nonsense")
    assert bad.exit_code == 2 and "unknown schema 'nonsense'" in bad.stderr


def test_library_from_environment_variable(cli, monkeypatch, tmp_path):
    root = make_library(tmp_path / "envlib")
    monkeypatch.setenv("LGA_DRAFT_LIBRARY", str(root))
    result = cli("list", "--json")
    assert [i["id"] for i in json.loads(result.stdout)] == ["p1"]


def test_nearest_library_upward_from_working_folder(cli, monkeypatch, tmp_path):
    root = make_library(tmp_path / "team")
    deep = root / "work" / "2026"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = cli("list", "--json")
    assert [i["id"] for i in json.loads(result.stdout)] == ["p1"]


def test_bundled_library_when_no_other(cli, tmp_path):
    result = cli("list", "--json")  # tmp_path holds no positions/ anywhere above it
    assert result.exit_code == 0, result.output
    ids = {i["id"] for i in json.loads(result.stdout)}
    assert "public-health-grant" in ids
    assert len(ids) == len(list((ROOT / "positions").rglob("*.yaml")))


def test_library_option_errors(cli, tmp_path):
    missing = cli("--library", tmp_path / "nope", "list")
    assert missing.exit_code == 1
    assert "library folder given by --library does not exist" in missing.stderr
    (tmp_path / "empty").mkdir()
    not_lib = cli("--library", tmp_path / "empty", "list")
    assert "not a library (no 'positions/' folder nor 'library.yaml')" in not_lib.stderr


def test_broken_library_lists_problems_not_a_traceback(cli, tmp_path):
    root = make_library(
        tmp_path / "lib", {"positions/p1.yaml": "id: !!python/object/apply:os.system ['echo hi']\n"}
    )
    result = cli("--library", root, "list")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(
        "lib/positions/p1.yaml:1: YAML tag '!!python/object/apply:os.system'"
    )
    assert lines[-1].startswith("error: the library at lib has 1 error(s)")
    assert "Traceback" not in result.output


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.startswith("lga-draft ")


def test_option_in_the_wrong_place_is_a_usage_error(cli):
    result = cli("list", "--library", LIB)
    assert result.exit_code == 2
    assert "--library goes before the command: lga-draft --library DIR list ..." in result.output
    assert "internal error" not in result.output


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "tty", "coloured"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),
    ],
)
def test_messages_are_coloured_only_on_a_terminal(monkeypatch, env, tty, coloured):
    from lga_draft.cli import _app

    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    stream = _Tty() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    _app._err_lines([("wrote x.docx", "green"), ("  warning: old figure", "yellow"), ("plain", "")])
    text = stream.getvalue()
    assert ("\x1b[32mwrote x.docx\x1b[0m" in text) is coloured
    assert ("\x1b[" in text) is coloured
    assert text.replace("\x1b[32m", "").replace("\x1b[33m", "").replace("\x1b[0m", "") == (
        "wrote x.docx\n  warning: old figure\nplain\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("search", "prevention cost effective treatment"),
        ("suggest", "--question", "Is prevention more cost-effective than treating illness?"),
        ("coverage", str(ROOT / "examples" / "change-nhs.yaml"), "--today", "2026-11-22"),
    ],
    ids=["search", "suggest", "coverage"],
)
def test_a_table_of_positions_keeps_every_id_whole_at_80_columns(cli, monkeypatch, args):
    """An officer copies ids from these tables into a consultation file: on an 80-column
    terminal "prevention-more-cost-effective-than-trea" over "tment" would be a typo to be."""
    import re

    monkeypatch.setenv("COLUMNS", "80")
    table = cli("--library", ROOT, *args)
    assert table.exit_code == 0, table.output
    found = json.loads(cli("--library", ROOT, *args, "--json").stdout)
    ids = set(re.findall(r'"id": "([^"]+)"', json.dumps(found)))
    assert any(len(i) > 30 for i in ids)  # long enough to have been folded
    whole = set(re.findall(r"[\w-]+", table.stdout))
    assert sorted(ids - whole) == []
    assert max(len(line) for line in table.stdout.splitlines()) <= 80
