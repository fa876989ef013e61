"""The tuning set for composition: does each expected position reach the answer it belongs to?

    python benchmarks/tune_answers.py [--code DIR]

tests/eval/questions.yaml (the suggestion tuning set: 30 questions with the positions an officer
would use) grouped by seed into five consultations. Each is drafted as an officer would with
default settings (`lga-draft new --yes`, then `lga-draft draft`), and for each question we count
the expected positions set out in its answer (their fenced div is under its heading). Composition
is tuned on this set and on reading the examples; benchmarks/eval_answers.py measures it on the
real consultations it is never tuned on.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from eval_answers import ROOT, TODAY, answers, run  # noqa: E402

SET = ROOT / "tests" / "eval" / "questions.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    questions = yaml.safe_load(SET.read_text(encoding="utf-8"))["questions"]
    seeds: dict[str, list[dict]] = {}
    for q in questions:
        seeds.setdefault(q["seed"], []).append(q)
    sys.path.insert(0, str(args.code.resolve()))
    from lga_draft.library.load import require_library

    library, _ = require_library(args.code.resolve())
    figures = {p.id: [e.figure for e in p.current_evidence] for p in library.positions}
    found = wanted = figs_found = figs_wanted = 0
    words: list[int] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for seed, qs in sorted(seeds.items()):
            text = "\n\n".join(f"{n}. {' '.join(q['text'].split())}" for n, q in enumerate(qs, 1))
            (work / f"{seed}.txt").write_text(text + "\n", encoding="utf-8")
            run(
                args.code.resolve(),
                "new",
                "--questions",
                str(work / f"{seed}.txt"),
                "--yes",
                "-o",
                str(work / f"{seed}.yaml"),
                "--title",
                f"Seed {seed}",
                "--issued-by",
                "D",
                "--today",
                TODAY,
                "--force",
            )
            run(
                args.code.resolve(),
                "draft",
                str(work / f"{seed}.yaml"),
                "-o",
                str(work / f"{seed}.md"),
                "--today",
                TODAY,
                "--force",
            )
            md = (work / f"{seed}.md").read_text(encoding="utf-8")
            parts = re.split(r"^#{3,4} Question (\S+)[ \t]*$", md, flags=re.M)
            chunks = dict(zip(parts[1::2], parts[2::2], strict=True))
            plain = answers(md)
            hit = 0
            for n, q in enumerate(qs, 1):
                chunk = re.split(r"^#{1,3} ", chunks.get(str(n), ""), maxsplit=1, flags=re.M)[0]
                here = set(re.findall(r'data-id="([^"]+)"', chunk))
                hit += len(here & set(q["expected"]))
                for pid in q["expected"][:5]:
                    for fig in figures.get(pid, []):
                        figs_wanted += 1
                        figs_found += fig.lower() in plain.get(str(n), "").lower()
                wanted += min(len(q["expected"]), 5)
                words.append(len(plain.get(str(n), "").split()))
            found += hit
            print(f"seed {seed}: {hit} expected positions set out in the right answer")
    print(
        f"overall: {found} of {wanted} (capped at 5 a question) = {found / wanted:.2f}; "
        f"median answer {statistics.median(words)} words"
    )
    print(
        f"figures of the first five expected positions in the right answer: {figs_found} of "
        f"{figs_wanted} = {figs_found / figs_wanted:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
