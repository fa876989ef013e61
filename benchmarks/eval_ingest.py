"""How faithfully `lga-draft ingest` turns the five seed documents into a library.

    python benchmarks/eval_ingest.py                 # table per seed (Markdown)
    python benchmarks/eval_ingest.py --misses        # and every figure not found as evidence
    python benchmarks/eval_ingest.py --seeds DIR     # default ../shared/seeds beside the checkout

Each seed is ingested into a fresh `lga-draft init` library, as a team would, and measured:

    check       `lga-draft check` exits 0 on the result
    figures     of the figures in the seed (found by this script's own patterns, below, not by
                ingest's), the share that are the `figure` of an evidence item, exactly as
                written (with any bounding words before it: "over £700 million"), whose
                `statement` is a sentence of the seed holding it
    words       of the seed's words (each occurrence), the share found in the positions'
                titles, leads, bodies and asks (a multiset: a word used twice must be there twice)
    shape       000: one position per question, titled by it; 003: one per key message, titled
                and led by its bold lead-in

A figure here is money (£, $, €), a percentage (per cent, %), or a count: a number with a
thousands separator or a scale word (38,000; 2.5 million), or a whole number of 100 or more
followed by a word (112 indicators); not a year, a date, or a small number (3 big shifts).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"

# file prefix -> (source id, extra options): dates from the seeds' README; 000 and 003 carry
# their own date, which ingest must find
RUNS = {
    "000": ("change-nhs-2024", []),
    "001": ("lga-press-release-2025", ["--date", "2025-07-01"]),
    "002": ("integration-and-innovation-2021", ["--date", "2021"]),
    "003": ("nhs-long-term-plan-briefing-2019", ["--title", "LGA briefing: NHS Long Term Plan"]),
    "004": ("rethinking-local-nhs-2020", ["--date", "2020"]),
}

_FIGURES = [
    r"[£$€]\d[\d,.]*(?:\s?[-–]\s?\d[\d,.]*)?(?:\s?(?:million|billion|bn)\b)?",
    r"(?<![\w.])\d[\d,.]*(?:\s?[-–]\s?\d[\d,.]*)?\s?(?:per cent|percent|%)",
    r"(?<![\w.£$€])\d[\d.]*\s?(?:million|billion)\b",
    r"(?<![\w.£$€])\d{1,3}(?:[-–]\d{1,3})?(?:,\d{3})+(?![\d%])",
    r"(?<![\w.,£$€/-])\d{3,}(?![\d,.%/-])(?=\s+[a-z])",
]


def seed_figures(text: str) -> list[tuple[str, str]]:
    """(figure, the line it is on) for every figure in the seed, by the patterns above."""
    found: list[tuple[str, str]] = []
    for line in text.splitlines():
        spans: list[tuple[int, int]] = []
        for pattern in _FIGURES:
            for m in re.finditer(pattern, line):
                figure = m.group(0).strip()
                if re.fullmatch(r"(?:19|20)\d\d", figure):
                    continue
                if any(a < m.end() and m.start() < b for a, b in spans):
                    continue
                spans.append((m.start(), m.end()))
                found.append((figure, " ".join(line.split())))
    return found


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")))


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lga_draft", *cmd], cwd=cwd, capture_output=True, text=True
    )


def measure(seed: Path, source: str, extra: list[str], misses: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "lib"
        run(["init", str(lib), "--today", "2026-12-06"], Path(tmp))
        started = time.perf_counter()
        ingested = run(["ingest", str(seed), "--source", source, *extra], lib)
        seconds = time.perf_counter() - started
        if ingested.returncode:
            return {"seed": seed.name, "error": ingested.stderr.strip()}
        check = run(["check"], lib)
        positions = [
            yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((lib / "positions" / source).glob("*.yaml"))
        ]
    text = seed.read_text(encoding="utf-8")
    flat = " ".join(text.split())
    figures = seed_figures(text)
    evidence = [e for p in positions for e in p.get("evidence", [])]
    found, missed = 0, []
    for figure, line in figures:
        ok = any(
            (e["figure"] == figure or e["figure"].endswith(" " + figure))  # "over £700 million"
            and e["figure"] in e["statement"]
            and " ".join(e["statement"].split()) in flat
            and (" ".join(e["statement"].split()) in line or len(line) < 80)  # wrapped text
            for e in evidence
        )
        found += ok
        if not ok:
            missed.append(f"{figure!r} in: {line[:100]}")
    held = Counter[str]()
    for p in positions:
        held += words(" ".join([p["title"], p["lead"], p["body"]]))
        held += words(" ".join(a["text"] for a in p.get("asks", [])))
    seed_words = words(text)
    kept = sum(min(n, held[w]) for w, n in seed_words.items())
    return {
        "seed": seed.name,
        "positions": len(positions),
        "check": check.returncode,
        "figures": (found, len(figures)),
        "evidence": len(evidence),
        "case_studies": sum(len(p.get("case_studies", [])) for p in positions),
        "asks": sum(len(p.get("asks", [])) for p in positions),
        "words": (kept, sum(seed_words.values())),
        "shape": shape(seed, text, positions),
        "seconds": seconds,
        "missed": missed if misses else [],
    }


def shape(seed: Path, text: str, positions: list[dict]) -> str:
    if seed.name.startswith("000"):
        questions = [m.group(1).strip() for m in re.finditer(r"^\d\.\s+(.+)$", text, re.M)]
        titles = [p["title"] for p in positions]
        ok = len(positions) == len(questions) and all(titles.count(q) == 1 for q in questions)
        return (
            f"{'ok' if ok else 'WRONG'}: {len(positions)} positions for {len(questions)} questions"
        )
    if seed.name.startswith("003"):
        messages = re.findall(r"^- \*\*(.+?)\*\*", text, re.M)
        led = [p for p in positions if p["title"] in messages and p["lead"] == p["title"]]
        ok = sorted(p["title"] for p in led) == sorted(messages)
        return f"{'ok' if ok else 'WRONG'}: {len(led)} positions for {len(messages)} key messages"
    return "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--misses", action="store_true", help="list figures not found")
    args = parser.parse_args()
    seeds = {p.name[:3]: p for p in sorted(args.seeds.glob("0*.txt"))}
    if not seeds:
        print(f"no seeds in {args.seeds}", file=sys.stderr)
        return 1
    print(
        "| seed | positions | check | figures as evidence | words kept | asks | case studies "
        "| shape | time |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    failed = False
    for prefix, (source, extra) in RUNS.items():
        if prefix not in seeds:
            continue
        r = measure(seeds[prefix], source, extra, args.misses)
        if "error" in r:
            print(f"| {r['seed']} | error: {r['error']} |")
            failed = True
            continue
        f_ok, f_all = r["figures"]  # type: ignore[misc]
        w_ok, w_all = r["words"]  # type: ignore[misc]
        f_share = f_ok / f_all if f_all else 1.0
        w_share = w_ok / w_all
        failed |= bool(r["check"]) or f_share < 0.95 or w_share < 0.90 or "WRONG" in str(r["shape"])
        print(
            f"| {prefix} | {r['positions']} | {'passes' if r['check'] == 0 else 'FAILS'} "
            f"| {f_ok}/{f_all} ({f_share:.0%}) | {w_ok}/{w_all} ({w_share:.1%}) | {r['asks']} "
            f"| {r['case_studies']} | {r['shape']} | {r['seconds']:.1f} s |"
        )
        for miss in r["missed"]:  # type: ignore[attr-defined]
            print(f"    missed {miss}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
