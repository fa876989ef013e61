"""The benchmark's figures as Markdown: the full tables, and a short section for the README."""

from __future__ import annotations

import datetime as dt
import os
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Summary (bench.py): .median and .cpu in seconds, .cell "0.31 s (0.29–0.35)", .rss_mb
Table = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Results:
    machine: str
    labels: list[str]  # "bundled (115)", then the synthetic sizes
    commands: tuple[str, ...]
    startup: dict[str, Any]
    warm: Table
    cold: Table
    missing: dict[str, str]
    pandoc: Any
    runs: int
    cold_runs: int
    # command -> Summary on the largest library, each run after one position's title was edited
    edited: dict[str, Any] = field(default_factory=dict)


def machine() -> str:
    """CPU model, cores, memory, system and Python, and how busy the machine was."""
    cpu, memory = "unknown CPU", "unknown memory"
    try:
        info = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
        memory = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, StopIteration):
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory} memory; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; load average {load} "
        "at the start"
    )


def markdown(r: Results) -> str:
    out = [
        "# Benchmark results",
        "",
        f"Written by `python benchmarks/bench.py` on {dt.date.today().isoformat()}.",
        "",
        f"Machine: {r.machine}.",
        "",
        f"Each figure is the median wall-clock time of whole `lga-draft` processes ({r.runs} warm "
        f"runs, {r.cold_runs} cold, the libraries taking turns), with the fastest and slowest in "
        "brackets. Cold: the library index (cache folder) is "
        "cleared before each run; warm: it is present. The synthetic libraries replicate the "
        "bundled one with new ids and tags (benchmarks/synth.py). `draft` is of "
        "examples/change-nhs.yaml; `list` writes to a file (one line a position, not the "
        "terminal's table); `search` is for 'hospital discharge housing'.",
        "",
        *readme_section(r),
        "",
        "## Start-up",
        "",
        "| command | median (range) | CPU | peak memory |",
        "| --- | --- | --- | --- |",
    ]
    out += [
        f"| `{name}` | {s.cell} | {s.cpu:.2f} s | {s.rss_mb:.0f} MB |"
        for name, s in r.startup.items()
    ]
    for title, table in (("Warm (index present)", r.warm), ("Cold (index cleared)", r.cold)):
        out += ["", f"## {title}", "", *_grid(r, lambda name, lab, t=table: t[name][lab].cell)]
    out += edited(r)
    out += [
        "",
        "## Peak memory, warm",
        "",
        *_grid(r, lambda name, lab: f"{r.warm[name][lab].rss_mb:.0f} MB"),
    ]
    out += growth(r)
    if r.pandoc is not None:
        out += [
            "",
            f"## Against pandoc: {r.labels[0]} library, examples/change-nhs.yaml to .docx",
            "",
            "| | median (range) | CPU | peak memory |",
            "| --- | --- | --- | --- |",
        ]
        for name, s in _pandoc_rows(r):
            out.append(f"| {name} | {s.cell} | {s.cpu:.2f} s | {s.rss_mb:.0f} MB |")
    if r.missing:
        out += ["", "## Not measured", ""] + [f"- {k}: {why}" for k, why in r.missing.items()]
    return "\n".join(out) + "\n"


def edited(r: Results) -> list[str]:
    """The largest library after an officer edits one position: the index is brought up to date
    from that file (and the work across files redone), not rebuilt."""
    if not r.edited:
        return []
    big = r.labels[-1]
    out = [
        "",
        f"## After editing one position ({big})",
        "",
        f"Before each run one position's title is edited (one the draft uses); {r.runs} runs.",
        "",
        f"| command | warm | after editing one position ({big}) | cold |",
        "| --- | --- | --- | --- |",
    ]
    for name, s in r.edited.items():
        out.append(f"| {name} | {r.warm[name][big].cell} | {s.cell} | {r.cold[name][big].cell} |")
    return out


