"""Speed and scale of lga-draft, timed as whole processes, as an officer runs it.

    python benchmarks/bench.py                      # everything; writes benchmarks/RESULTS.md
    python benchmarks/bench.py --sizes 100,1000 --runs 3 --out /tmp/results.md

Builds synthetic libraries of 100, 1,000 and 10,000 positions from the bundled one (synth.py)
and times `draft` (Markdown and Word, of examples/change-nhs.yaml, the largest example), `list`,
`search`, `suggest` and `check` on each, and on the bundled library: cold (the library index
cleared before each run) and warm (index present); and `draft md`, `list` and `search` on the
largest library after editing one position (a new title before each run: the index brought up
to date). Every command runs in its own process, as an officer runs it. A figure is the median of --runs runs, with the
fastest and slowest beside it, in wall-clock time; CPU time comes from wait4(), peak memory
from GNU time (/usr/bin/time) where there is one.
Start-up is `--help` and `list` beside a bare `python -c pass`. The Word draft is compared with
pandoc converting the same Markdown to .docx (pip install pypandoc-binary, or pandoc on PATH).

The four measures of issue 13, side by side, are benchmarks/measures.py.
The benchmark keeps its own cache folder (LGA_DRAFT_CACHE_DIR), so yours is left alone, and sets
LGA_DRAFT_NO_GIT so that the bundled library (in git in a checkout, not once installed) is timed
like the synthetic ones; what asking git costs is a row of its own.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import report  # noqa: E402
import synth  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "change-nhs.yaml"
QUERY = "hospital discharge housing"
TODAY = "2026-01-01"  # fixed, so `check` and `draft` report the same warnings on every run
COMMANDS = ("draft md", "draft docx", "list", "search", "suggest", "check")
EDITED = (
    "draft md",
    "list",
    "search",
)  # timed after one position is edited, on the largest library


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float
    rss_kb: int


@dataclass(frozen=True)
class Summary:
    samples: tuple[Sample, ...]

    @property
    def median(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cell(self) -> str:
        walls = [s.wall for s in self.samples]
        return f"{self.median:.2f} s ({min(walls):.2f}–{max(walls):.2f})"

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss_mb(self) -> float:
        return max(s.rss_kb for s in self.samples) / 1024


# Peak memory through GNU time where there is one: wait4() reports the largest resident size a
# process ever had, and a child forked from this (large) process starts with ours.
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run(cmd: list[str], env: dict[str, str]) -> Sample:
    """One whole process: wall time, CPU time (user + system) and peak resident memory."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        argv = [GNU_TIME, "-f", "%M", "-o", rss.name, *cmd] if GNU_TIME else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stderr.close()
        peak = int(rss.read().split()[-1]) if GNU_TIME else usage.ru_maxrss
    if proc.returncode not in (0, 1):  # 1: `check` found problems, or nothing matched
        text = err.decode(errors="replace")
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{text}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak)


def rounds(
    cmds: dict[str, list[str]], env: dict[str, str], runs: int, before: object = None
) -> dict[str, Summary]:
    """Each command `runs` times, in rounds of one run each: a busy spell on a shared machine
    then falls on every library alike, not on whichever was being timed."""
    samples: dict[str, list[Sample]] = {label: [] for label in cmds}
    for _ in range(runs):
        for label, cmd in cmds.items():
            if callable(before):
                before()
            samples[label].append(run(cmd, env))
    return {label: Summary(tuple(found)) for label, found in samples.items()}


