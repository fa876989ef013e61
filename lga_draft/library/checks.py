"""Checks of a position against the library's settings, tags and sources (`own_problems`, run as
each file is indexed), of the tag vocabulary, and those that depend on the date.

The checks across position files run over the library index (crosschecks.py, quotes.py);
`dated_problems` depends on today's date and runs in `check`; `wording_problems` (words that date)
also in `draft`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lga_draft.errors import Problem
from lga_draft.library.model import Library, Origin, Position, Status, Vocabulary

# a position's problems that its own file and the library's settings, tags and sources decide:
# those before its references to other positions, and those after (see own_problems)
Own = tuple[list[Problem], list[Problem]]


def own_problems(lib: Library, p: Position, origin: Origin) -> Own:
    """The position's problems that depend only on its own file (its content and name) and on
    the library's settings, tags and sources: those reported before its references to other
    positions, and those after."""
    return list(_problems_before(lib, p, origin)), list(_problems_after(lib, p, origin))


def raw_problems(lib: Library, data: dict[str, Any], origin: Origin) -> list[Problem]:
    """What `own_problems` would find in a position file that does not validate, as far as its
    data allows: its unknown tags, owner and sources. A schema error (a misspelt status) must not
    hide a misspelt tag in the same file: `check` reports every problem at once."""
    problems: list[Problem] = []
    tags = data.get("tags")
    for i, tag in enumerate(tags if isinstance(tags, list) else []):
        if isinstance(tag, str) and tag not in lib.vocabulary:
            problems.append(origin.problem(lib.vocabulary.unknown(tag, own=True), "tags", i))
    owner, teams = data.get("owner"), lib.settings.teams
    if isinstance(owner, str) and teams and owner not in teams:
        problems.append(
            origin.problem(f"unknown owner '{owner}' (teams: {', '.join(teams)})", "owner")
        )
    for field in ("sources", "evidence", "case_studies"):
        items = data.get(field)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("source"), str):
                section = item.get("section") if isinstance(item.get("section"), str) else None
                problems += _source_problems(lib, origin, item["source"], section, (field, i))
    return problems


def _problems_before(lib: Library, p: Position, origin: Origin) -> Iterator[Problem]:
    stem = origin.path.stem
    if stem != p.id:
        yield origin.problem(
            f"file name '{origin.path.name}' does not match id '{p.id}'", "id", severity="warning"
        )
    for i, tag in enumerate(p.tags):
        if tag not in lib.vocabulary:
            yield origin.problem(lib.vocabulary.unknown(tag, own=True), "tags", i)
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
    from lga_draft.errors import display_path
    from lga_draft.library.yamlio import YamlError, load_yaml

    tags_file = root / "tags.yaml"
    problems: list[Problem] = []
    found: list[Any] = []  # the file's lines, read again only when there is a problem to place

    def line(loc: tuple[str | int, ...]) -> int | None:
        if not found:
            try:  # the file was read once already, so this does not fail
                found.append(load_yaml(tags_file).line_of if tags_file.is_file() else None)
            except YamlError:
                found.append(None)
        return found[0](loc) if found[0] else None

    def add(message: str, *loc: str | int) -> None:
        problems.append(Problem(display_path(tags_file), line(loc), message))

    owners: dict[str, str] = {}
    for tag, tagdef in vocab.tags.items():
        for j, parent in enumerate(tagdef.broader):
            if parent not in vocab:
                add(f"tag '{tag}': broader {vocab.unknown(parent, own=True)}", tag, "broader", j)
        if tag in vocab.ancestors(tag):
            add(f"tag '{tag}' is broader than itself (a cycle in 'broader')", tag, "broader")
        for j, word in enumerate((tag, *tagdef.aliases)):
            key = " ".join(word.lower().split())
            if key in owners and owners[key] != tag:
                where = (tag, "aliases", j - 1) if j else (tag,)
                add(f"alias '{word}' of tag '{tag}' already stands for '{owners[key]}'", *where)
            owners.setdefault(key, tag)
    return problems


def superseded_quotes(lib: Library) -> dict[str, list[Problem]]:
    """Position id -> its problems for quoting a figure from superseded evidence (over the index);
    worked out once per library, for `check` and for `draft`, which must never be quieter."""
    from lga_draft.library.quotes import quote_problems

    if "superseded_quotes" not in lib.memo:
        catalog = lib.catalog
        lib.memo["superseded_quotes"] = quote_problems(catalog.con, catalog.origin)
    found: dict[str, list[Problem]] = lib.memo["superseded_quotes"]
    return found


def dated_problems(lib: Library, today: dt.date) -> list[Problem]:
    """Warnings that depend on the date: positions past review, superseded figures still quoted
    (found over the library index), names no longer current and things spoken of as still to come
    (`wording_problems`)."""
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
    problems += wording_problems(lib, today)
    return problems


FUTURE_WORDS: tuple[str, ...] = ("forthcoming", "upcoming", "to be published", "yet to be")
FUTURE_WORDS += ("will be published", "still to come", "being drawn up", "coming forward")
FUTURE_WORDS += ("in preparation", "will publish", "due to be", "soon to be", "once published")
# words that date a text to the year or the government it was written under
FUTURE_WORDS += ("when published", "this year", "next year", "later this", "the new Government")


def wording_problems(
    lib: Library, today: dt.date, positions: Iterable[Position] | None = None
) -> list[Problem]:
    """Warnings about words that date, in the printed text (title, lead, body, asks) of every
    position that is not retired: a name the library's settings list as no longer current
    (`stale_terms`), and a thing spoken of as still to come (`FUTURE_WORDS`) when every source
    the position cites is older than `defaults.review_months`. Also an error for a stale term
    that cites neither a known source nor a public page."""
    problems: list[Problem] = []
    terms = lib.settings.stale_terms
    for i, term in enumerate(terms):
        if term.source not in lib.sources and not term.source.startswith(("https://", "http://")):
            message = (
                f"stale term '{term.name}': source '{term.source}' is neither a key of "
                "sources.yaml nor the address of a public page"
            )
            origin = lib.settings_origin
            problems.append(
                origin.problem(message, "stale_terms", i, "source")
                if origin
                else Problem("library.yaml", None, message)
            )
    patterns = [(t, _words_pattern((t.name, *t.aliases), plural=True)) for t in terms]
    future = _words_pattern(FUTURE_WORDS, plural=False)
    limit = _months_ago(today, lib.settings.defaults.review_months)
    if positions is None:
        positions = lib.positions
        if lib.catalog is not None:  # only those the index finds the words in
            words = [w for t in terms for w in (t.name, *t.aliases)] + list(FUTURE_WORDS)
            positions = [lib.by_id[pid] for pid in lib.catalog.naming(words)]
    for p in positions:
        if p.status is Status.RETIRED:
            continue
        origin = lib.origins[p.id]
        fields: list[tuple[tuple[str | int, ...], str]] = [
            (("title",), p.title),
            (("lead",), p.lead),
            (("body",), p.body),
            *((("asks", i), a.text) for i, a in enumerate(p.asks)),
        ]
        dates = [lib.sources[c.source].date for c in p.sources if c.source in lib.sources]
        newest = max((_period_end(d) for d in dates), default=None)
        for loc, text in fields:
            for term, pattern in patterns:
                found = pattern.search(text)
                if found:
                    since = f" since {term.since}" if term.since else ""
                    problems.append(
                        _at(
                            origin,
                            loc,
                            pattern,
                            f"position '{p.id}' names '{found.group(0)}', no longer current: "
                            f"replaced{since} by {term.replaced_by} (source: {term.source})",
                        )
                    )
            if newest is not None and newest < limit:
                for found in future.finditer(text):
                    problems.append(
                        _at(
                            origin,
                            loc,
                            _words_pattern((found.group(0),), plural=False),
                            f"position '{p.id}' speaks of a thing as still to come "
                            f"('{found.group(0)}'), but its newest source is of {max(dates)}, "
                            f"more than {lib.settings.defaults.review_months} months ago: "
                            "say what became of it, or date the text",
                        )
                    )
    return problems


@functools.lru_cache(maxsize=256)
def _words_pattern(words: tuple[str, ...], plural: bool) -> re.Pattern[str]:
    # whole words, any case, a line break or run of spaces where the name has a space
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"\b(?:{alternatives}){'s?' if plural else ''}\b", re.IGNORECASE)


def _at(
    origin: Origin, loc: tuple[str | int, ...], pattern: re.Pattern[str], message: str
) -> Problem:
    """The problem at the line of the file where the words stand: the first match at or after
    the field's own line (a block scalar's text starts below its key), else the field's line."""
    first = origin.line(*loc)
    text = origin.path.read_text(encoding="utf-8") if origin.path.is_file() else ""
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: (first or 1) - 1])
    found = pattern.search(text, start)
    line = text.count("\n", 0, found.start()) + 1 if found else first
    return Problem(origin.name, line, message, "warning")


def _period_end(partial: str) -> dt.date:
    """The last day a partial date can mean: '2021' is 2021-12-31, '2024-12' is 2024-12-31."""
    parts = [int(x) for x in partial.split("-")]
    if len(parts) == 3:
        return dt.date(parts[0], parts[1], parts[2])
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    y, m = (parts[0] + 1, 1) if parts[1] == 12 else (parts[0], parts[1] + 1)
    return dt.date(y, m, 1) - dt.timedelta(days=1)


def _months_ago(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, min(day.day, 28))