def _grid(r: Results, cell: Any) -> list[str]:
    rows = ["| command | " + " | ".join(r.labels) + " |", "| --- |" + " --- |" * len(r.labels)]
    for name in r.commands:
        if name in r.missing:
            rows.append(f"| {name} | " + " | ".join("not measured" for _ in r.labels) + " |")
        else:
            rows.append(f"| {name} | " + " | ".join(cell(name, lab) for lab in r.labels) + " |")
    return rows


def _pandoc_rows(r: Results) -> list[tuple[str, Any]]:
    ours, pandoc = r.pandoc  # timed in alternation, so that both meet the same machine
    return [
        ("`lga-draft draft --format docx`, warm: load, select, render, Word", ours),
        ("`pandoc draft.md -o draft.docx`, the same Markdown", pandoc),
    ]


def growth(r: Results) -> list[str]:
    """How each figure grows per tenfold step in positions: 10 would be linear, 1 flat."""
    sized = r.labels[1:]
    steps = list(zip(sized, sized[1:], strict=False))
    if not steps:
        return []
    heads = [f"{kind} {a} → {b}" for kind in ("warm", "cold") for a, b in steps]
    out = [
        "",
        "## Growth per tenfold step in positions (time ratio: 10 is linear, 1 is flat)",
        "",
        "| command | " + " | ".join(heads) + f" | warm {sized[-1]} ÷ bundled |",
        "| --- |" + " --- |" * (len(heads) + 1),
    ]
    for name in r.commands:
        if name in r.missing:
            continue
        cells = [
            f"{t[name][b].median / t[name][a].median:.2f}"
            for t in (r.warm, r.cold)
            for a, b in steps
        ]
        cells.append(f"{r.warm[name][sized[-1]].median / r.warm[name][r.labels[0]].median:.2f}")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    return out


def readme_section(r: Results) -> list[str]:
    """The README's Performance section: the few figures an officer or an IT team asks about."""
    first, big = r.labels[0], r.labels[-1]
    sizes = r.labels[1:]
    out = [
        "## For the README",
        "",
        "```markdown",
        "## Performance",
        "",
        f"Measured with `python benchmarks/bench.py` on {r.machine.split(';')[0]} "
        f"(Python {platform.python_version()}); full tables in benchmarks/RESULTS.md. "
        "Warm: the library index is present (every run after the first); cold: it is not.",
        "",
        f"| command | {first} warm | {big} warm | {big} cold |",
        "| --- | --- | --- | --- |",
    ]
    for name in r.commands:
        if name not in r.missing:
            out.append(
                f"| `{name}` | {r.warm[name][first].median:.2f} s | "
                f"{r.warm[name][big].median:.2f} s | {r.cold[name][big].median:.2f} s |"
            )
    startup = ", ".join(
        f"`{k}` {v.median * 1000:.0f} ms" for k, v in r.startup.items() if "git" not in k
    )
    out += ["", f"Start-up: {startup}."]
    if r.edited:
        after = ", ".join(f"`{k}` {v.median:.2f} s" for k, v in r.edited.items())
        out.append(f"After editing one position of {big}, the next command: {after}.")
    if len(sizes) > 1 and "draft md" not in r.missing:
        steps = [
            f"{r.warm['draft md'][b].median / r.warm['draft md'][a].median:.2f}"
            for a, b in zip(sizes, sizes[1:], strict=False)
        ]
        ratio = r.warm["draft md"][big].median / r.warm["draft md"][first].median
        out.append(
            f"A warm Markdown draft takes {ratio:.2f} times as long with {big} positions "
            f"as with the bundled library; each tenfold step in positions multiplies it "
            f"by {' then '.join(steps)}."
        )
    if r.pandoc is not None:
        ours, pandoc = r.pandoc
        out.append(
            f"Drafting the largest example to Word takes {ours.median:.2f} s end to end, "
            f"pandoc {pandoc.median:.2f} s to convert the same Markdown; peak memory "
            f"{ours.rss_mb:.0f} MB against pandoc's {pandoc.rss_mb:.0f} MB."
        )
    out.append("```")
    return out
