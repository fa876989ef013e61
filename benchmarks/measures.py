"""The four measures of issue 13, each side by side in one run, whole processes, medians.

    python benchmarks/measures.py [--runs 7] [--work /tmp/lga-measures]

1. `draft --format docx` of examples/change-nhs.yaml against pandoc converting the same Markdown;
2. a warm `draft md` with 10,000 positions (synth.py: the bundled library replicated, each copy
   with its own tags) against the bundled library;
3. `search` right after editing one position of 10,000 against `search` on the bundled library;
4. the first read (`check`, no index yet) of 50,000 positions: time and peak memory.
Plus start-up: `--help`, `list`, `draft md` and `draft docx` on the bundled library.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402
import synth  # noqa: E402

ROOT = bench.ROOT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--big-runs", type=int, default=3, help="runs of the 50,000 check")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "lga-measures")
    args = parser.parse_args()
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    keep = synth.named_in_examples(ROOT / "examples")
    libs = {}
    for n in (10_000, 50_000):
        lib = work / f"lib{n}"
        if not synth.current(lib, ROOT):  # missing, or made by an older synth.py or library
            synth.build_library(ROOT, lib, n, keep_first=keep)
        libs[n] = lib
    cache = work / "cache"
    env = {**os.environ, "LGA_DRAFT_CACHE_DIR": str(cache), "LGA_DRAFT_NO_GIT": "1"}
    env.pop("LGA_DRAFT_NO_CACHE", None)
    out = work / "out"
    out.mkdir(exist_ok=True)
    bench.compiled()
    lga = bench.lga()
    bundled = [*lga, "--library", str(ROOT)]
    big = [*lga, "--library", str(libs[10_000])]
    draft = ["draft", str(bench.EXAMPLE), "--force", "--today", bench.TODAY]
    md = out / "nhs.md"
    bench.run([*bundled, *draft, "-o", str(md)], env)
    for cmd in (bundled, big):  # warm the index
        bench.run([*cmd, "list"], env)
    pandoc = shutil.which("pandoc")
    cmds = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "--help": [*lga, "--help"],
        "list (bundled)": [*bundled, "list"],
        "draft md (bundled)": [*bundled, *draft, "-o", str(out / "a.md")],
        "draft docx (bundled)": [*bundled, *draft, "-f", "docx", "-o", str(out / "a.docx")],
        "pandoc md -> docx": [pandoc, str(md), "-o", str(out / "p.docx")] if pandoc else None,
        "draft md (10,000)": [*big, *draft, "-o", str(out / "b.md")],
        "search (bundled)": [*bundled, "search", bench.QUERY],
    }
    found = bench.rounds({k: v for k, v in cmds.items() if v}, env, args.runs)
    edit = bench.Edit(libs[10_000], "hospital-discharge-focus")
    try:
        found.update(
            bench.rounds(
                {"search (10,000, one edited)": [*big, "search", bench.QUERY]},
                env,
                args.runs,
                before=edit,
            )
        )
    finally:
        edit.restore()

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    found.update(
        bench.rounds(
            {
                "check (50,000, first read)": [
                    *lga,
                    "--library",
                    str(libs[50_000]),
                    "check",
                    "--today",
                    bench.TODAY,
                ]
            },
            env,
            args.big_runs,
            before=clear,
        )
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (cores: {os.cpu_count()})")
    for label, s in found.items():
        print(
            f"{label:32} {s.median:7.3f} s  ({min(x.wall for x in s.samples):.3f}-"
            f"{max(x.wall for x in s.samples):.3f})  CPU {s.cpu:7.3f} s  peak {s.rss_mb:6.0f} MiB"
        )

    # wall-clock medians are the measure; CPU time (the process and its workers) beside them,
    # which other work on a shared machine disturbs less
    def ratio(a: str, b: str) -> str:
        if a not in found or b not in found:
            return "-"
        x, y = found[a], found[b]
        return f"{x.median / y.median:.2f}x  (CPU {x.cpu / y.cpu:.2f}x)"

    print()
    print(
        f"draft docx / pandoc:                     {ratio('draft docx (bundled)', 'pandoc md -> docx')}"
    )
    print(
        f"warm draft md 10,000 / bundled:          {ratio('draft md (10,000)', 'draft md (bundled)')}"
    )
    print(
        f"search after edit 10,000 / bundled:      {ratio('search (10,000, one edited)', 'search (bundled)')}"
    )
    c = found["check (50,000, first read)"]
    print(
        f"first check of 50,000:                   {c.median:.1f} s (CPU {c.cpu:.1f} s), "
        f"{c.rss_mb:.0f} MiB peak"
    )


if __name__ == "__main__":
    main()
