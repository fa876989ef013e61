"""Regenerate the generated docs: the source coverage table and one rendered example per template.

    python scripts/update_docs.py

tests/test_docs.py fails when these fall out of date, so run this after changing positions,
templates or examples.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-22"
EXAMPLES = {  # example file -> the template it shows
    "change-nhs.yaml": "consultation-response",
    "adult-social-care-funding.yaml": "briefing",
    "integrated-care-systems.yaml": "position-statement",
    "rethinking-local.yaml": "offer-and-ask",
    "nhs-plan-press-release.yaml": "press-release",
}


def run(*args: str) -> str:
    # the content hash as the library version, not this checkout's commit: same in every clone
    env = {**os.environ, "LGA_DRAFT_NO_GIT": "1"}
    return subprocess.run(
        [sys.executable, "-m", "lga_draft", "--library", str(ROOT), *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    ).stdout


def main() -> None:
    (ROOT / "docs" / "source-coverage.md").write_text(
        run("sources", "--markdown"), encoding="utf-8"
    )
    for example, template in EXAMPLES.items():
        out = run("draft", f"examples/{example}", "--template", template, "--today", TODAY)
        (ROOT / "docs" / "examples" / f"{template}.md").write_text(out, encoding="utf-8")
    print("docs updated")


if __name__ == "__main__":
    main()