def compiled() -> None:
    """Byte-compile the lga_draft being timed, as installing it does (pip writes its .pyc
    files): run from a checkout in a shell that sets PYTHONDONTWRITEBYTECODE, every process
    would otherwise compile the whole package from source, some 0.1 s an officer never waits."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("lga_draft")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def lga() -> list[str]:
    script = Path(sys.executable).parent / "lga-draft"
    return [str(script)] if script.exists() else [sys.executable, "-m", "lga_draft"]


def commands(lib: Path, out: Path) -> dict[str, list[str]]:
    base = [*lga(), "--library", str(lib)]
    draft = [*base, "draft", str(EXAMPLE), "--force", "--today", TODAY]
    return {
        "draft md": [*draft, "-o", str(out / "draft.md")],
        "draft docx": [*draft, "--format", "docx", "-o", str(out / "draft.docx")],
        "list": [*base, "list"],
        "search": [*base, "search", QUERY],
        "suggest": [*base, "suggest", str(EXAMPLE)],
        "check": [*base, "check", "--today", TODAY],
    }


class Edit:
    """Before each run, a new title for one position (one the draft uses), as an officer's edit;
    `restore` puts the file back."""

    def __init__(self, lib: Path, position_id: str) -> None:
        self.path = next((lib / "positions").rglob(f"{position_id}.yaml"))
        self.original = self.path.read_bytes()
        self.title = synth._load(self.path)["title"]
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        synth.retitle(self.path, f"{self.title} (edit {self.count})")

    def restore(self) -> None:
        self.path.write_bytes(self.original)


def unavailable(env: dict[str, str], out: Path) -> dict[str, str]:
    """Commands that cannot run in this build, with the reason."""
    missing = {}
    help_text = subprocess.run([*lga(), "--help"], env=env, capture_output=True, text=True).stdout
    if " suggest " not in help_text:
        missing["suggest"] = "no `suggest` command in this build"
    probe = commands(ROOT, out)["draft docx"]
    done = subprocess.run(probe, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        missing["draft docx"] = f"Word export not available ({last}); the code is in place"
    return missing


def pandoc_path() -> str | None:
    try:
        import pypandoc  # type: ignore[import-not-found]

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="synthetic library sizes")
    parser.add_argument("--runs", type=int, default=5, help="runs per warm figure")
    parser.add_argument("--cold-runs", type=int, default=3, help="runs per cold figure")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "RESULTS.md")
    parser.add_argument("--work", type=Path, help="folder for the libraries and outputs (kept)")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x]

    work = args.work or Path(tempfile.mkdtemp(prefix="lga-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cache = work / "cache"
    compiled()
    env = {
        **os.environ,
        "LGA_DRAFT_CACHE_DIR": str(cache),
        "LGA_DRAFT_NO_GIT": "1",
    }
    for name in ("LGA_DRAFT_NO_CACHE", "LGA_DRAFT_LIBRARY"):
        env.pop(name, None)

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    machine = report.machine()
    print(f"machine: {machine}", file=sys.stderr)
    libraries: dict[str, Path] = {"bundled (115)": ROOT}
    keep = synth.named_in_examples(ROOT / "examples")
    for n in sizes:
        print(f"building a library of {n:,} positions", file=sys.stderr)
        libraries[f"{n:,}"] = synth.build_library(ROOT, work / f"lib-{n}", n, keep_first=keep)
    missing = unavailable(env, work)

    bundled = commands(ROOT, work)
    run(bundled["list"], env)  # index the bundled library
    startup = rounds(
        {
            "python -c pass": [sys.executable, "-c", "pass"],
            "lga-draft --help": [*lga(), "--help"],
            "lga-draft list (bundled, warm)": bundled["list"],
        },
        env,
        args.runs,
    )
    if any((d / ".git").exists() for d in (ROOT, *ROOT.parents)):
        # in a checkout the bundled library is in git, and drafts take its version from git
        git_env = {k: v for k, v in env.items() if k != "LGA_DRAFT_NO_GIT"}
        run(bundled["list"], git_env)
        label = "lga-draft list (bundled, warm, version asked of git)"
        startup[label] = rounds({label: bundled["list"]}, git_env, args.runs)[label]

    warm: dict[str, dict[str, Summary]] = {c: {} for c in COMMANDS}
    cold: dict[str, dict[str, Summary]] = {c: {} for c in COMMANDS}
    for name in COMMANDS:
        if name in missing:
            continue
        print(f"timing {name}", file=sys.stderr)
        cmds = {label: commands(lib, work)[name] for label, lib in libraries.items()}
        cold[name] = rounds(cmds, env, args.cold_runs, before=clear)
        for cmd in cmds.values():
            run(cmd, env)  # bring the index up to date
        warm[name] = rounds(cmds, env, args.runs)

    edited: dict[str, Summary] = {}
    big = list(libraries)[-1]
    drafted = re.findall(r"^\s+- ([a-z0-9][a-z0-9-]*)\s*$", EXAMPLE.read_text(), flags=re.M)
    if len(libraries) > 1 and drafted:
        print(f"timing after editing one position ({big})", file=sys.stderr)
        cmds = {name: commands(libraries[big], work)[name] for name in EDITED}
        cmds = {name: cmd for name, cmd in cmds.items() if name not in missing}
        for cmd in cmds.values():
            run(cmd, env)  # bring the index up to date
        edit = Edit(libraries[big], drafted[0])
        try:
            edited = rounds(cmds, env, args.runs, before=edit)
        finally:
            edit.restore()

    pandoc = None
    tool = pandoc_path()
    if tool and "draft docx" not in missing:
        run(bundled["draft md"], env)  # the Markdown our Word draft is made from
        pandoc_cmd = [tool, str(work / "draft.md"), "-o", str(work / "pandoc.docx")]
        paired = rounds({"ours": bundled["draft docx"], "pandoc": pandoc_cmd}, env, args.runs)
        pandoc = (paired["ours"], paired["pandoc"])
    elif not tool:
        missing["pandoc"] = "pandoc not found (pip install pypandoc-binary)"

    results = report.Results(
        machine,
        list(libraries),
        COMMANDS,
        startup,
        warm,
        cold,
        missing,
        pandoc,
        args.runs,
        args.cold_runs,
        edited,
    )
    text = report.markdown(results)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    print(f"wrote {args.out}; libraries and outputs in {work}", file=sys.stderr)


if __name__ == "__main__":
    main()
