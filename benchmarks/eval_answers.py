"""How much of what an officer would cite reaches the answer it belongs to, and at what length.

    python benchmarks/eval_answers.py                     # this checkout's code and library
    python benchmarks/eval_answers.py --code ../main      # another checkout (e.g. main: "before")
    python benchmarks/eval_answers.py --json
    python benchmarks/eval_answers.py --set benchmarks/tune_real   # the tuning set instead
    python benchmarks/eval_answers.py --oracle    # the officer's own positions, not `new`'s
    python benchmarks/eval_answers.py --ceiling 10  # the officer's, where the ranking's top 10 holds them

For each consultation of the evaluation set of real consultations (benchmarks/eval_real/, see
benchmarks/eval_real.py) it does what an officer does with default settings, through the command
line of the code under test: `lga-draft new --questions Q.txt --yes` (the suggested positions),
then `lga-draft draft` (Markdown, the consultation-response template). Each answer is the text
under its "### Question N" heading ("####" within a section), without the question itself, the
Markdown markup, the fenced div lines, footnote marks and the placeholders' bracketed words (a
position's title in "[Our answer to question 6 (...) may help.]" is not a fact the answer
carries). Then, per question:

- facts in the right answer: the share of the question's fact patterns (figures and named
  positions an officer would cite, case-insensitive regular expressions) found in the answer to
  that question; a fact found only in another answer does not count;
- answer length: words in the answer (its asks included).

It also prints what the consultation file named against the set's positions: how many, how many
of them the set's (precision), how many of the set's were found, how many questions the library
answers were left with none, and how many it cannot answer were given some.

Printed per consultation and overall (facts pooled over all questions; the median length over all
answers). The set is never used to tune anything: it measures.

`--oracle` skips `new`: each question names the positions the set says an officer would use
(`positions:`), so the figure is what composition alone does with the right positions, the
ceiling that better suggestions could reach. `--ceiling K` names, for each question, only those of
the officer's positions that the ranking (`lga-draft suggest --all --limit K`, with the
consultation's title) puts among its first K: what a perfect cut-off over that ranking would reach,
the ceiling of any change that only chooses among what the ranking offers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from eval_real import (  # noqa: E402
    SET_DIR,
    add_set_option,
    chosen_set,
    fact_regex,
    load_set,
    questions_file,
)

TODAY = "2026-12-06"


def run(code: Path, *args: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(code), LGA_DRAFT_NO_CACHE="1", NO_COLOR="1")
    env["PYTHONHASHSEED"] = "0"  # the same draft every run
    env.pop("LGA_DRAFT_LIBRARY", None)
    result = subprocess.run(
        [sys.executable, "-m", "lga_draft", "--library", str(code), *args],
        cwd=code,  # `-m` puts the working folder first on the path: run the checkout's own code
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"lga-draft {' '.join(args)}: exit {result.returncode}\n{result.stderr}")
    return result.stdout


def answers(markdown: str) -> dict[str, str]:
    """Question number -> the answer's plain text."""
    out: dict[str, str] = {}
    parts = re.split(r"^#{3,4} Question (\S+)[ \t]*$", markdown, flags=re.M)
    for number, chunk in zip(parts[1::2], parts[2::2], strict=True):
        chunk = re.split(r"^#{1,3} ", chunk, maxsplit=1, flags=re.M)[0]
        out[number] = plain(chunk)
    return out


def plain(chunk: str) -> str:
    lines = []
    for line in chunk.splitlines():
        if line.startswith(">") or line.startswith(":::"):
            continue  # the question as asked; fenced div markers
        lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"\[\^[^\]]+\]", "", text)  # footnote marks
    # a placeholder's words are the officer's to replace: a position's title in its hint ("[Our
    # answer to question 6 (Clearer nutrition and calorie labelling) may help.]") is no fact
    text = re.sub(
        r"\[(?:No standing position|Our answers? to|Our view|Quotation from)[^\]]*\]", "", text
    )
    text = re.sub(r"[*_`]", "", text)
    text = re.sub(r"^\s*[-+]\s+", "", text, flags=re.M)
    return text.strip()


def oracle_file(c: dict[str, Any], path: Path, within: dict[str, list[str]] | None = None) -> None:
    """A consultation file naming, for each question, the officer's positions of the set (only
    those among `within[number]`, the ranking's first K, when given)."""
    import yaml

    def named(q: dict[str, Any]) -> list[str]:
        want = list(q.get("positions") or [])
        if within is None:
            return want
        return [pid for pid in want if pid in within.get(str(q["number"]), [])]

    questions = [
        {"number": str(q["number"]), "text": q["text"], "positions": named(q)}
        for q in c["questions"]
    ]
    doc = {"title": c["title"], "issued_by": c["department"], "questions": questions}
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def ranked_first(code: Path, c: dict[str, Any], path: Path, k: int) -> dict[str, list[str]]:
    """Question number -> the first `k` positions of the ranking of the code under test."""
    oracle_file(c, path, within={})  # the questions and title, no positions named
    ranked = json.loads(run(code, "suggest", str(path), "--all", "--limit", str(k), "--json"))[
        "questions"
    ]
    return {str(q["number"]): [s["id"] for s in q["suggestions"]] for q in ranked}


