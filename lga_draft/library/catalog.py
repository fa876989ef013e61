"""The library as commands see it, read from the index: positions made when first used.

`Library.positions` is a sequence of the kept positions by id, each a frozen `Position` validated
from the JSON the index keeps (`Position.model_validate_json`) the first time it is asked for; a
draft that uses thirty positions of 10,000 makes thirty. `Catalog` answers what commands ask of
all positions (which carry a tag, which supersede another, which are past review) in SQL.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, overload

from lga_draft.errors import Problem, display_path
from lga_draft.library import crosschecks, ingest
from lga_draft.library import locate as location
from lga_draft.library.model import Library, Origin, Position


class Catalog:
    def __init__(self, con: sqlite3.Connection, root: Path) -> None:
        self.con, self.root = con, root
        self.made: dict[str, Position] = {}
        self.origins: dict[str, Origin] = {}
        self._rel: dict[str, str] | None = None
        self._ids: list[str] | None = None

    @property
    def rel(self) -> dict[str, str]:
        """Id -> the file of every kept position (read when first needed: a draft asks for a
        few ids, not all)."""
        if self._rel is None:
            rows = self.con.execute("SELECT id, rel FROM positions WHERE kept ORDER BY id")
            self._rel = dict(rows.fetchall())
        return self._rel

    @property
    def ids(self) -> list[str]:
        """The kept positions' ids, in order."""
        if self._ids is None:
            self._ids = list(self.rel)
        return self._ids

    def file_of(self, pid: str) -> str | None:
        """The file of the kept position `pid`, or None."""
        if self._rel is not None:
            return self._rel.get(pid)
        row = self.con.execute("SELECT rel FROM positions WHERE id = ? AND kept", (pid,)).fetchone()
        return row[0] if row else None

    def position(self, pid: str) -> Position:
        p = self.made.get(pid)
        if p is None:
            rel = self.file_of(pid)
            if rel is None:
                raise KeyError(pid)
            (data,) = self.con.execute("SELECT data FROM bodies WHERE rel = ?", (rel,)).fetchone()
            p = self.made[pid] = Position.model_validate_json(data)
        return p

    def all(self) -> list[Position]:
        if len(self.made) < len(self.rel):
            rows = self.con.execute(
                "SELECT id, data FROM positions JOIN bodies USING (rel) WHERE kept ORDER BY id"
            )
            for pid, data in rows:
                if pid not in self.made:
                    self.made[pid] = Position.model_validate_json(data)
        return [self.made[pid] for pid in self.rel]

    def origin(self, pid: str) -> Origin:
        origin = self.origins.get(pid)
        if origin is None:
            rel = self.file_of(pid)
            if rel is None:
                raise KeyError(pid)
            (lines,) = self.con.execute("SELECT lines FROM bodies WHERE rel = ?", (rel,)).fetchone()
            mapping = {tuple(k): v for k, v in json.loads(lines)}
            origin = self.origins[pid] = Origin(self.root / rel, mapping)
        return origin

    def carrying(self, tags: Iterable[str]) -> list[str]:
        """Ids of the positions carrying any of `tags`, by id."""
        wanted = sorted(set(tags))
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        rows = self.con.execute(
            f"SELECT DISTINCT p.id FROM tags t JOIN positions p ON p.rel = t.rel AND p.kept "
            f"WHERE t.tag IN ({marks}) ORDER BY p.id",
            wanted,
        )
        return [pid for (pid,) in rows]

    def candidates(self, tags: Iterable[str], statuses: Iterable[str]) -> dict[str, list[str]]:
        """Id -> tags of each position with one of `statuses` carrying any of `tags`, by id."""
        wanted, allowed = sorted(set(tags)), sorted(set(statuses))
        if not wanted or not allowed:
            return {}
        rows = self.con.execute(
            "SELECT p.id, t.tag FROM positions p JOIN tags t ON t.rel = p.rel WHERE p.kept "
            f"AND p.status IN ({','.join('?' * len(allowed))}) AND p.rel IN (SELECT rel FROM "
            f"tags WHERE tag IN ({','.join('?' * len(wanted))})) ORDER BY p.id, t.ordinal",
            (*allowed, *wanted),
        )
        out: dict[str, list[str]] = {}
        for pid, tag in rows:
            out.setdefault(pid, []).append(tag)
        return out

    def with_status(self, statuses: Iterable[str]) -> list[str]:
        """Ids of the kept positions with one of `statuses`, by id."""
        allowed = sorted(set(statuses))
        rows = self.con.execute(
            f"SELECT id FROM positions WHERE kept AND status IN ({','.join('?' * len(allowed))}) "
            "ORDER BY id",
            allowed,
        )
        return [pid for (pid,) in rows]

    def naming(self, phrases: Iterable[str]) -> list[str]:
        """Ids of the kept positions whose title, lead, body or asks may hold any of `phrases`,
        by id: FTS5's phrase match (any case, stemmed, any punctuation between the words) finds
        every place a whole-word search would and some more, so a check of the words themselves
        need read only these positions."""
        wanted = [p for p in dict.fromkeys(phrases) if p.strip()]
        if any(not re.search(r"[^\W_]", p) for p in wanted):
            return list(self.ids)  # no words for FTS5 to find: any position may hold it
        quoted = ['"' + p.replace('"', '""') + '"' for p in wanted]
        if not quoted:
            return []
        rows = self.con.execute(
            "SELECT DISTINCT p.id FROM documents d JOIN document_keys k ON k.rowid = d.rowid "
            "JOIN positions p ON p.rel = k.rel AND p.kept WHERE documents MATCH ? ORDER BY p.id",
            ("{title lead body asks} : (" + " OR ".join(quoted) + ")",),
        )
        return [pid for (pid,) in rows]

    def listing(self) -> list[Listed]:
        """What `list` shows of every kept position, by id, without making the positions."""
        tags: dict[str, list[str]] = {}
        rows = self.con.execute(
            "SELECT p.id, t.tag FROM tags t JOIN positions p ON p.rel = t.rel AND p.kept "
            "ORDER BY p.id, t.ordinal"
        )
        for pid, tag in rows:
            tags.setdefault(pid, []).append(tag)
        rows = self.con.execute(
            "SELECT id, title, status, owner, review_by, rel FROM positions WHERE kept ORDER BY id"
        )
        return [
            Listed(pid, title, tags.get(pid, []), status, owner, due, rel)
            for pid, title, status, owner, due, rel in rows
        ]

    def superseding(self, statuses: Iterable[str]) -> list[tuple[str, str, str]]:
        """(id, last reviewed, the id it supersedes) for each position with one of `statuses`
        that supersedes another, by id."""
        allowed = sorted(set(statuses))
        return self.con.execute(
            "SELECT p.id, p.last_reviewed, r.target FROM refs r JOIN positions p "
            "ON p.rel = r.rel AND p.kept WHERE r.field = 'supersedes' "
            f"AND p.status IN ({','.join('?' * len(allowed))}) ORDER BY p.id, r.ordinal",
            allowed,
        ).fetchall()

    def overdue(self, before: str) -> list[tuple[str, str, str, str, int | None]]:
        """(id, review_by, owner, file, line of review_by) of each position not retired and due
        for review before the date `before` (YYYY-MM-DD), by id."""
        rows = self.con.execute(
            "SELECT id, review_by, owner, rel, review_line FROM positions WHERE kept "
            "AND status != 'retired' AND review_by < ? ORDER BY id",
            (before,),
        )
        return [(*row[:3], display_path(self.root / row[3]), row[4]) for row in rows]

    def tag_lists(self) -> dict[str, list[str]]:
        """Position id -> its tags, for every kept position."""
        out: dict[str, list[str]] = {pid: [] for pid in self.ids}
        rows = self.con.execute(
            "SELECT p.id, t.tag FROM tags t JOIN positions p ON p.rel = t.rel AND p.kept "
            "ORDER BY p.id, t.ordinal"
        )
        for pid, tag in rows:
            out[pid].append(tag)
        return out


