"""The library index's SQLite file: where it is, its tables, and when it is not to be trusted.

One file per library folder, `library-<hash of the folder's path>.sqlite` in the cache folder
(see cachedir.py); an in-memory database when caching is off. Nothing read from it runs code: it
holds text, numbers and JSON, and positions are validated again as they are read
(`Position.model_validate_json`). An index written by another schema, another lga-draft version or
other code, or one SQLite finds damaged, is deleted and built again from the files.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from pathlib import Path

from lga_draft import __version__
from lga_draft.library import cachedir

SCHEMA = 13
# the files SQLite keeps beside the database; each is checked like the database itself
_SIDE = ("-wal", "-shm", "-journal")

TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- every file the library was read from: library.yaml, tags.yaml, sources.yaml and the positions;
-- `ord` sorts them in the order they are read; `problems`: the file's own, as JSON
CREATE TABLE files (
    rel TEXT PRIMARY KEY, ord TEXT NOT NULL, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER,
    ino INTEGER, digest TEXT, problems TEXT NOT NULL DEFAULT '[]'
) WITHOUT ROWID;
-- one row per position file that validates; `kept`: the first file with its id, in `ord` order
CREATE TABLE positions (
    rel TEXT PRIMARY KEY REFERENCES files(rel) ON DELETE CASCADE, id TEXT NOT NULL,
    title TEXT NOT NULL, ord TEXT NOT NULL, kept INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL, owner TEXT NOT NULL,
    last_reviewed TEXT NOT NULL, review_by TEXT NOT NULL, id_line INTEGER, review_line INTEGER,
    own TEXT, own_key TEXT, quoted TEXT, quoted_key TEXT
) WITHOUT ROWID;
CREATE INDEX positions_id ON positions(id, ord);
CREATE INDEX positions_kept ON positions(kept, id);
CREATE INDEX positions_own ON positions(id) WHERE kept AND own != '[[], []]';
CREATE INDEX positions_quoted ON positions(id) WHERE kept AND quoted != '[]';
-- covering the joins of the checks across files, so they read no table rows
CREATE INDEX positions_by_id ON positions(id, kept, status);
-- each position's validated data (JSON) and the line of every field: read only when used; and
-- the settings, tags and sources as validated
CREATE TABLE bodies (rel TEXT PRIMARY KEY, data TEXT NOT NULL, lines TEXT NOT NULL);
CREATE TABLE tags (rel TEXT NOT NULL, ordinal INTEGER, tag TEXT NOT NULL);
CREATE INDEX tags_tag ON tags(tag);
CREATE INDEX tags_rel ON tags(rel);
-- related and supersedes, in order
CREATE TABLE refs (
    rel TEXT NOT NULL, pid TEXT NOT NULL, field TEXT NOT NULL, ordinal INTEGER,
    target TEXT NOT NULL
);
CREATE INDEX refs_rel ON refs(rel);
CREATE INDEX refs_field ON refs(field, pid);
CREATE TABLE evidence (
    rel TEXT NOT NULL, ordinal INTEGER, ev_id TEXT NOT NULL, figure TEXT NOT NULL,
    superseded_by TEXT
);
CREATE INDEX evidence_rel ON evidence(rel);
CREATE INDEX evidence_id ON evidence(ev_id);
CREATE INDEX evidence_superseded ON evidence(superseded_by) WHERE superseded_by IS NOT NULL;
-- the vocabulary of tags.yaml: the words naming each tag (ordinal 0: its name, then its aliases)
-- as the phrase of lower-case words a text names it by (suggest.search.naming_words); broader tags
CREATE TABLE aliases (
    tag TEXT NOT NULL, tag_ord INTEGER, ordinal INTEGER, alias TEXT NOT NULL, phrase TEXT NOT NULL,
    norm TEXT NOT NULL
);
CREATE INDEX aliases_phrase ON aliases(phrase);
CREATE INDEX aliases_norm ON aliases(norm, tag_ord, ordinal);
CREATE TABLE broader (tag TEXT NOT NULL, ordinal INTEGER, parent TEXT NOT NULL);
-- each tag's fields as validated (JSON), made into a TagDef when the tag is first used
CREATE TABLE tagdefs (tag TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
-- one row per position, for ranking positions (bm25 with column weights)
CREATE VIRTUAL TABLE documents USING fts5(
    title, lead, body, asks, evidence, cases, tags, tokenize = 'porter unicode61'
);
CREATE TABLE document_keys (rowid INTEGER PRIMARY KEY, rel TEXT UNIQUE NOT NULL);
CREATE VIRTUAL TABLE documents_terms USING fts5vocab(documents, 'instance');
-- one row per passage: title, lead, each ask, figure and case study, each body paragraph;
-- numbered from the position's document number times index.PASSAGES
CREATE VIRTUAL TABLE passages USING fts5(
    text, pid UNINDEXED, kind UNINDEXED, ordinal UNINDEXED, rel UNINDEXED,
    tokenize = 'porter unicode61'
);
-- sentence embeddings of position texts (suggest/meaning.py, an optional extra): unit vectors as
-- float32 bytes, keyed by the model and the digest of the text embedded
CREATE TABLE meanings (
    model TEXT NOT NULL, digest TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, digest)
) WITHOUT ROWID;
"""


