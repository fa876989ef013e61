"""Suggestions on real consultations (benchmarks/eval_real), and what learning from answered
consultations adds. Prints Markdown tables; nothing here tunes anything.

    python benchmarks/eval_real_suggest.py [--library DIR] [--set DIR]

`--set benchmarks/tune_real` measures on the tuning set instead of the evaluation set (the
default); tune cut-offs, aliases and query handling there, never on the evaluation set.

1. recall@5 / recall@10 / MRR of the positions an officer would use, over every question of the
   set that the library can answer (`library: full` or `partial`), for plain BM25, the ranking
   without learning, and the ranking as shipped (learning from the library's own answered/ records);
   and how many of the suggestions the cut-off keeps are right.
2. Learning, measured fairly: the consultations are split in two by date (the older half, then the
   newer). A copy of the library learns from one half (as `lga-draft learn` would, with the
   officer's positions for each question) and is measured on the other half, against the same copy
   without learning; then the halves swap. Nothing learned here is kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _eval_real() -> Any:
    spec = importlib.util.spec_from_file_location("eval_real", ROOT / "benchmarks" / "eval_real.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_real"] = module
    spec.loader.exec_module(module)
    return module


def answerable(consultations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"consultation": c["id"], "title": c["title"], **q}
        for c in consultations
        for q in c["questions"]
        if q.get("positions")
    ]


def measure(make: Any, questions: list[dict[str, Any]]) -> dict[str, float]:
    """`make(title)`: the suggester for a consultation of that title (as `new` makes it, with the
    title as the questions' context)."""
    from lga_draft.suggest.suggest import cut

    r5 = r10 = rr = kept_n = kept_right = found = 0.0
    made: dict[str, Any] = {}
    for q in questions:
        suggester = made.get(q["title"]) or made.setdefault(q["title"], make(q["title"]))
        ranked = suggester.rank(q["text"])
        ids = [s.position.id for s in ranked]
        expected = set(q["positions"])
        r5 += len(expected & set(ids[:5])) / len(expected)
        r10 += len(expected & set(ids[:10])) / len(expected)
        first = next((i + 1 for i, pid in enumerate(ids) if pid in expected), None)
        rr += 1 / first if first else 0.0
        kept = [s.position.id for s in cut(ranked, need=suggester.need(q["text"]))]
        kept_n += len(kept)
        kept_right += len(expected & set(kept))
        found += len(expected & set(kept)) / len(expected)
    n = len(questions) or 1
    return {
        "questions": len(questions),
        "recall@5": round(r5 / n, 3),
        "recall@10": round(r10 / n, 3),
        "MRR": round(rr / n, 3),
        "kept": round(kept_n / n, 2),
        "precision": round(kept_right / kept_n, 3) if kept_n else 0.0,
        "found": round(found / n, 3),
    }


def _learn_into(root: Path, consultations: list[dict[str, Any]]) -> None:
    """Write answered/ records for `consultations`, as `learn` would from settled files."""
    from lga_draft.library.answered import ANSWERED_DIR, Answered, AnsweredQuestion
    from lga_draft.roundtrip.learn import dump

    folder = root / ANSWERED_DIR
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for c in consultations:
        questions = [
            AnsweredQuestion(number=str(q["number"]), text=q["text"], positions=q["positions"])
            for q in c["questions"]
            if q.get("positions")
        ]
        if questions:
            record = Answered(
                consultation=c["title"], learned_on=dt.date(2026, 1, 1), questions=questions
            )
            (folder / f"{c['id']}.yaml").write_text(dump(record), encoding="utf-8")


def table(rows: list[tuple[str, dict[str, float]]]) -> str:
    cols = ["questions", "recall@5", "recall@10", "MRR", "kept", "precision", "found"]
    out = ["| ranking | " + " | ".join(cols) + " |", "| --- |" + " ---: |" * len(cols)]
    out += [f"| {name} | " + " | ".join(str(f[c]) for c in cols) + " |" for name, f in rows]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=ROOT)
    eval_real = _eval_real()
    eval_real.add_set_option(parser)
    args = parser.parse_args()
    from lga_draft.library.load import load_positions_only
    from lga_draft.suggest.meaning import Meaning
    from lga_draft.suggest.suggest import Suggester

    set_dir = eval_real.chosen_set(args)
    consultations = eval_real.load_set(set_dir)
    if set_dir != eval_real.SET_DIR:
        print(f"set: {set_dir.name} ({len(consultations)} consultations)\n")
    questions = answerable(consultations)
    library = load_positions_only(args.library)
    meaning = Meaning.load(library)  # None unless the semantic extra is installed
    print("## Real consultations: the positions an officer would use\n")
    rows = [
        ("plain BM25", measure(lambda t: Suggester(library, plain=True), questions)),
        (
            "without learning",
            measure(lambda t: Suggester(library, learn=False, context=t), questions),
        ),
        ("shipped", measure(lambda t: Suggester(library, context=t), questions)),
    ]
    if meaning is not None:
        rows.append(
            (
                "shipped + closeness in meaning (the semantic extra)",
                measure(lambda t: Suggester(library, context=t, meaning=meaning), questions),
            )
        )
    print(table(rows))
    print(
        "\n(kept: suggestions per question after the cut-off; precision: the share of them an "
        "officer would use; found: the share of the officer's positions kept, per question.)"
    )

    print("\n## Questions left for the officer (nothing suggested), by what the library holds\n")
    print("| the library answers it | questions | nothing suggested | positions suggested |")
    print("| --- | ---: | ---: | ---: |")
    shipped = {c["title"]: Suggester(library, context=c["title"]) for c in consultations}
    for label in ("full", "partial", "none"):
        asked = [
            (c["title"], q) for c in consultations for q in c["questions"] if q["library"] == label
        ]
        empty = sum(1 for t, q in asked if not shipped[t].suggest(q["text"]))
        print(f"| {label} | {len(asked)} | {empty} | {len(asked) - empty} |")

    ordered = sorted(consultations, key=lambda c: str(c["date"]))
    half = len(ordered) // 2
    splits = [
        ("newer", "older", ordered[half:], ordered[:half]),
        ("older", "newer", ordered[:half], ordered[half:]),
    ]
    print("\n## Learning: learn from one half of the set, measure on the other\n")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "library"
        shutil.copytree(
            args.library,
            copy,
            ignore=shutil.ignore_patterns(".git", ".venv", "*venv*", "benchmarks", "tests", "docs"),
        )
        for measured, learned, measure_on, learn_from in splits:
            target = answerable(measure_on)
            _learn_into(copy, learn_from)
            lib = load_positions_only(copy)
            no = measure(lambda t, lib=lib: Suggester(lib, learn=False, context=t), target)
            yes = measure(lambda t, lib=lib: Suggester(lib, context=t), target)
            rows.append((f"{measured} half, without learning", no))
            rows.append((f"{measured} half, after learning from the {learned} half", yes))
    print(table(rows))


if __name__ == "__main__":
    main()
