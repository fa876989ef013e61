"""Issue 16, item 8: a wrong command line (a bad option value too) exits 2, as the README says."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

LIB = str(FIXTURES / "library")
CONSULTATION = str(FIXTURES / "consultation.yaml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["draft", CONSULTATION, "--format", "pdf"], "--format: 'pdf' is not one of md, docx"),
        (["list", "--status", "all"], "--status: 'all' is not one of draft, approved, retired"),
        (["check", "--today", "2026-13-01"], "--today: '2026-13-01' is not a date as YYYY-MM-DD"),
        (["draft", CONSULTATION, "--today", "soon"], "--today: 'soon' is not a date as YYYY-MM-DD"),
        (["schema", "nonsense"], "unknown schema 'nonsense'"),
        (["suggest"], 'give a consultation file or --question "TEXT", not both or neither'),
    ],
)
def test_bad_option_values_exit_2(cli, args, message):
    result = cli("--library", LIB, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["darft", CONSULTATION], "No such command 'darft'. Did you mean 'draft'?"),
        (["draft", CONSULTATION, "--fromat", "md"], "No such option: --fromat"),
        (["search"], "Missing argument 'WORDS'."),
        (["--libary", LIB, "list"], "No such option: --libary"),
    ],
)
def test_a_misspelt_command_or_option_is_one_line(cli, args, message):
    """A newcomer's typo got click's four lines (usage, a hint, a blank line, the error)."""
    result = cli(*args) if args[0] == "--libary" else cli("--library", LIB, *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert lines[0].endswith("-h' for help)")
