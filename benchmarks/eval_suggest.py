"""How well `lga-draft suggest` finds the positions an officer would use: recall and MRR.

    python benchmarks/eval_suggest.py            # table for plain BM25 and the shipped ranking
    python benchmarks/eval_suggest.py --json     # the same figures as JSON
    python benchmarks/eval_suggest.py --per-question

Each question of tests/eval/questions.yaml is ranked against the bundled library (current
positions only, as `suggest` does by default). For a question with expected positions E and a
ranking R:

    recall@k   |E ∩ R[:k]| / |E|, averaged over questions
    MRR        1 / (rank of the first expected position in R), 0 if none; averaged
    kept       how many positions the shipped cut-off keeps (MAX_SUGGESTIONS, RELATIVE_FLOOR,
               MIN_SCORE), and precision = the share of those that are expected

recall@k and MRR are measured on the full ranking, before the cut-off, so that the two rankings
are compared on the same footing; `kept` and `precision` describe the cut-off itself.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EVAL_SET = ROOT / "tests" / "eval" / "questions.yaml"


@dataclass(frozen=True)
class Figures:
    ranking: str
    questions: int
    recall_at_5: float
    recall_at_10: float
    mrr: float
    kept: float  # mean number of suggestions after the cut-off
    precision: float  # share of kept suggestions that are expected


def load_eval(path: Path = EVAL_SET) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def evaluate(library_root: Path = ROOT, eval_path: Path = EVAL_SET) -> dict[str, Any]:
    """Figures for each ranking, and each question's ranks, as plain data."""
    from lga_draft.library.load import load_positions_only
    from lga_draft.suggest.suggest import Suggester, cut

    library = load_positions_only(library_root)
    questions = load_eval(eval_path)
    known = {p.id for p in library.positions}
    missing = sorted({e for q in questions for e in q["expected"]} - known)
    if missing:
        raise SystemExit(f"{eval_path}: unknown position ids {', '.join(missing)}")
    rankings = {
        "plain BM25": Suggester(library, plain=True),
        "shipped": Suggester(library, learn=False),
    }
    figures = []
    detail: dict[str, list[dict[str, Any]]] = {}
    for name, suggester in rankings.items():
        rows = []
        for q in questions:
            ranked = suggester.rank(q["text"])
            ids = [s.position.id for s in ranked]
            expected = set(q["expected"])
            first = next((i + 1 for i, pid in enumerate(ids) if pid in expected), None)
            kept = [s.position.id for s in cut(ranked, need=suggester.need(q["text"]))]
            rows.append(
                {
                    "id": q["id"],
                    "expected": len(expected),
                    "recall_at_5": len(expected & set(ids[:5])) / len(expected),
                    "recall_at_10": len(expected & set(ids[:10])) / len(expected),
                    "rr": 1 / first if first else 0.0,
                    "first_rank": first,
                    "kept": len(kept),
                    "kept_expected": len(expected & set(kept)),
                    "top5": ids[:5],
                }
            )
        n = len(rows)
        kept_total = sum(r["kept"] for r in rows)
        figures.append(
            Figures(
                ranking=name,
                questions=n,
                recall_at_5=round(sum(r["recall_at_5"] for r in rows) / n, 3),
                recall_at_10=round(sum(r["recall_at_10"] for r in rows) / n, 3),
                mrr=round(sum(r["rr"] for r in rows) / n, 3),
                kept=round(kept_total / n, 2),
                precision=round(sum(r["kept_expected"] for r in rows) / max(kept_total, 1), 3),
            )
        )
        detail[name] = rows
    return {"figures": [asdict(f) for f in figures], "questions": detail}


def table(figures: list[dict[str, Any]]) -> str:
    head = "| ranking | questions | recall@5 | recall@10 | MRR | kept (mean) | precision of kept |"
    lines = [head, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for f in figures:
        lines.append(
            f"| {f['ranking']} | {f['questions']} | {f['recall_at_5']:.3f} | "
            f"{f['recall_at_10']:.3f} | {f['mrr']:.3f} | {f['kept']:.2f} | "
            f"{f['precision']:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=ROOT, help="library (default: bundled)")
    parser.add_argument("--eval", type=Path, default=EVAL_SET, help="evaluation set")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--per-question", action="store_true", help="also print each question")
    args = parser.parse_args(argv)
    result = evaluate(args.library, args.eval)
    if args.json:
        print(json.dumps(result if args.per_question else result["figures"], indent=2))
        return 0
    print(table(result["figures"]))
    if args.per_question:
        for name, rows in result["questions"].items():
            print(f"\n{name}")
            for r in rows:
                print(
                    f"  {r['id']:24} R@5 {r['recall_at_5']:.2f} R@10 {r['recall_at_10']:.2f} "
                    f"first {r['first_rank']} kept {r['kept_expected']}/{r['kept']}  {r['top5']}"
                )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
