"""Checks across files: references, vocabulary, sources, governance dates and stale figures.

`structural_problems` runs on every load (a library with errors cannot be drafted from);
`dated_problems` depends on today's date and runs in `check` and `draft`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from lga_draft.errors import Problem
from lga_draft.library.model import Library, Origin, Position, Status
from lga_draft.library.tags import Vocabulary

# a position's problems that its own file and the library's settings, tags and sources decide:
# those before its references to other positions, and those after (see own_problems)
Own = tuple[list[Problem], list[Problem]]


def structural_problems(
    lib: Library,
    vocabulary: list[Problem] | None = None,
    own: Callable[[Library, Position, Origin], Own] | None = None,
) -> list[Problem]:
    """`vocabulary`: `vocabulary_problems` of the library's tags, when worked out already;
    `own` may stand in for `own_problems` (the library cache keeps them for each file, with the
    settings, tags and sources they were found with)."""
    problems: list[Problem] = []
    problems += (
        vocabulary if vocabulary is not None else vocabulary_problems(lib.root, lib.vocabulary)
    )
    evidence_ids: dict[str, tuple[str, int]] = {}
    for position in lib.positions:
        origin = lib.origins[position.id]
        before, after = (own or own_problems)(lib, position, origin)
        problems += before
        problems += _reference_problems(lib, position, origin)
        problems += after
        for i, ev in enumerate(position.evidence):
            if ev.id in evidence_ids:
                other, _ = evidence_ids[ev.id]
                if _revises(lib, position.id, other):
                    continue  # a revision carries its figures over from the position it supersedes
                problems.append(
                    origin.problem(
                        f"duplicate evidence id '{ev.id}' (also in position '{other}')",
                        "evidence",
                        i,
                        "id",
                    )
                )
            else:
                evidence_ids[ev.id] = (position.id, i)
    problems += _supersession_problems(lib, evidence_ids)
    return problems


def _revises(lib: Library, a: str, b: str) -> bool:
    """A proposed revision and its original, or two revisions of the same position."""
    first, second = lib.by_id[a].supersedes, lib.by_id[b].supersedes
    return b in first or a in second or bool(set(first) & set(second))


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


def _reference_problems(lib: Library, p: Position, origin: Origin) -> list[Problem]:
    """Problems with the positions it names: these depend on the whole library."""
    problems = []
    for field_name in ("related", "supersedes"):
        for i, ref in enumerate(getattr(p, field_name)):
            if ref == p.id:
                problems.append(
                    origin.problem(f"{field_name}: a position cannot name itself", field_name, i)
                )
            elif ref not in lib.by_id:
                near = difflib.get_close_matches(ref, list(lib.by_id), n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                problems.append(
                    origin.problem(f"{field_name}: no position has id '{ref}'{hint}", field_name, i)
                )
    for i, old in enumerate(p.supersedes):
        older = lib.by_id.get(old)
        if (
            old != p.id
            and older is not None
            and older.status is not Status.RETIRED
            and p.status is Status.APPROVED
        ):
            problems.append(
                origin.problem(
                    f"supersedes '{old}', which is still {older.status.value}; retire it",
                    "supersedes",
                    i,
                    severity="warning",
                )
            )
    return problems


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
    try:  # the lines to name them by (the file was read once already, so this does not fail)
        lines = load_yaml(tags_file).line_of if tags_file.is_file() else None
    except YamlError:
        lines = None
    problems: list[Problem] = []

    def add(message: str, *loc: str | int) -> None:
        problems.append(Problem(display_path(tags_file), lines(loc) if lines else None, message))

    owners: dict[str, str] = {}
    for tag, tagdef in vocab.tags.items():
        for j, parent in enumerate(tagdef.broader):
            if parent not in vocab:
                add(f"tag '{tag}': broader {vocab.unknown(parent)}", tag, "broader", j)
        if tag in vocab.ancestors(tag):
            add(f"tag '{tag}' is broader than itself (a cycle in 'broader')", tag, "broader")
        for j, word in enumerate((tag, *tagdef.aliases)):
            key = " ".join(word.lower().split())
            if key in owners and owners[key] != tag:
                where = (tag, "aliases", j - 1) if j else (tag,)
                add(f"alias '{word}' of tag '{tag}' already stands for '{owners[key]}'", *where)
            owners.setdefault(key, tag)
    return problems


def _supersession_problems(lib: Library, evidence_ids: dict[str, tuple[str, int]]) -> list[Problem]:
    problems: list[Problem] = []
    index = lib.evidence_index()
    for p in lib.positions:
        origin = lib.origins[p.id]
        for i, ev in enumerate(p.evidence):
            if ev.superseded_by is None:
                continue
            loc = ("evidence", i, "superseded_by")
            if ev.superseded_by == ev.id:
                problems.append(origin.problem(f"evidence '{ev.id}' is superseded by itself", *loc))
                continue
            if ev.superseded_by not in index:
                problems.append(
                    origin.problem(
                        f"evidence '{ev.id}' is superseded by unknown evidence '{ev.superseded_by}'",
                        *loc,
                    )
                )
                continue
            # follow the chain; a cycle means no figure is current
            chain = [ev.id]
            nxt: str | None = ev.superseded_by
            while nxt is not None and nxt in index:
                if nxt in chain:
                    problems.append(
                        origin.problem(
                            f"evidence '{ev.id}': supersession cycle {' -> '.join([*chain, nxt])}",
                            *loc,
                        )
                    )
                    break
                chain.append(nxt)
                nxt = index[nxt][1].superseded_by
    problems += _position_cycles(lib)
    return problems


def _position_cycles(lib: Library) -> list[Problem]:
    """Each cycle of `supersedes` (a -> b -> a), reported once, at the first position in it.

    A position naming itself is reported where `supersedes` is checked, so cycles start at two.
    """
    problems: list[Problem] = []
    reported: set[frozenset[str]] = set()
    for start in lib.positions:
        path = [start.id]
        seen = {start.id}  # each position explored once per start: linear, however tangled
        stack = [(start.id, iter(start.supersedes))]
        while stack:  # depth-first, iterative: a long chain must not hit Python's recursion limit
            _, refs = stack[-1]
            nxt = next(refs, None)
            if nxt is None:
                stack.pop()
                path.pop()
                continue
            if nxt == start.id and len(path) > 1:
                cycle = frozenset(path)
                if cycle not in reported:
                    reported.add(cycle)
                    problems.append(
                        lib.origins[start.id].problem(
                            f"supersession cycle: {' -> '.join([*path, start.id])}", "supersedes"
                        )
                    )
                continue
            if nxt in seen or nxt not in lib.by_id:
                continue
            seen.add(nxt)
            path.append(nxt)
            stack.append((nxt, iter(lib.by_id[nxt].supersedes)))
    return problems


def dated_problems(lib: Library, today: dt.date) -> list[Problem]:
    """Warnings that depend on the date: positions past review, superseded figures still quoted,
    names no longer current and things spoken of as still to come (`wording_problems`)."""
    problems: list[Problem] = []
    quotes = superseded_quotes(lib)
    for p in lib.positions:
        if p.status is Status.RETIRED:
            continue
        if p.review_by < today:
            problems.append(
                lib.origins[p.id].problem(
                    f"position '{p.id}' was due for review by {p.review_by.isoformat()} "
                    f"(owner: {p.owner})",
                    "review_by",
                    severity="warning",
                )
            )
        problems += quotes.get(p.id, ())
    problems += wording_problems(lib, today)
    return problems


def superseded_quotes(
    lib: Library, quoted: Callable[[Position, Figures], Iterable[str]] | None = None
) -> dict[str, list[Problem]]:
    """Position id -> its problems for quoting a figure from superseded evidence.

    These depend only on the library's content, so they are worked out once per library and kept
    with it (and in the library cache). `quoted(position, figures)` may stand in for
    `figures.quoted(position)`: the cache remembers the answer for each file.
    """
    if "superseded_quotes" not in lib.memo:
        lib.memo["superseded_quotes"] = _superseded_quotes(lib, quoted)
    found: dict[str, list[Problem]] = lib.memo["superseded_quotes"]
    return found


class Figures:
    """The figures of superseded evidence, and which of them a position's text quotes.

    Which a text quotes depends only on the text and on the set of figures, so `key` (a hash of
    that set) and the text's file are enough to remember the answer by.
    """

    def __init__(self, figures: Iterable[str]) -> None:
        # Every position against every superseded figure was quadratic: 70 seconds at 10,000
        # positions. Each word of a figure is a whole word wherever the figure is quoted (see
        # _quotes), so only figures sharing their longest word with the text need the full test.
        self.by_word: dict[str, list[str]] = {}
        self.always: list[str] = []  # figures without a word, e.g. "-": tested against every text
        for figure in dict.fromkeys(figures):
            words = re.findall(r"\w+", figure)
            if words:
                self.by_word.setdefault(max(words, key=len), []).append(figure)
            else:
                self.always.append(figure)
        distinct = sorted({*self.always, *(f for fs in self.by_word.values() for f in fs)})
        self.key = hashlib.sha256("\0".join(distinct).encode()).hexdigest()

    def quoted(self, p: Position) -> list[str]:
        """The figures that the position's lead, body or asks quote."""
        text = "\n".join([p.lead, p.body, *(a.text for a in p.asks)])
        in_text = set(re.findall(r"\w+", text))
        candidates = self.always + [
            f for w in in_text.intersection(self.by_word) for f in self.by_word[w]
        ]
        return [f for f in candidates if _quotes(text, f)]