class Listed(NamedTuple):
    """A position as `list` shows it: a row of the index, not a position."""

    id: str
    title: str
    tags: list[str]
    status: str
    owner: str
    review_by: str  # YYYY-MM-DD
    rel: str  # its file, in the library folder


class Positions(Sequence[Position]):
    """The kept positions (or those of `ids`), by id, each made when first asked for."""

    def __init__(self, catalog: Catalog, ids: list[str] | None = None) -> None:
        self.catalog = catalog
        self._ids = ids

    @property
    def ids(self) -> list[str]:
        return self.catalog.ids if self._ids is None else self._ids

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, i: int) -> Position: ...
    @overload
    def __getitem__(self, i: slice) -> list[Position]: ...
    def __getitem__(self, i: int | slice) -> Position | list[Position]:
        if isinstance(i, slice):
            return [self.catalog.position(pid) for pid in self.ids[i]]
        return self.catalog.position(self.ids[i])

    def __iter__(self) -> Iterator[Position]:
        if self._ids is None:
            return iter(self.catalog.all())
        return (self.catalog.position(pid) for pid in self._ids)

    def __repr__(self) -> str:
        return f"<{len(self)} positions>"


class ById(Mapping[str, Position]):
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def __getitem__(self, pid: str) -> Position:
        return self.catalog.position(pid)

    def __contains__(self, pid: object) -> bool:
        return isinstance(pid, str) and self.catalog.file_of(pid) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.catalog.ids)

    def __len__(self) -> int:
        return len(self.catalog.ids)


