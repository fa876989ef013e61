"""The library index: the library's files read into SQLite, brought up to date file by file.

`load(root)` is what every command reads the library through. It looks at every file's stat; a
file whose size, mtime, ctime or inode changed (or that changed within RACY_NS of being indexed)
is read and compared by digest, and only files whose content changed, or new ones, are parsed and
validated again; removed ones are dropped. When library.yaml, tags.yaml or sources.yaml change,
each position's own problems (which depend on them) are worked out again. The checks across files
(duplicate ids, references, evidence, supersession, superseded figures quoted) then run over the
index every time, in SQL where natural (crosschecks.py), so the result is what a full read gives.

With caching off the index is built in memory: the same code reads every file, so a full read
and an update cannot drift apart. Tables: store.py; the library handed out: catalog.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from lga_draft.library import cachedir, ingest, store
from lga_draft.library import locate as location
from lga_draft.library.model import Library, Settings, Source, Vocabulary, norm

FIXED = (location.SETTINGS_FILE, location.TAGS_FILE, location.SOURCES_FILE)
RACY_NS = 2_000_000_000  # a file changed this close to being indexed is compared by content
PARALLEL_FROM = 400  # files to parse before it pays to start worker processes
# passages of a position are numbered from its document's number times this (a body of more
# paragraphs than this keeps the first ones for ranking paragraphs)
PASSAGES = 4096


def load(root: Path) -> Any:
    """The library at `root` and every problem found, as a `load.LoadResult`."""
    from lga_draft.library.catalog import assemble

    for _ in range(2):
        con = store.open_index(root)
        try:
            context = sync(con, root)
            store.settle(con)
            return assemble(con, root, context)
        except sqlite3.DatabaseError as exc:
            con.close()
            folder = cachedir.cache_dir()
            if store.busy(exc) or folder is None:
                break  # another command is writing it
            store._remove(folder / f"library-{store.key(root)}.sqlite")  # damaged: built again
    con = store.in_memory(root)  # this command reads every file itself
    return assemble(con, root, sync(con, root))


def scan(root: Path) -> dict[str, tuple[int, int, int, int]]:
    """Every file the library is read from, relative to `root`, with its stat (size, mtime,
    ctime, inode). Position files are every *.yaml and *.yml under positions/."""
    base = os.fspath(root)
    out: dict[str, tuple[int, int, int, int]] = {}
    for name in FIXED:
        path = os.path.join(base, name)
        if os.path.isfile(path):
            out[name] = ingest.stat_of(os.stat(path))
    cut = len(base) + 1
    stack = [os.path.join(base, location.POSITIONS_DIR)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.endswith((".yaml", ".yml")):
                try:
                    st = entry.stat()
                    out[entry.path[cut:]] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                except OSError:
                    out[entry.path[cut:]] = (-1, -1, -1, -1)
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
    return out


def order(rel: str) -> str:
    """Sorts position files as pathlib does (part by part), the .yml ones after the .yaml."""
    return ("1" if rel.endswith(".yml") else "0") + rel.replace(os.sep, "\x00")


def sync(con: sqlite3.Connection, root: Path) -> Library:
    """Bring the index up to date with the files; returns the library's settings, tags and
    sources (as a Library without positions)."""
    found = scan(root)
    with store.transaction(con):
        # rel -> (size, mtime_ns, ctime_ns, ino, digest), as stored
        rows = con.execute("SELECT rel, size, mtime_ns, ctime_ns, ino, digest FROM files")
        stored = {row[0]: row[1:] for row in rows}
        now = time.time_ns()
        changed: list[str] = []
        for rel, st in found.items():
            old = stored.get(rel)
            if old is not None and old[:4] == st:
                continue
            if old is not None and old[4] is not None and _digest(root / rel) == old[4]:
                con.execute(
                    "UPDATE files SET size=?, mtime_ns=?, ctime_ns=?, ino=? WHERE rel=?",
                    (*_trusted_stat(st, now), rel),
                )
                continue
            changed.append(rel)
        removed = [rel for rel in stored if rel not in found]
        fixed_changed = any(rel in FIXED for rel in (*changed, *removed))
        touched: set[str | None] = set()  # ids whose first file may have changed
        for rel in removed:
            touched.add(_drop(con, rel))
        if fixed_changed or "fixed_key" not in _meta(con):
            context = _read_fixed(con, root, found, now)
        else:
            context = _stored_fixed(con, root)
        own_key = _meta(con)["fixed_key"]
        positions = sorted((r for r in changed if r not in FIXED), key=order)
        batch: list[ingest.Record] = []
        for record in _parse(root, positions, context):
            if record.rel in stored:
                touched.add(_drop(con, record.rel))
            if record.row is not None:
                touched.add(record.row["id"])
            batch.append(record)
            if len(batch) == 256:
                _insert(con, batch, now, context, own_key)
                batch = []
        _insert(con, batch, now, context, own_key)
        touched.discard(None)
        if len(touched) > 500:
            con.execute(
                "UPDATE positions SET kept = (ord = "
                "(SELECT MIN(q.ord) FROM positions q WHERE q.id = positions.id))"
            )
        elif touched:
            con.executemany(
                "UPDATE positions SET kept = (ord = (SELECT MIN(q.ord) FROM positions q "
                "WHERE q.id = positions.id)) WHERE id = ?",
                [(pid,) for pid in sorted(touched, key=str)],
            )
        if fixed_changed:
            _refresh_own(con, root, context)
        if changed or removed or "version" not in _meta(con):
            from lga_draft.library.quotes import refresh_quotes

            refresh_quotes(con)
            _set_version(con)
    return context


def _set_version(con: sqlite3.Connection) -> None:
    """The library's content hash: every file's path and digest, in the order they are read."""
    hasher = hashlib.sha256()
    for rel, digest in con.execute("SELECT rel, digest FROM files ORDER BY ord"):
        if digest is not None:
            hasher.update(f"{rel}\0{digest}\0".encode())
    con.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (hasher.hexdigest()[:12],))


def _trusted_stat(st: tuple[int, int, int, int], now: int) -> tuple[int, int, int, int]:
    """The stat to store: one from within RACY_NS of now matches no later stat, so the file is
    compared by content next time too (a second edit in the same clock tick keeps its mtime)."""
    if st[1] >= now - RACY_NS or st[2] >= now - RACY_NS:
        return (-1, *st[1:])
    return st


def _digest(path: Path) -> str | None:
    from lga_draft.library.yamlio import YamlError, read_text

    try:
        return ingest.digest_of(read_text(path))
    except YamlError:
        return None


def _meta(con: sqlite3.Connection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM meta"))


def _drop(con: sqlite3.Connection, rel: str) -> str | None:
    """Remove a file's rows; returns the id of its position, if it had one."""
    had = con.execute("SELECT id FROM positions WHERE rel = ?", (rel,)).fetchone()
    row = con.execute("SELECT rowid FROM document_keys WHERE rel = ?", (rel,)).fetchone()
    if row is not None:
        (doc,) = row
        con.execute("DELETE FROM documents WHERE rowid = ?", row)
        con.execute(
            "DELETE FROM passages WHERE rowid BETWEEN ? AND ?",
            (doc * PASSAGES, doc * PASSAGES + PASSAGES - 1),
        )
        con.execute("DELETE FROM document_keys WHERE rowid = ?", row)
    for table in ("tags", "refs", "evidence", "bodies", "positions", "files"):
        con.execute(f"DELETE FROM {table} WHERE rel = ?", (rel,))
    return had[0] if had else None


