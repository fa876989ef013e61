"""Checks of a position against the library's settings, tags and sources (`own_problems`, run as
each file is indexed), of the tag vocabulary, and those that depend on the date.

The checks across position files run over the library index (crosschecks.py, quotes.py);
`dated_problems` depends on today's date and runs in `check`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from pathlib import Path

from lga_draft.errors import Problem
from lga_draft.library.model import Library, Origin, Position
from lga_draft.library.tags import Vocabulary

# a position's problems that its own file and the library's settings, tags and sources decide:
# those before its references to other positions, and those after (see own_problems)
Own = tuple[list[Problem], list[Problem]]


def own_problems(lib: Library, p: Position, origin: Origin) -> Own:
    """The position's problems that depend only on its own file (its content and name) and on
    the library's settings, tags and sources: those reported before its references to other
    positions, and those after."""
    return list(_problems_before(lib, p, origin)), list(_problems_after(lib, p, origin))


def _problems_before(lib: Library, p: Position, origin: Origin) -> Iterator[Problem]:
    stem = origin.path.stem
    if stem != p.id:
        yield origin.problem(
            f"file name '{origin.path.name}' does not match id '{p.id}'", "id", severity="warning"
        )
    for i, tag in enumerate(p.tags):
        if tag not in lib.vocabulary:
            yield origin.problem(lib.vocabulary.unknown(tag), "tags", i)
    teams = lib.settings.teams
    if teams and p.owner not in teams:
        near = difflib.get_close_matches(p.owner, list(teams), n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else f" (teams: {', '.join(teams)})"
        yield origin.problem(f"unknown owner '{p.owner}'{hint}", "owner")
    if p.review_by < p.last_reviewed:
        yield origin.problem("review_by is earlier than last_reviewed", "review_by")


def _problems_after(lib: Library, p: Position, origin: Origin) -> Iterator[Problem]:
    # every citation, evidence item and case study must point at a known source and section
    for i, cite in enumerate(p.sources):
        yield from _source_problems(lib, origin, cite.source, cite.section, ("sources", i))
    for i, ev in enumerate(p.evidence):
        yield from _source_problems(lib, origin, ev.source, ev.section, ("evidence", i))
    for i, case in enumerate(p.case_studies):
        yield from _source_problems(lib, origin, case.source, case.section, ("case_studies", i))
    supported = {part for cite in p.sources for part in cite.supports}
    needed = ["lead", "body"] + (["asks"] if p.asks else [])
    for part in needed:
        if part not in supported:
            yield origin.problem(
                f"no source supports the {part} (add it to a source's 'supports')", "sources"
            )


def _source_problems(
    lib: Library, origin: Origin, source: str, section: str | None, loc: tuple[str | int, ...]
) -> Iterator[Problem]:
    known = lib.sources.get(source)
    if known is None:
        near = difflib.get_close_matches(source, list(lib.sources), n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else " (add it to sources.yaml)"
        yield origin.problem(f"unknown source '{source}'{hint}", *loc, "source")
    elif section is not None and known.sections and section not in known.sections:
        near = difflib.get_close_matches(section, list(known.sections), n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        yield origin.problem(f"source '{source}' has no section '{section}'{hint}", *loc, "section")


def vocabulary_problems(root: Path, vocab: Vocabulary) -> list[Problem]:
    """Problems of tags.yaml on its own: unknown broader tags, cycles, aliases taken twice."""
    problems: list[Problem] = []
    tags_file = root / "tags.yaml"
    from lga_draft.errors import display_path

    name = display_path(tags_file)
    owners: dict[str, str] = {}
    for tag, tagdef in vocab.tags.items():
        for parent in tagdef.broader:
            if parent not in vocab:
                problems.append(
                    Problem(name, None, f"tag '{tag}': broader {vocab.unknown(parent)}")
                )
        if tag in vocab.ancestors(tag):
            problems.append(
                Problem(name, None, f"tag '{tag}' is broader than itself (a cycle in 'broader')")
            )
        for word in (tag, *tagdef.aliases):
            key = " ".join(word.lower().split())
            if key in owners and owners[key] != tag:
                problems.append(
                    Problem(
                        name,
                        None,
                        f"alias '{word}' of tag '{tag}' already stands for '{owners[key]}'",
                    )
                )
            owners.setdefault(key, tag)
    return problems


def dated_problems(lib: Library, today: dt.date) -> list[Problem]:
    """Warnings that depend on the date: positions past review, superseded figures still quoted
    (found over the library index)."""
    catalog = lib.catalog
    quotes = superseded_quotes(lib)
    overdue = {row[0]: row[1:] for row in catalog.overdue(today.isoformat())}
    problems: list[Problem] = []
    for pid in sorted({*overdue, *quotes}):
        if pid in overdue:
            due, owner, name, line = overdue[pid]
            message = f"position '{pid}' was due for review by {due} (owner: {owner})"
            problems.append(Problem(name, line, message, "warning"))
        problems += quotes.get(pid, ())
    return problems


def superseded_quotes(lib: Library) -> dict[str, list[Problem]]:
    """Position id -> its problems for quoting a figure from superseded evidence, found over the
    library index (quotes.py) once per library."""
    if "superseded_quotes" not in lib.memo:
        from lga_draft.library.quotes import quote_problems

        lib.memo["superseded_quotes"] = quote_problems(lib.catalog.con, lib.catalog.origin)
    found: dict[str, list[Problem]] = lib.memo["superseded_quotes"]
    return found
