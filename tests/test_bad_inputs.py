"""Hostile and broken inputs, one case each, all driven from tests/bad_inputs/cases.yaml.

Every case starts from the same working folder: `lib/` (a copy of tests/fixtures/library) and
`consultation.yaml`. The case's own folder under tests/bad_inputs/ is laid over it (so its files
sit at the paths its messages name), a generator may add a file too big or too odd to keep in git,
and then one command runs through the CLI. Whatever the case, it must end in the documented exit
code, with the expected message on one line (the last line, except for `check`, which lists every
problem before its summary), no traceback, and no file written, changed or left behind except
those the case names in `writes`.
"""

from __future__ import annotations

import errno
import hashlib
import os
import resource
import shutil
import stat
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES
from docx.oxml.ns import qn

from lga_draft.drafting import limits

HERE = Path(__file__).resolve().parent / "bad_inputs"
CASES: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
FIELDS = {
    "why",
    "args",
    "exit",
    "message",
    "writes",
    "generate",
    "chmod",
    "fault",
    "requires",
    "contains",
    "excludes",
    "docx_contains",
    "docx_excludes",
    "max_seconds",
    "max_mb",
    "render_seconds",
    "library",
}


# ----------------------------------------------------------------------------- generators


def _huge(path: Path) -> None:
    path.write_text("id: huge\nlead: " + "x" * (6 * 1024 * 1024) + "\n", encoding="utf-8")


def _long_introduction(path: Path) -> None:
    """A consultation under the file limit whose introduction is a whole document (1.2 MB)."""
    words = "Councils have long argued for fair funding of adult social care. " * 20_000
    path.write_text(
        f"title: T\nissued_by: D\nintroduction: {words}\nquestions:\n"
        "  - number: 1\n    text: How should care be funded?\n    tags: care\n",
        encoding="utf-8",
    )


def _one_long_paragraph(path: Path) -> None:
    """A position whose body is one paragraph of 12,000 sentences (a report pasted from a PDF,
    no blank lines): fitting it to an answer tried every length from the longest down."""
    data = yaml.safe_load((FIXTURES / "library/positions/care/care-funding-gap.yaml").read_text())
    data["body"] = "Councils have long argued for fair funding of adult social care. " * 12_000
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=10**9), encoding="utf-8")


def _deep_flow(path: Path) -> None:  # a segfault in libyaml's recursive composer, before the fix
    path.write_text("id: deep\ntags: " + "[" * 2_000_000 + "]" * 2_000_000 + "\n", encoding="utf-8")


def _deep_block(path: Path) -> None:
    path.write_text("- " * 1_000_000 + "x\n", encoding="utf-8")


def _zip_bomb(path: Path) -> None:
    """A .docx-shaped zip of a few hundred kilobytes that unpacks to 64 MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types '
            'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(64):
                member.write(chunk)


def _covered_zip_bomb(path: Path) -> None:
    """A real .docx whose document.xml holds 180 MB of spaces, deflated 1000:1, beside 2 MB of
    random bytes stored uncompressed: the archive as a whole compresses only 80:1."""
    import io

    import docx

    plain = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("1. What do you think?")
    document.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "word/document.xml":
                z.writestr(item.filename, data)
                continue
            head, tail = data.split(b"<w:body>")
            with z.open(item.filename, "w", force_zip64=True) as member:
                member.write(head + b"<w:body>")
                chunk = b" " * (1024 * 1024)
                for _ in range(180):
                    member.write(chunk)
                member.write(tail)
        z.writestr("word/media/image1.png", os.urandom(2 * 1024 * 1024), zipfile.ZIP_STORED)


def _truncated_docx(path: Path) -> None:
    import docx

    docx.Document().save(str(path))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _symlink_loop(path: Path) -> None:
    path.symlink_to(path.name)


def _link_to_secret(path: Path) -> None:
    """A link to a file beside the working folder's root: outside every template folder."""
    root = next(p for p in path.parents if (p / "consultation.yaml").exists())
    (root / "secret.txt").write_text("TOP SECRET payroll figures\n", encoding="utf-8")
    path.symlink_to(root / "secret.txt")


def _link_to_etc(path: Path) -> None:
    path.symlink_to("/etc")


def _long_heading(path: Path) -> None:  # quadratic in the old heading pattern: 51 s
    path.write_text(
        "# a" + " " * 100_000 + "x\n\nq" + " " * 100_000 + "x\n\n1. What do you think?\n",
        encoding="utf-8",
    )