class Origins(ById):
    def __getitem__(self, pid: str) -> Origin:  # type: ignore[override]
        return self.catalog.origin(pid)


def assemble(con: sqlite3.Connection, root: Path, context: Library) -> Any:
    """The library and every problem, from an index brought up to date (index.sync)."""
    from lga_draft.library.model import LoadResult

    catalog = Catalog(con, root)
    origin_of = catalog.origin
    problems: list[Problem] = []
    meta = dict(con.execute("SELECT key, value FROM meta"))
    # each file's own problems, and a duplicate id after them, in the order files are read
    found = con.execute("SELECT ord, 0, rel, problems, NULL FROM files WHERE problems != '[]'")
    twice = con.execute("SELECT ord, 1, rel, id, id_line FROM positions WHERE NOT kept")
    for _, dup, rel, value, id_line in sorted([*found, *twice]):
        if not dup:
            problems += _problems(root, value)
            continue
        first = origin_of(value)
        message = f"duplicate id '{value}' (also in {first.name}:{first.line('id')})"
        problems.append(Problem(display_path(root / rel), id_line, message))
    problems = _problems(root, meta.get("fixed_problems", "[]")) + problems
    problems += _problems(root, meta.get("vocabulary_problems", "[]"))
    own: dict[str, Any] = {
        pid: json.loads(value)
        for pid, value in con.execute(
            "SELECT id, own FROM positions WHERE kept AND own != '[[], []]' ORDER BY id"
        )
    }
    refs = crosschecks.reference_problems(con, origin_of, lambda: catalog.ids)
    dups = crosschecks.duplicate_evidence(con, origin_of)
    for pid in sorted({*own, *refs, *dups}):
        before, after = own.get(pid, ([], []))
        problems += _problems(root, before) + refs.get(pid, [])
        problems += _problems(root, after) + dups.get(pid, [])
    problems += crosschecks.supersession_problems(con, origin_of)
    library = Library(
        root=root,
        settings=context.settings,
        vocabulary=context.vocabulary,
        sources=context.sources,
        positions=Positions(catalog),  # type: ignore[arg-type]
        origins=Origins(catalog),  # type: ignore[arg-type]
        version=meta["version"],
        template_dirs=location.template_dirs(root),
        settings_origin=context.settings_origin,
        by_id=ById(catalog),  # type: ignore[arg-type]
        catalog=catalog,
    )
    return LoadResult(library, problems)


def _problems(root: Path, found: Any) -> list[Problem]:
    """Problems as the index keeps them (files by marker), naming files from the working folder."""
    if isinstance(found, str):
        found = json.loads(found)
    out = []
    for file, line, message, severity in found:
        if "\x00" in file or "\x00" in message:
            file, message = _shown(root, file), _shown(root, message)
        out.append(Problem(file, line, message, severity))
    return out


def _shown(root: Path, text: str) -> str:
    return ingest.MARK.sub(lambda m: display_path(root / m.group(1)), text)