def measure(
    code: Path,
    consultations: list[dict[str, Any]],
    work: Path,
    *,
    oracle: bool = False,
    ceiling: int | None = None,
) -> dict[str, Any]:
    import yaml

    rows = []
    all_found = all_facts = 0
    all_words: list[int] = []
    chosen = Counter()  # what the consultation file names, against what the set says
    for c in consultations:
        yaml_file = work / f"{c['id']}.yaml"
        md_file = work / f"{c['id']}.md"
        if ceiling:
            oracle_file(c, yaml_file, within=ranked_first(code, c, yaml_file, ceiling))
        elif oracle:
            oracle_file(c, yaml_file)
        else:
            run(
                code,
                "new",
                "--questions",
                str(questions_file(c)),
                "--yes",
                "-o",
                str(yaml_file),
                "--title",
                c["title"],
                "--issued-by",
                c["department"],
                "--today",
                TODAY,
                "--force",
            )
        run(code, "draft", str(yaml_file), "-o", str(md_file), "--today", TODAY, "--force")
        drafted = answers(md_file.read_text(encoding="utf-8"))
        named = yaml.safe_load(yaml_file.read_text(encoding="utf-8"))["questions"]
        named_by = {str(q["number"]): set(q.get("positions") or []) for q in named}
        for q in c["questions"]:
            want, got = set(q.get("positions") or []), named_by.get(str(q["number"]), set())
            chosen.update(
                shown=len(got),
                right=len(want & got),
                wanted=len(want),
                left_empty=bool(want and not got),
                filled_none=bool(got and not want),
            )
        found = facts = 0
        words = []
        for q in c["questions"]:
            text = drafted.get(str(q["number"]), "")
            words.append(len(text.split()))
            for fact in q.get("facts") or []:
                facts += 1
                found += bool(fact_regex(str(fact["pattern"])).search(text))
        rows.append(
            {
                "id": c["id"],
                "questions": len(c["questions"]),
                "facts": facts,
                "found": found,
                "share": found / facts if facts else None,
                "median_words": statistics.median(words) if words else 0,
            }
        )
        all_found += found
        all_facts += facts
        all_words += words
    return {
        "code": str(code),
        "rows": rows,
        "facts": all_facts,
        "found": all_found,
        "share": all_found / all_facts if all_facts else None,
        "median_words": statistics.median(all_words) if all_words else 0,
        "answers": len(all_words),
        "positions": dict(chosen),
    }


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--code", type=Path, default=ROOT, help="checkout whose code and library to run"
    )
    parser.add_argument("--json", action="store_true")
    named = parser.add_mutually_exclusive_group()
    named.add_argument(
        "--oracle", action="store_true", help="name the officer's positions instead of running new"
    )
    named.add_argument(
        "--ceiling",
        type=_positive,
        metavar="K",
        help="name the officer's positions that the ranking puts among its first K",
    )
    add_set_option(parser)
    args = parser.parse_args(argv)
    set_dir = chosen_set(args)
    with tempfile.TemporaryDirectory() as tmp:
        result = measure(
            args.code.resolve(),
            load_set(set_dir),
            Path(tmp),
            oracle=args.oracle,
            ceiling=args.ceiling,
        )
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"code: {result['code']}"
        + (" (oracle: the officer's positions named)" if args.oracle else "")
        + (
            f" (ceiling: the officer's positions among the ranking's first {args.ceiling})"
            if args.ceiling
            else ""
        )
    )
    if set_dir != SET_DIR:
        print(f"set: {set_dir.name}")
    print(
        f"{'consultation':<42} {'qs':>3} {'facts':>5} {'right':>5} {'share':>6} {'median words':>12}"
    )
    for r in result["rows"]:
        share = f"{r['share']:.2f}" if r["share"] is not None else "-"
        print(
            f"{r['id']:<42} {r['questions']:>3} {r['facts']:>5} {r['found']:>5} {share:>6} {r['median_words']:>12}"
        )
    print(
        f"{'overall':<42} {result['answers']:>3} {result['facts']:>5} {result['found']:>5} "
        f"{result['share']:.2f} {result['median_words']:>12}"
    )
    n = {k: result["positions"].get(k, 0) for k in ("shown", "right", "wanted", "left_empty")}
    n["filled_none"] = result["positions"].get("filled_none", 0)
    print(
        f"positions named: {n['shown']}, of which the set's {n['right']} "
        f"(precision {n['right'] / max(n['shown'], 1):.3f}); the set's found {n['right']} of "
        f"{n['wanted']}; questions the library answers left empty {n['left_empty']}; questions it "
        f"cannot answer given positions {n['filled_none']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