def _joined_box_lines(path: Path) -> None:  # each line re-matched the whole paragraph: quadratic
    path.write_text("1. What do you think?\n" + "Yes / no /\n" * 40_000, encoding="utf-8")


def _capitalised_run(path: Path) -> None:  # every word a start for the old council pattern
    path.write_text(
        "Our response\n\nKey messages\n\nWe think " + "Aa " * 20_000 + "matters for care.\n",
        encoding="utf-8",
    )


def _fifo(path: Path) -> None:  # a named pipe: reading it blocks until someone writes
    os.mkfifo(path)


def _many_questions(path: Path) -> None:
    path.write_text("".join(f"{i}. What about {i}?\n" for i in range(1, 10_001)), encoding="utf-8")


def _crafted_docx(path: Path, craft: Any) -> None:
    """A questions .docx, one of its numbers then set to what a crafted file would hold."""
    import docx

    document = docx.Document()
    document.add_paragraph("What do you think of the proposal?", style="List Number")
    craft(document)
    document.save(str(path))


def _huge_start(path: Path) -> None:  # a lower-roman list from 10**15: 10**12 turns of a loop
    def craft(document: Any) -> None:
        numbering = document.part.numbering_part.element
        for lvl in numbering.iter(qn("w:lvl")):
            lvl.find(qn("w:numFmt")).set(qn("w:val"), "lowerRoman")
            lvl.find(qn("w:start")).set(qn("w:val"), "1000000000000000")

    _crafted_docx(path, craft)


def _wide_cell(path: Path) -> None:  # a cell 300,000,000 columns wide: 2.8 GB in python-docx
    def craft(document: Any) -> None:
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        span = cell._tc.get_or_add_tcPr().makeelement(qn("w:gridSpan"), {})
        span.set(qn("w:val"), "300000000")
        cell._tc.get_or_add_tcPr().append(span)

    _crafted_docx(path, craft)


def _deep_merge(path: Path) -> None:  # 3,000 rows merged down: a RecursionError in python-docx
    def craft(document: Any) -> None:
        table = document.add_table(rows=3000, cols=1)
        for i, row in enumerate(table.rows):
            tc_pr = row.cells[0]._tc.get_or_add_tcPr()
            merge = tc_pr.makeelement(qn("w:vMerge"), {})
            if i == 0:
                merge.set(qn("w:val"), "restart")
            tc_pr.append(merge)

    _crafted_docx(path, craft)


def _bad_num_id(path: Path) -> None:  # numId and ilvl that are not numbers
    def craft(document: Any) -> None:
        p = document.add_paragraph("Should we?")._p
        num_pr = p.get_or_add_pPr().makeelement(qn("w:numPr"), {})
        for tag, value in (("w:ilvl", "x"), ("w:numId", '1"] | //*[@a="')):
            child = num_pr.makeelement(qn(tag), {qn("w:val"): value})
            num_pr.append(child)
        p.get_or_add_pPr().append(num_pr)

    _crafted_docx(path, craft)


GENERATORS = {
    "covered-zip-bomb": _covered_zip_bomb,
    "docx-huge-start": _huge_start,
    "docx-wide-cell": _wide_cell,
    "docx-deep-merge": _deep_merge,
    "docx-bad-num-id": _bad_num_id,
    "link-to-secret": _link_to_secret,
    "link-to-etc": _link_to_etc,
    "long-heading": _long_heading,
    "many-questions": _many_questions,
    "joined-box-lines": _joined_box_lines,
    "capitalised-run": _capitalised_run,
    "fifo": _fifo,
    "huge": _huge,
    "long-introduction": _long_introduction,
    "one-long-paragraph": _one_long_paragraph,
    "deep-flow": _deep_flow,
    "deep-block": _deep_block,
    "zip-bomb": _zip_bomb,
    "truncated-docx": _truncated_docx,
    "symlink-loop": _symlink_loop,
}


# ----------------------------------------------------------------------------- faults


def _interrupt(*_: Any, **__: Any) -> None:
    # Ctrl-C at the worst moment: the new file is complete but not yet in place
    raise KeyboardInterrupt