_TABLES = {
    "files": "INSERT INTO files (rel, ord, size, mtime_ns, ctime_ns, ino, digest, problems) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "positions": "INSERT INTO positions (rel, id, title, ord, status, owner, last_reviewed, "
    "review_by, id_line, review_line, own, own_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "bodies": "INSERT INTO bodies VALUES (?, ?, ?)",
    "tags": "INSERT INTO tags VALUES (?, ?, ?)",
    "refs": "INSERT INTO refs VALUES (?, ?, ?, ?, ?)",
    "evidence": "INSERT INTO evidence VALUES (?, ?, ?, ?, ?)",
    "document_keys": "INSERT INTO document_keys (rowid, rel) VALUES (?, ?)",
    "passages": "INSERT INTO passages (rowid, text, pid, kind, ordinal, rel) "
    "VALUES (?, ?, ?, ?, ?, ?)",
    "documents": "INSERT INTO documents (rowid, title, lead, body, asks, evidence, cases, tags) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
}


def _insert(
    con: sqlite3.Connection, records: list[ingest.Record], now: int, context: Library, key: str
) -> None:
    """Files' rows, table by table; `key`: of the settings, tags and sources their own problems
    were found with."""
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _TABLES}
    (doc,) = con.execute("SELECT coalesce(max(rowid), 0) FROM document_keys").fetchone()
    for r in records:
        ord_ = order(r.rel)
        stat = _trusted_stat(r.stat, now)
        rows["files"].append((r.rel, ord_, *stat, r.digest, json.dumps(r.problems)))
        if r.row is None:
            continue
        p, pid = r.row, r.row["id"]
        rows["positions"].append(
            (r.rel, pid, p["title"], ord_, p["status"], p["owner"], p["last_reviewed"])
            + (p["review_by"],)
            + (p["id_line"], p["review_line"], p["own"], key)
        )
        rows["bodies"].append((r.rel, p["data"], p["lines"]))
        rows["tags"] += [(r.rel, i, t) for i, t in enumerate(r.tags)]
        rows["refs"] += [(r.rel, pid, *ref) for ref in r.refs]
        rows["evidence"] += [(r.rel, *e) for e in r.evidence]
        doc += 1
        rows["document_keys"].append((doc, r.rel))
        rows["passages"] += [
            (doc * PASSAGES + k, text, pid, kind, i, r.rel)
            for k, (text, kind, i) in enumerate(r.passages[:PASSAGES])
        ]
        rows["documents"].append(_document_row(doc, r.document, r.tags, context))
    for table, sql in _TABLES.items():
        if rows[table]:
            con.executemany(sql, rows[table])


