"""Docs that cannot drift: every command in the README with help text, CI runs the README's tests,
and the generated docs are current."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT

from lga_draft.cli import app
from lga_draft.errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_OUTPUT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_is_in_the_readme_with_an_example():
    for name in _commands():
        assert f"| `lga-draft {name}` | `lga-draft {name}" in README, (
            f"README lacks a row for '{name}'"
        )


def test_every_command_has_help():
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert (command.help or "").strip(), f"'{name}' has no help text"


def test_usage_lines_bracket_each_argument_once():
    """`draft --help` read "Usage: lga-draft draft [OPTIONS] [[CONSULTATION.yaml]...]...": the
    metavar carried the brackets and dots that typer adds itself."""
    from typer.testing import CliRunner

    for name in _commands():
        out = CliRunner().invoke(app, [name, "--help"], terminal_width=200).output
        usage = next(line for line in out.splitlines() if line.startswith("Usage:"))
        assert "[[" not in usage and "...]" not in usage and "{[" not in usage, usage
    out = CliRunner().invoke(app, ["draft", "--help"], terminal_width=200).output
    assert "[CONSULTATION.yaml]..." in out


def test_exit_codes_are_documented():
    for code in (0, EXIT_INPUT, 2, EXIT_OUTPUT, EXIT_INTERNAL, 130):
        assert re.search(rf"^\| {code} \|", README, re.M), f"exit code {code} is not in the README"


def _readme_commands() -> list[str]:
    return re.findall(r"```sh\n(pip install [^\n]+)\n```", README)


def test_ci_runs_the_readme_test_command():
    install, test = _readme_commands()[:2]
    assert "lga-draft draft" in install
    assert "pytest" in test
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_generated_docs_are_current(tmp_path):
    """scripts/update_docs.py output matches what is committed (run it after changing positions)."""
    import importlib.util

    loader_spec = importlib.util.spec_from_file_location(
        "update_docs", ROOT / "scripts" / "update_docs.py"
    )
    module = importlib.util.module_from_spec(loader_spec)
    loader_spec.loader.exec_module(module)
    spec = vars(module)
    for example, template in spec["EXAMPLES"].items():
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "lga_draft",
                "--library",
                str(ROOT),
                "draft",
                f"examples/{example}",
                "--template",
                template,
                "--today",
                spec["TODAY"],
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        ).stdout
        committed = (ROOT / "docs" / "examples" / f"{template}.md").read_text(encoding="utf-8")
        assert out == committed, (
            f"docs/examples/{template}.md is stale: run python scripts/update_docs.py"
        )


def test_every_source_note_in_the_example_drafts_is_referenced():
    """A note defined but never referenced is dropped by pandoc and by Word export alike: the
    text it belonged to would reach the reader uncited (as key messages once did)."""
    import re

    drafts = sorted((ROOT / "docs" / "examples").glob("*.md"))
    assert len(drafts) >= 5
    for draft in drafts:
        text = draft.read_text(encoding="utf-8")
        defined = set(re.findall(r"^\[\^([^\]]+)\]:", text, flags=re.MULTILINE))
        referenced = set(re.findall(r"\[\^([^\]]+)\](?!:)", text))
        if draft.stem == "press-release":  # no notes: its sources are in the notes to editors
            assert not defined and not referenced and "## Notes to editors" in text
            continue
        assert defined, draft.name
        assert defined <= referenced, (
            f"{draft.name}: notes never referenced: {defined - referenced}"
        )


def _fenced_blocks(text: str) -> list[str]:
    return re.findall(r"^```[^\n]*\n(.*?)^```", text, re.M | re.S)


def test_install_commands_name_a_source_that_exists():
    """Issue 16, item 18: lga-draft is on no package index, so every `pip install` a reader may copy
    installs it from a checkout, a path or a git URL, never by its bare name."""
    found = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for block in _fenced_blocks(doc.read_text(encoding="utf-8")):
            for command in re.findall(r"pip install ([^\n#&]*)", block):
                for arg in command.split():
                    name = arg.strip("'\"")
                    if re.match(r"lga[-_]draft\b", name, re.I):
                        found.append(f"{doc.relative_to(ROOT)}: pip install {command.strip()}")
    assert found == []


def test_readme_examples_on_the_bundled_examples_succeed(cli, tmp_path):
    """Issue 16, items 3 and 17: every README command on the bundled examples works as written
    (run in a folder holding a copy of examples/, against the bundled library)."""
    import glob
    import shlex
    import shutil

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    commands = sorted(set(re.findall(r"lga-draft ([a-z]+ [^`\n]*examples/[^`\n]*)", README)))
    assert len(commands) >= 4
    for command in commands:
        args = []
        for arg in shlex.split(command):
            args += sorted(glob.glob(arg)) if "*" in arg else [arg]
        result = cli(*args)
        assert result.exit_code == 0, f"lga-draft {command}: {result.output}"
