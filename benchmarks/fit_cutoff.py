"""Would a cut-off fitted to the tuning set choose better than the shipped one?

    pip install scikit-learn   # for this script only
    python benchmarks/fit_cutoff.py

For every question of benchmarks/tune_real and of the evaluation set, the first ten positions of the
shipped ranking (with the consultation's title), each described by what the Suggester knows of it:
its rank, its score against the question's best, the best score, its share of the question's topic,
how many topic words it holds, whether it carries a tag the question names (a specific one, any),
whether its tag's topic matches, whether it matches the title or a past question, whether it passes
the topic test, whether the question is long. A logistic regression learns, on the tuning set, which
of them an officer would use. Printed: how many positions it would keep at each threshold and how
many of those are the officer's, on the tuning set (five folds by consultation, so no consultation
is judged by a model that saw it) and on the evaluation set (fitted on the whole tuning set,
measured only), beside the shipped cut-off. A fitted cut-off that beats the shipped one keeps more
of the officer's positions for as many kept.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from eval_real import SET_DIR, load_set  # noqa: E402

FIRST = 10
THRESHOLDS = (0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3)


def candidates(library, set_dir: Path) -> list[tuple[str, list[float], bool, bool]]:
    """(consultation, features, the officer's?, kept by the shipped cut-off?) per candidate."""
    from lga_draft.suggest.suggest import Suggester, cut

    out = []
    for c in load_set(set_dir):
        suggester = Suggester(library, context=c["title"])
        for q in c["questions"]:
            ranked = suggester.rank(q["text"])
            need = suggester.need(q["text"])
            kept = {s.position.id for s in cut(ranked, need=need)}
            want = set(q.get("positions") or [])
            best = ranked[0].score if ranked and ranked[0].score else 1.0
            for rank, s in enumerate(ranked[:FIRST], 1):
                features = [
                    1 / rank,
                    s.score / best,
                    math.log1p(best),
                    s.coverage,
                    min(len(set(s.terms)), 6) / 6,
                    float(s.direct),
                    float(bool(s.tags)),
                    float(s.topic is not None),
                    float(s.in_title),
                    float(s.answered_words > 0),
                    float(s.on_topic(need)),
                    float(need > 1),
                ]
                out.append((c["id"], features, s.position.id in want, s.position.id in kept))
    return out


def main() -> int:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from lga_draft.library.load import load_positions_only

    library = load_positions_only(ROOT)
    sets = {"tuning": ROOT / "benchmarks" / "tune_real", "evaluation": SET_DIR}
    data = {name: candidates(library, path) for name, path in sets.items()}

    def arrays(rows):
        x = np.array([r[1] for r in rows])
        return (
            x,
            np.array([r[2] for r in rows]),
            np.array([r[3] for r in rows]),
            [r[0] for r in rows],
        )

    xt, yt, kt, groups = arrays(data["tuning"])
    xe, ye, ke, _ = arrays(data["evaluation"])
    folded = np.zeros(len(yt))
    for train, test in GroupKFold(5).split(xt, yt, groups):
        model = LogisticRegression(max_iter=2000).fit(xt[train], yt[train])
        folded[test] = model.predict_proba(xt[test])[:, 1]
    fitted = LogisticRegression(max_iter=2000).fit(xt, yt).predict_proba(xe)[:, 1]
    print(f"candidates (first {FIRST} of each question): tuning {len(yt)}, evaluation {len(ye)}")
    print("| cut-off | tuning: kept | the officer's | evaluation: kept | the officer's |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| shipped | {kt.sum()} | {(yt & kt).sum()} | {ke.sum()} | {(ye & ke).sum()} |")
    for t in THRESHOLDS:
        a, b = folded >= t, fitted >= t
        print(f"| fitted, p >= {t} | {a.sum()} | {(yt & a).sum()} | {b.sum()} | {(ye & b).sum()} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