def _document_row(
    doc: int, text: dict[str, str], tags: list[str], context: Library
) -> tuple[Any, ...]:
    """A position's row for ranking positions, numbered `doc` as in document_keys."""
    words = text.get("tags")
    if words is None:
        words = ingest.tag_words(tags, context.vocabulary)
    return (doc, *(text[c] for c in ("title", "lead", "body", "asks", "evidence", "cases")), words)


def _parse(root: Path, rels: list[str], context: Library) -> Any:
    """Each file read and validated, in worker processes when there are many."""
    workers = min(os.cpu_count() or 1, 4)
    if len(rels) < PARALLEL_FROM or workers < 2 or os.name != "posix":
        return (ingest.read_position(root, rel, context) for rel in rels)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    def results() -> Any:
        with ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=ingest.start_worker,
            initargs=(root, context),
        ) as pool:
            yield from pool.map(ingest.work, rels, chunksize=64)

    return results()


# ----------------------------------------------------------------------------- the fixed files


def _read_fixed(con: sqlite3.Connection, root: Path, found: dict[str, Any], now: int) -> Library:
    """library.yaml, tags.yaml and sources.yaml read again, and kept."""
    from lga_draft.library.checks import vocabulary_problems
    from lga_draft.library.files import read_fixed

    with ingest.marked(root):
        fixed, texts = read_fixed(root)
        vocab_problems = vocabulary_problems(root, fixed.vocabulary)
    for rel in FIXED:
        _drop(con, rel)
    digests = []
    for i, rel in enumerate(FIXED):
        if rel not in found:
            digests.append("")
            continue
        text = texts.get(rel)
        digest = ingest.digest_of(text) if text is not None else None
        digests.append(digest or "")
        data, lines = _fixed_data(rel, fixed)
        con.execute(
            "INSERT INTO files (rel, ord, size, mtime_ns, ctime_ns, ino, digest, problems) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                rel,
                f"!{i}",
                *_trusted_stat(found[rel], now),
                digest,
                json.dumps([ingest.problem_tuple(p) for p in fixed.problems if _in(p, rel)]),
            ),
        )
        con.execute("INSERT INTO bodies VALUES (?, ?, ?)", (rel, data, lines or ""))
    con.execute("DELETE FROM aliases")
    con.execute("DELETE FROM broader")
    con.execute("DELETE FROM tagdefs")
    con.executemany(
        "INSERT INTO tagdefs VALUES (?, ?)",
        [(tag, json.dumps(d.model_dump(mode="json"))) for tag, d in fixed.vocabulary.tags.items()],
    )
    for n, (tag, tagdef) in enumerate(fixed.vocabulary.tags.items()):
        words = [tag.replace("-", " "), *tagdef.aliases]
        names = [tag, *tagdef.aliases]  # as Vocabulary looks tags up
        con.executemany(
            "INSERT INTO aliases VALUES (?, ?, ?, ?, ?, ?)",
            [
                (tag, n, i, word, ingest.phrase(word), norm(name))
                for i, (word, name) in enumerate(zip(words, names, strict=True))
            ],
        )
        con.executemany(
            "INSERT INTO broader VALUES (?, ?, ?)",
            [(tag, i, b) for i, b in enumerate(tagdef.broader)],
        )
    problems = [
        ingest.problem_tuple(p) for p in fixed.problems if not any(_in(p, r) for r in FIXED)
    ]
    old = _meta(con)
    meta = {
        "fixed_key": ingest.digest_of("\0".join(digests)),
        "tags_key": digests[1],
        "fixed_problems": json.dumps(problems),
        "vocabulary_problems": json.dumps([ingest.problem_tuple(p) for p in vocab_problems]),
        "old_tags_key": old.get("tags_key", "-"),
    }
    con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
    return _context(root, fixed.settings, fixed.vocabulary, fixed.sources, fixed.settings_origin)


