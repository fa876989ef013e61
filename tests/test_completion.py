"""Issue 16, item 7: typer's shell completion is switched on."""

from __future__ import annotations

import os
import subprocess
import sys


def test_help_offers_completion_options(cli):
    result = cli("--help")
    assert result.exit_code == 0
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout


def test_show_completion_prints_a_bash_script(cli, monkeypatch):
    # typer detects the shell from the processes above this one, which a test runner's workers
    # may not show (it printed "Shell  not supported." in one run): the shell is bash here
    import shellingham

    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("bash", "/bin/bash"))
    result = cli("--show-completion")
    assert result.exit_code == 0, result.output
    assert "_lga_draft_completion" in result.stdout
    assert "complete -o default -F _lga_draft_completion lga-draft" in result.stdout


def test_completion_completes_command_names():
    env = dict(
        os.environ,
        _LGA_DRAFT_COMPLETE="complete_bash",
        COMP_WORDS="lga-draft dra",
        COMP_CWORD="1",
    )
    code = "import sys; sys.argv[0] = 'lga-draft'; from lga_draft.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == ["draft"], done.stderr