def _superseded_quotes(
    lib: Library, quoted: Callable[[Position, Figures], Iterable[str]] | None
) -> dict[str, list[Problem]]:
    superseded = [
        (e.figure, e.id, e.superseded_by)
        for p in lib.positions
        for e in p.evidence
        if e.superseded_by
    ]
    out: dict[str, list[Problem]] = {}
    if not superseded:
        return out
    where: dict[str, list[int]] = {}  # figure -> its places in `superseded`
    for i, (figure, _, _) in enumerate(superseded):
        where.setdefault(figure, []).append(i)
    figures = Figures(where)
    for p in lib.positions:
        if p.status is Status.RETIRED:
            continue
        found = quoted(p, figures) if quoted is not None else figures.quoted(p)
        hits = sorted(i for f in found for i in where[f])
        if not hits:
            continue
        origin = lib.origins[p.id]
        severity = "error" if p.status is Status.APPROVED else "warning"
        out[p.id] = [
            origin.problem(
                f"quotes '{figure}' from superseded evidence '{ev_id}'; use '{newer}' instead",
                "body",
                severity=severity,
            )
            for figure, ev_id, newer in (superseded[i] for i in hits)
        ]
    return out


def _quotes(text: str, figure: str) -> bool:
    return _figure_pattern(figure).search(text) is not None


@functools.lru_cache(maxsize=4096)
def _figure_pattern(figure: str) -> re.Pattern[str]:
    # a figure is quoted when it stands on its own: not inside a longer number or word
    return re.compile(r"(?<![\w.])" + re.escape(figure) + r"(?![\w])")


# ----------------------------------------------------------------------------- words that date

# Words that speak of a thing as still to come. Text using one is fine while its sources are
# recent; once the newest source it rests on is older than the library's review period, the thing
# has most likely happened (or not), and the text should say which, or give the date it speaks from.
FUTURE_WORDS: tuple[str, ...] = ("forthcoming", "upcoming", "to be published", "yet to be")
FUTURE_WORDS += ("will be published", "still to come", "being drawn up", "coming forward")
FUTURE_WORDS += ("in preparation",)


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
    for p in positions if positions is not None else lib.positions:
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