def open_index(root: Path) -> sqlite3.Connection:
    """The index of the library at `root`, made empty when missing or not to be trusted."""
    folder = cachedir.cache_dir()
    path = None
    if folder is not None and cachedir.private_dir(folder):
        path = folder / f"library-{key(root)}.sqlite"
    if path is None:
        return in_memory(root)
    for p in (path, *(path.with_name(path.name + s) for s in _SIDE)):
        if cachedir.ours(p) is False:  # a symlink, a FIFO, someone else's: never opened
            cachedir.set_aside(p)
    try:
        con = _connect(path)
        if _trusted(con, root):
            return con
        con.close()
    except OSError:  # a cache folder that cannot be written is no error: work in memory
        return in_memory(root)
    except sqlite3.Error as exc:
        if busy(exc):  # another command is writing it: this one reads the files itself
            return in_memory(root)
    _remove(path)
    try:
        return _fresh(_connect(path), root)
    except (OSError, sqlite3.Error):
        return in_memory(root)


def in_memory(root: Path) -> sqlite3.Connection:
    """An index for this command alone (caching off, or the cache cannot be used)."""
    return _fresh(sqlite3.connect(":memory:", check_same_thread=False), root)


def busy(exc: sqlite3.Error) -> bool:
    """The database is locked by another connection, not damaged."""
    return isinstance(exc, sqlite3.OperationalError) and (
        "locked" in str(exc) or "busy" in str(exc)
    )


def _connect(path: Path) -> sqlite3.Connection:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    new = os.fstat(fd).st_size == 0
    os.close(fd)  # made private before SQLite opens it
    con = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    # a new index is built under a rollback journal, which pages added to an empty file do not
    # need, where WAL would write each twice (the log, then the file); `settle` then turns it to
    # WAL, so that reading never waits for writing
    con.execute(f"PRAGMA journal_mode = {'DELETE' if new else 'WAL'}")
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute("PRAGMA cache_size = -32768")  # 32 MiB: a first read of a large library spills less
    return con


def settle(con: sqlite3.Connection) -> None:
    """A new index, once built, into WAL (an index in memory keeps its own journal)."""
    (mode,) = con.execute("PRAGMA journal_mode").fetchone()
    if mode == "delete":
        with contextlib.suppress(sqlite3.OperationalError):  # busy: the next command does it
            con.execute("PRAGMA journal_mode = WAL")


def _trusted(con: sqlite3.Connection, root: Path) -> bool:
    (version,) = con.execute("PRAGMA user_version").fetchone()
    if version != SCHEMA:
        return False
    meta = dict(con.execute("SELECT key, value FROM meta"))
    return all(meta.get(k) == v for k, v in _meta(root).items())


def _meta(root: Path) -> dict[str, str]:
    return {
        "lga-draft": __version__,
        "code": cachedir.code_fingerprint(),
        "root": str(Path(root).resolve()),
        "sqlite": sqlite3.sqlite_version,
    }


def _fresh(con: sqlite3.Connection, root: Path) -> sqlite3.Connection:
    con.isolation_level = None
    con.executescript(f"BEGIN; {TABLES} PRAGMA user_version = {SCHEMA}; COMMIT;")
    con.executemany("INSERT INTO meta VALUES (?, ?)", _meta(root).items())
    return con


@contextlib.contextmanager
def transaction(con: sqlite3.Connection):  # type: ignore[no-untyped-def]
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception: another command updating the
    same index waits for this one."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _remove(path: Path) -> None:
    for p in (path, *(path.with_name(path.name + s) for s in _SIDE)):
        with contextlib.suppress(FileNotFoundError):
            if cachedir.ours(p) is False:
                cachedir.set_aside(p)
            else:
                os.unlink(p)


def key(root: Path) -> str:
    return hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:24]
