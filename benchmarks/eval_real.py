"""The evaluation set of real consultations: load it, check its shape, print its counts.

    python benchmarks/eval_real.py           # check the set, print counts per consultation
    python benchmarks/eval_real.py --json    # the same counts as JSON
    python benchmarks/eval_real.py --set benchmarks/tune_real   # the tuning set instead

benchmarks/eval_real/*.yaml holds one published consultation each (questions copied as
published, see benchmarks/eval_real/README.md); benchmarks/eval_real/questions/*.txt holds the
same questions as a file `lga-draft new --questions` imports. Other benchmarks load the set with
`load_set()` and measure against each question's `positions` and `facts`.

The check fails, one line per problem naming the file, if a consultation lacks a field, a
pattern does not compile, a position is not a current position of the bundled library, a fact
matches nothing in the position it names (so it could never reach an answer), or the questions
file does not import with the same numbers and texts.

Never copy these questions into the library, its tags or aliases, or anything that tunes ranking.
benchmarks/tune_real/ is a second set in the same format, kept for tuning (cut-offs, aliases, query
handling) so that the evaluation set stays unseen; `--set DIR` (and `load_set(DIR)`) reads it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SET_DIR = HERE / "eval_real"
QUESTIONS_DIR = SET_DIR / "questions"
TUNE_DIR = HERE / "tune_real"

FIELDS = ("id", "title", "department", "kind", "date", "url", "questions")
COVERAGE = ("full", "partial", "none")


def load_set(set_dir: Path = SET_DIR) -> list[dict[str, Any]]:
    """Every consultation of the set, in file-name order, as plain data."""
    consultations = []
    for path in sorted(set_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["_file"] = path
        consultations.append(data)
    return consultations


def questions_file(consultation: dict[str, Any], questions_dir: Path | None = None) -> Path:
    """The questions file of a consultation: questions/ID.txt beside its YAML file."""
    folder = questions_dir or consultation["_file"].parent / "questions"
    return folder / f"{consultation['id']}.txt"


def fact_regex(pattern: str) -> re.Pattern[str]:
    """How a fact pattern is matched against answer text: case-insensitive."""
    return re.compile(pattern, re.IGNORECASE)


def position_text(position: Any) -> str:
    """Everything of a position an answer could quote: title, lead, body, asks, figures."""
    parts = [position.title, position.lead, position.body]
    parts += [ask.text for ask in position.asks]
    for e in position.current_evidence:
        parts += [e.figure, e.statement]
    parts += [c.summary for c in position.case_studies]
    return "\n".join(parts)


def _where(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def check(
    consultations: list[dict[str, Any]],
    library_root: Path = ROOT,
    questions_dir: Path | None = None,
) -> list[str]:
    """Problems with the set, one line each; empty when the set is sound.

    Each consultation's questions file is looked for in `questions_dir`, or by default in the
    questions/ folder beside its YAML file.
    """
    from lga_draft.library.load import load_positions_only

    library = load_positions_only(library_root)
    positions = {p.id: p for p in library.positions}
    problems: list[str] = []
    seen_ids: set[str] = set()
    for c in consultations:
        where = _where(c["_file"])
        missing = [f for f in FIELDS if not c.get(f)]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        if c["id"] in seen_ids:
            problems.append(f"{where}: id {c['id']} used twice")
        seen_ids.add(c["id"])
        numbers = [str(q.get("number", "")) for q in c["questions"]]
        if len(set(numbers)) != len(numbers):
            problems.append(f"{where}: question numbers repeat")
        for q in c["questions"]:
            problems += _check_question(q, where, positions)
        problems += _check_import(c, where, questions_dir)
    return problems


def _check_question(q: dict[str, Any], where: str, positions: dict[str, Any]) -> list[str]:
    at = f"{where}: question {q.get('number', '?')}"
    problems = []
    if not str(q.get("number", "")).strip() or not str(q.get("text", "")).strip():
        return [f"{at}: needs a number and a text"]
    if q.get("library") not in COVERAGE:
        problems.append(f"{at}: library must be one of {', '.join(COVERAGE)}")
    named = q.get("positions") or []
    facts = q.get("facts") or []
    if q.get("library") == "none" and (named or facts):
        problems.append(f"{at}: library is none but positions or facts are given")
    if q.get("library") in ("full", "partial") and not (named and facts):
        problems.append(f"{at}: library is {q['library']} but no positions or facts are given")
    for pid in named:
        if pid not in positions:
            problems.append(f"{at}: no position {pid} in the bundled library")
        elif positions[pid].status != "approved":
            problems.append(f"{at}: position {pid} is {positions[pid].status}, not current")
    for fact in facts:
        pattern, pid = fact.get("pattern"), fact.get("position")
        try:
            regex = fact_regex(str(pattern))
        except re.error as exc:
            problems.append(f"{at}: pattern {pattern!r} does not compile ({exc})")
            continue
        if pid not in named:
            problems.append(
                f"{at}: fact {pattern!r} names {pid}, not one of the question's positions"
            )
        elif pid in positions and not regex.search(position_text(positions[pid])):
            problems.append(f"{at}: fact {pattern!r} matches nothing in position {pid}")
    return problems


def _check_import(c: dict[str, Any], where: str, questions_dir: Path | None) -> list[str]:
    from lga_draft.errors import InputFileError
    from lga_draft.questions.importer import read_questions

    path = questions_file(c, questions_dir)
    if not path.is_file():
        return [f"{where}: no questions file {_where(path)}"]
    try:
        imported = read_questions(path)
    except InputFileError as exc:
        return [f"{_where(path)}: does not import ({exc})"]
    got = [(q.number, " ".join(q.text.split())) for q in imported.questions]
    want = [(str(q["number"]), " ".join(str(q["text"]).split())) for q in c["questions"]]
    if got == want:
        return []
    for (gn, gt), (wn, wt) in zip(got, want, strict=False):
        if (gn, gt) != (wn, wt):
            return [f"{_where(path)}: imports question {gn} as {gt!r}, the set has {wn} {wt!r}"]
    return [f"{_where(path)}: imports {len(got)} questions, the set has {len(want)}"]


def counts(consultations: list[dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for c in consultations:
        qs = c["questions"]
        rows.append(
            {
                "id": c["id"],
                "department": c["department"],
                "date": str(c["date"]),
                "questions": len(qs),
                "full": sum(q["library"] == "full" for q in qs),
                "partial": sum(q["library"] == "partial" for q in qs),
                "none": sum(q["library"] == "none" for q in qs),
                "facts": sum(len(q.get("facts") or []) for q in qs),
                "positions": len({p for q in qs for p in q.get("positions") or []}),
            }
        )
    keys = ("questions", "full", "partial", "none", "facts")
    total = {k: sum(r[k] for r in rows) for k in keys}
    total["positions"] = len(
        {p for c in consultations for q in c["questions"] for p in q.get("positions") or []}
    )
    return {"consultations": len(rows), "rows": rows, "total": total}


def add_set_option(parser: Any) -> None:
    """`--set DIR`: the set of real consultations to read (the evaluation set unless told)."""
    parser.add_argument(
        "--set",
        type=Path,
        default=SET_DIR,
        dest="set_dir",
        help="the set of real consultations (default: benchmarks/eval_real; "
        "benchmarks/tune_real is the tuning set)",
    )


def chosen_set(args: Any) -> Path:
    """The folder `--set` names, resolved; one line and exit 2 if there is none."""
    set_dir: Path = args.set_dir.resolve()
    if not set_dir.is_dir():
        print(f"{args.set_dir}: no such folder", file=sys.stderr)
        raise SystemExit(2)
    return set_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    add_set_option(parser)
    args = parser.parse_args(argv)
    consultations = load_set(chosen_set(args))
    problems = check(consultations)
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        return 1
    figures = counts(consultations)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    head = f"{'consultation':<40} {'date':<10} {'qs':>3} {'full':>4} {'part':>4} {'none':>4} {'facts':>5} {'pos':>4}"
    print(head)
    for r in figures["rows"]:
        print(
            f"{r['id']:<40} {r['date']:<10} {r['questions']:>3} {r['full']:>4} {r['partial']:>4} "
            f"{r['none']:>4} {r['facts']:>5} {r['positions']:>4}"
        )
    t = figures["total"]
    print(
        f"{'all ' + str(figures['consultations']) + ' consultations':<40} {'':<10} {t['questions']:>3} "
        f"{t['full']:>4} {t['partial']:>4} {t['none']:>4} {t['facts']:>5} {t['positions']:>4}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