def _disk_full(*_: Any, **__: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# a new file is linked into place (exclusively), an existing one replaced: both are the moment
FAULTS = {
    "interrupt-at-rename": (("replace", "link"), _interrupt),
    "disk-full": (("fsync",), _disk_full),
}


# ----------------------------------------------------------------------------- the test


def _snapshot(root: Path) -> dict[str, tuple[str, int]]:
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        out[str(path.relative_to(root))] = (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            stat.S_IMODE(path.stat().st_mode),
        )
    return out


def _commands() -> set[str]:
    import typer.main

    from lga_draft.cli import app

    return set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_every_case_is_well_formed():
    for name, case in CASES.items():
        assert set(case) <= FIELDS, f"{name}: unknown fields {set(case) - FIELDS}"
        assert {"why", "args", "exit"} <= set(case), f"{name}: needs why, args and exit"
        assert case["exit"] == 0 or case.get("message"), f"{name}: a failure needs its message"
        assert set(case.get("generate", {}).values()) <= set(GENERATORS), (
            f"{name}: unknown generator"
        )
        assert case.get("fault", "disk-full") in FAULTS, f"{name}: unknown fault"
    folders = {p.name for p in HERE.iterdir() if p.is_dir()}
    assert folders <= set(CASES), f"folders without a case: {folders - set(CASES)}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(name: str, cli, tmp_path: Path):
    case = CASES[name]
    missing = [c for c in case.get("requires", []) if c not in _commands()]
    if missing:
        pytest.skip(f"'lga-draft {missing[0]}' does not exist yet; the case's files are ready")
    shutil.copytree(FIXTURES / "library", tmp_path / "lib")
    shutil.copy(FIXTURES / "consultation.yaml", tmp_path / "consultation.yaml")
    if (HERE / name).is_dir():
        shutil.copytree(HERE / name, tmp_path, dirs_exist_ok=True)
    for rel, kind in case.get("generate", {}).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)  # git keeps no empty folder
        GENERATORS[kind](tmp_path / rel)
    chmods = {tmp_path / rel: int(str(mode), 8) for rel, mode in case.get("chmod", {}).items()}
    for path, mode in chmods.items():
        path.chmod(mode)
    before = _snapshot(tmp_path)

    library = [] if case.get("library") is False else ["--library", "lib"]
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        with pytest.MonkeyPatch.context() as patch:
            if "render_seconds" in case:  # the clock's limit, shortened so the suite stays fast
                patch.setattr(limits, "MAX_SECONDS", float(case["render_seconds"]))
            if "fault" in case:
                attributes, replacement = FAULTS[case["fault"]]
                for attribute in attributes:
                    patch.setattr(os, attribute, replacement)
            result = cli(*library, *case["args"])
        elapsed = time.perf_counter() - start
        after = _snapshot(tmp_path)
    finally:
        for path in chmods:
            path.chmod(0o755 if path.is_dir() else 0o644)  # so pytest can clean up

    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a bug: under test the CLI re-raises instead of printing one line
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.exit_code == case["exit"], (
        f"exit {result.exit_code}, expected {case['exit']}:\n{output}"
    )
    if case.get("message"):
        lines = result.stderr.strip().splitlines()
        assert any(case["message"] in line for line in lines), (
            f"expected {case['message']!r} in a line of:\n{result.stderr}"
        )
    assert elapsed < case.get("max_seconds", 30), f"took {elapsed:.1f}s"
    if "max_mb" in case:  # ru_maxrss is in kilobytes on Linux: the peak grew by less than this
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before) / 1024
        assert grown < case["max_mb"], f"memory grew by {grown:.0f} MB"

    written = set(case.get("writes", []))
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    assert changed == written, f"written or changed: {sorted(changed)}; expected {sorted(written)}"
    for rel, texts in case.get("contains", {}).items():
        content = (tmp_path / rel).read_text(encoding="utf-8")
        for text in texts:
            assert text in content, f"{rel} lacks {text!r}"
    for rel, texts in case.get("excludes", {}).items():
        content = (tmp_path / rel).read_text(encoding="utf-8")
        for text in texts:
            assert text not in content, f"{rel} holds {text!r}"
    for rel, texts in case.get("docx_contains", {}).items():
        for text in texts:
            assert text in _docx_text(tmp_path / rel), f"{rel} lacks {text!r}"
    for rel, texts in case.get("docx_excludes", {}).items():
        for text in texts:
            assert text not in _docx_text(tmp_path / rel), f"{rel} holds {text!r}"


def _docx_text(path: Path) -> str:
    """Every paragraph's text, those inside positions' content controls included."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    doc = docx.Document(str(path))
    return "\n".join(Paragraph(p, doc).text for p in doc.element.body.iter(qn("w:p")))
