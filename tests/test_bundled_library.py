"""The bundled library against its seed documents: valid, traceable, exact figures, own words."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, SEEDS

from lga_draft.cli.describe import coverage_markdown, source_coverage
from lga_draft.library.load import load_library

# A run of this many words shared with a seed counts as copied (the issue: "no run of a dozen words").
COPY_RUN = 12

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds is not beside the checkout"
)


@pytest.fixture(scope="module")
def library():
    result = load_library(ROOT)
    assert result.errors == [], "\n".join(map(str, result.errors))
    return result.library


def _norm(text: str) -> str:
    text = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\xa0", " ")
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seeds(library) -> dict[str, str]:
    texts = {}
    for key, source in library.sources.items():
        if source.document:
            texts[key] = _norm((SEEDS / source.document).read_text(encoding="utf-8"))
    return texts


def _texts(p) -> list[str]:
    out = [p.title, p.lead, p.body, *(a.text for a in p.asks)]
    out += [f"{e.statement} {e.period or ''}" for e in p.evidence]
    out += [f"{c.title} {c.summary}" for c in p.case_studies]
    return out


def test_library_is_large_and_covers_the_named_topics(library):
    assert len(library.positions) > 60
    tags = {t for p in library.positions for t in p.tags}
    for topic in (
        "social-care-funding",
        "public-health-grant",
        "subsidiarity",
        "better-care-fund",
        "care-workforce",
        "continuing-healthcare",
        "send",
        "fluoridation",
        "obesity",
        "nhs-procurement",
        "secretary-of-state-powers",
        "care-assurance",
        "data-sharing",
        "cyber-security",
        "supplier-market",
        "health-wellbeing-boards",
        "devolution",
        "multi-year-settlements",
        "social-prescribing",
        "personalisation",
        "reablement",
        "voluntary-community-sector",
        "workforce-planning",
        "mental-health",
        "ics-footprints",
        "accountability",
        "duty-to-collaborate",
        "bureaucracy",
        "ics-partnerships",
    ):
        assert topic in tags, f"no position on {topic}"


def test_every_source_section_is_carried_by_a_position(library):
    missing = [
        f"{r['source']}:{r['section']}" for r in source_coverage(library) if not r["positions"]
    ]
    assert missing == []


def test_coverage_table_in_docs_is_current(library):
    assert (ROOT / "docs" / "source-coverage.md").read_text(encoding="utf-8") == coverage_markdown(
        library
    )


def test_case_studies_the_seeds_name_are_attached(library):
    councils = " ".join(c.council for p in library.positions for c in p.case_studies)
    for council in ("Luton", "Bradford", "Essex", "Leeds", "Tower Hamlets"):
        assert council in councils


def test_older_public_health_grant_figure_is_superseded_by_the_newer(library):
    index = library.evidence_index()
    old = [e for _, e in index.values() if e.figure == "over £700 million"]
    assert old and all(e.superseded_by for e in old)
    assert index[old[0].superseded_by][1].figure == "£858 million"


def test_owners_are_policy_teams(library):
    assert {p.owner for p in library.positions} <= set(library.settings.teams)


@needs_seeds
def test_every_figure_appears_exactly_in_its_cited_seed(library, seeds):
    wrong = []
    for p in library.positions:
        items = [(e.figure, e.source) for e in p.evidence] + [
            (c.figure, c.source) for c in p.case_studies if c.figure
        ]
        for figure, source in items:
            if source in seeds and _norm(figure) not in seeds[source]:
                wrong.append(f"{p.id}: '{figure}' is not in {source}")
    assert wrong == []


@needs_seeds
def test_every_number_written_appears_in_a_seed(library, seeds):
    corpus = " ".join(seeds.values())
    numbers = set(re.findall(r"\d[\d,.]*\d|\d", corpus))
    stray = []
    for p in library.positions:
        for text in _texts(p):
            for n in re.findall(r"\d[\d,.]*\d|\d", _norm(text)):
                if n.rstrip(".,") not in numbers:
                    stray.append(f"{p.id}: {n}")
    assert stray == []


@needs_seeds
def test_no_run_of_a_dozen_words_is_copied_from_a_seed(library, seeds):
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9£%']+", _norm(text).lower())

    grams = set()
    for text in seeds.values():
        w = words(text)
        grams |= {tuple(w[i : i + COPY_RUN]) for i in range(len(w) - COPY_RUN + 1)}
    copied = []
    for p in library.positions:
        for text in _texts(p):
            w = words(text)
            copied += [
                f"{p.id}: {' '.join(w[i : i + COPY_RUN])}"
                for i in range(len(w) - COPY_RUN + 1)
                if tuple(w[i : i + COPY_RUN]) in grams
            ]
    assert copied == []


def test_examples_draft_cleanly_with_the_bundled_library(cli):
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        result = cli("--library", ROOT, "draft", example, "--today", "2026-11-22")
        assert result.exit_code == 0, f"{example.name}: {result.output}"
        assert "no position answers it" not in result.stderr


def test_bundled_library_is_in_the_canonical_layout(cli):
    result = cli("--library", ROOT, "fmt", "--check")
    assert result.exit_code == 0, result.output
