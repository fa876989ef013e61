"""The checks across files, over the library index: run on every load, whatever changed.

Duplicate ids, references to positions that do not exist (or to themselves), supersession of
positions still in use, duplicate evidence ids, evidence superseded by unknown evidence or in a
cycle, and cycles of `supersedes`. Each finds its few cases in SQL and words them as
`checks.py` always has; `origin_of(id)` gives the Origin (file and lines) of a position.
"""

from __future__ import annotations

import difflib
import sqlite3
from collections.abc import Callable
from typing import Any

from lga_draft.errors import Problem
from lga_draft.library.model import Origin

OriginOf = Callable[[str], Origin]

_KEPT_REFS = """
    SELECT p.id, r.field, r.ordinal, r.target, t.status, p.status
    FROM refs r JOIN positions p ON p.rel = r.rel AND p.kept
    LEFT JOIN positions t ON t.id = r.target AND t.kept
"""


def reference_problems(
    con: sqlite3.Connection, origin_of: OriginOf, ids: Callable[[], list[str]]
) -> dict[str, list[Problem]]:
    """Position id -> problems with the positions it names (`checks._reference_problems`)."""
    # each part finds its few rows without a join per reference: unknown targets, a position
    # naming itself, an approved position superseding one still in use
    rows = con.execute(
        _KEPT_REFS + "WHERE r.rowid IN (SELECT rowid FROM refs q WHERE q.field = 'supersedes' "
        "OR q.target = q.pid OR NOT EXISTS (SELECT 1 FROM positions k "
        "WHERE k.id = q.target AND k.kept)) "
        "AND (t.id IS NULL OR r.target = p.id OR (r.field = 'supersedes' "
        "AND t.status != 'retired' AND p.status = 'approved')) "
        "ORDER BY p.id, r.field = 'supersedes', r.ordinal"
    ).fetchall()
    out: dict[str, list[Problem]] = {}
    warnings: dict[str, list[Problem]] = {}
    known: list[str] | None = None
    for pid, field, i, ref, ref_status, status in rows:
        origin = origin_of(pid)
        if ref == pid:
            message = f"{field}: a position cannot name itself"
            out.setdefault(pid, []).append(origin.problem(message, field, i))
        elif ref_status is None:
            known = ids() if known is None else known
            near = difflib.get_close_matches(ref, known, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            message = f"{field}: no position has id '{ref}'{hint}"
            out.setdefault(pid, []).append(origin.problem(message, field, i))
        still = ref_status not in (None, "retired")
        if field == "supersedes" and ref != pid and still and status == "approved":
            message = f"supersedes '{ref}', which is still {ref_status}; retire it"
            warnings.setdefault(pid, []).append(
                origin.problem(message, "supersedes", i, severity="warning")
            )
    for pid, found in warnings.items():
        out.setdefault(pid, []).extend(found)
    return out


def duplicate_evidence(con: sqlite3.Connection, origin_of: OriginOf) -> dict[str, list[Problem]]:
    """Position id -> its evidence ids already used by a position before it (by id), except
    where one position revises the other."""
    rows = con.execute(
        "SELECT e.ev_id, p.id, e.ordinal FROM evidence e JOIN positions p ON p.rel = e.rel "
        "AND p.kept WHERE e.ev_id IN (SELECT ev_id FROM evidence GROUP BY ev_id "
        "HAVING COUNT(*) > 1) "
        "ORDER BY p.id, e.ordinal"
    ).fetchall()
    if not rows:
        return {}
    supersedes = _supersedes(con, {pid for _, pid, _ in rows})
    first: dict[str, str] = {}
    out: dict[str, list[Problem]] = {}
    for ev_id, pid, i in rows:
        other = first.get(ev_id)
        if other is None:
            first[ev_id] = pid
            continue
        a, b = supersedes.get(pid, []), supersedes.get(other, [])
        if other in a or pid in b or set(a) & set(b):
            continue  # a revision carries its figures over from the position it supersedes
        message = f"duplicate evidence id '{ev_id}' (also in position '{other}')"
        out.setdefault(pid, []).append(origin_of(pid).problem(message, "evidence", i, "id"))
    return out


def _supersedes(con: sqlite3.Connection, ids: set[str] | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    rows = con.execute(
        "SELECT p.id, r.target FROM refs r JOIN positions p ON p.rel = r.rel AND p.kept "
        "WHERE r.field = 'supersedes' ORDER BY p.id, r.ordinal"
    )
    for pid, target in rows:
        if ids is None or pid in ids:
            out.setdefault(pid, []).append(target)
    return out


def supersession_problems(con: sqlite3.Connection, origin_of: OriginOf) -> list[Problem]:
    """Evidence superseded by itself, by unknown evidence or in a cycle; then cycles of
    `supersedes` between positions (`checks._supersession_problems`)."""
    problems: list[Problem] = []
    rows = con.execute(
        "SELECT p.id, e.ordinal, e.ev_id, e.superseded_by FROM evidence e JOIN positions p "
        "ON p.rel = e.rel AND p.kept WHERE e.superseded_by IS NOT NULL ORDER BY p.id, e.ordinal"
    ).fetchall()
    # evidence id -> what supersedes it, for the evidence that chains can reach (the last of
    # the same id wins, as in Library.evidence_index)
    index: dict[str, str | None] = dict(
        con.execute(
            "SELECT e.ev_id, e.superseded_by FROM evidence e JOIN positions p ON p.rel = e.rel "
            "AND p.kept WHERE e.ev_id IN (SELECT DISTINCT superseded_by FROM evidence "
            "WHERE superseded_by IS NOT NULL) ORDER BY p.id, e.ordinal"
        ).fetchall()
    )
    for pid, i, ev_id, newer in rows:
        loc = ("evidence", i, "superseded_by")
        if newer == ev_id:
            message = f"evidence '{ev_id}' is superseded by itself"
            problems.append(origin_of(pid).problem(message, *loc))
            continue
        if newer not in index:
            message = f"evidence '{ev_id}' is superseded by unknown evidence '{newer}'"
            problems.append(origin_of(pid).problem(message, *loc))
            continue
        chain = [ev_id]
        nxt: str | None = newer
        while nxt is not None and nxt in index:
            if nxt in chain:
                message = f"evidence '{ev_id}': supersession cycle {' -> '.join([*chain, nxt])}"
                problems.append(origin_of(pid).problem(message, *loc))
                break
            chain.append(nxt)
            nxt = index[nxt]
    problems += position_cycles(con, origin_of)
    return problems


def position_cycles(con: sqlite3.Connection, origin_of: OriginOf) -> list[Problem]:
    """Each cycle of `supersedes` (a -> b -> a), reported once, at the first position in it."""
    graph = _supersedes(con)
    known = {
        t
        for (t,) in con.execute(
            "SELECT DISTINCT r.target FROM refs r JOIN positions t ON t.id = r.target AND t.kept "
            "WHERE r.field = 'supersedes'"
        )
    }
    problems: list[Problem] = []
    reported: set[frozenset[str]] = set()
    for start in graph:  # by id
        path = [start]
        seen = {start}
        stack: list[tuple[str, Any]] = [(start, iter(graph[start]))]
        while stack:  # depth-first, iterative: a long chain must not hit the recursion limit
            _, refs = stack[-1]
            nxt = next(refs, None)
            if nxt is None:
                stack.pop()
                path.pop()
                continue
            if nxt == start and len(path) > 1:
                cycle = frozenset(path)
                if cycle not in reported:
                    reported.add(cycle)
                    message = f"supersession cycle: {' -> '.join([*path, start])}"
                    problems.append(origin_of(start).problem(message, "supersedes"))
                continue
            if nxt in seen or nxt not in known:
                continue
            seen.add(nxt)
            path.append(nxt)
            stack.append((nxt, iter(graph.get(nxt, ()))))
    return problems