def _in(p: Any, rel: str) -> bool:
    return bool(p.file == f"\x00lga:{rel}\x00")


def _fixed_data(rel: str, fixed: Any) -> tuple[str | None, str | None]:
    if rel == location.SETTINGS_FILE:
        origin = fixed.settings_origin
        lines = (
            None if origin is None else json.dumps([[list(k), v] for k, v in origin.lines.items()])
        )
        return fixed.settings.model_dump_json(), lines
    if rel == location.TAGS_FILE:
        return "{}", None  # each tag has its row in `tagdefs`
    return json.dumps({k: v.model_dump(mode="json") for k, v in fixed.sources.items()}), None


def _stored_fixed(con: sqlite3.Connection, root: Path) -> Library:
    """The settings, tags and sources as the index keeps them, validated again."""
    from pydantic import TypeAdapter

    from lga_draft.library.model import Origin

    rows = {
        rel: (data, lines)
        for rel, data, lines in con.execute(
            "SELECT rel, data, lines FROM bodies WHERE rel IN (?, ?)",
            (location.SETTINGS_FILE, location.SOURCES_FILE),
        )
    }
    settings, origin = Settings(), None
    data, lines = rows.get(location.SETTINGS_FILE, (None, None))
    if data is not None:
        settings = Settings.model_validate_json(data)
    if lines:
        origin = Origin(root / location.SETTINGS_FILE, {tuple(k): v for k, v in json.loads(lines)})
    sources = rows.get(location.SOURCES_FILE, (None, None))[0]
    # tags.yaml of a large library holds thousands of tags: validated when they were indexed,
    # they are made as they were dumped (model_construct: frozen TagDefs, no second validation)
    names = [
        t for (t,) in con.execute("SELECT tag FROM aliases WHERE ordinal = 0 ORDER BY tag_ord")
    ]

    def find(word: str) -> str | None:  # the first name or alias of a normal form wins
        row = con.execute(
            "SELECT tag FROM aliases WHERE norm = ? ORDER BY tag_ord, ordinal LIMIT 1", (word,)
        ).fetchone()
        return row[0] if row else None

    def lookup() -> dict[str, str]:
        rows = con.execute("SELECT norm, tag FROM aliases ORDER BY tag_ord DESC, ordinal DESC")
        return dict(rows.fetchall())  # read backwards: the first of each normal form wins

    broader: dict[str, list[str]] = {}
    for tag, parent in con.execute("SELECT tag, parent FROM broader ORDER BY tag, ordinal"):
        broader.setdefault(tag, []).append(parent)

    def fields(tag: str) -> dict[str, Any]:
        (data,) = con.execute("SELECT data FROM tagdefs WHERE tag = ?", (tag,)).fetchone()
        found: dict[str, Any] = json.loads(data)
        return found

    vocabulary = Vocabulary.from_index(names, find, lookup, broader, fields)
    known = TypeAdapter(dict[str, Source]).validate_json(sources) if sources else {}
    return _context(root, settings, vocabulary, known, origin)


def _context(root: Path, settings: Any, vocabulary: Any, sources: Any, origin: Any) -> Library:
    return Library(
        root=root,
        settings=settings,
        vocabulary=vocabulary,
        sources=sources,
        positions=(),
        origins={},
        version="",
        settings_origin=origin,
    )


def _refresh_own(con: sqlite3.Connection, root: Path, context: Library) -> None:
    """Each position's own problems worked out again, after settings, tags or sources changed;
    and its document, when the tags' words changed."""
    from lga_draft.library.checks import own_problems
    from lga_draft.library.model import Origin, Position

    meta = _meta(con)
    key, retag = meta["fixed_key"], meta["tags_key"] != meta.get("old_tags_key")
    rows = con.execute(
        "SELECT rel, data, lines FROM positions JOIN bodies USING (rel) WHERE own_key IS NOT ?",
        (key,),
    )
    with ingest.marked(root):
        for rel, data, lines in rows.fetchall():
            p = Position.model_validate_json(data)
            origin = Origin(root / rel, {tuple(k): v for k, v in json.loads(lines)})
            own = ingest.own_json(own_problems(context, p, origin))
            con.execute("UPDATE positions SET own = ?, own_key = ? WHERE rel = ?", (own, key, rel))
            if retag:
                (doc,) = con.execute(
                    "SELECT rowid FROM document_keys WHERE rel = ?", (rel,)
                ).fetchone()
                con.execute("DELETE FROM documents WHERE rowid = ?", (doc,))
                row = _document_row(doc, ingest.document(p), list(p.tags), context)
                con.execute(_TABLES["documents"], row)
