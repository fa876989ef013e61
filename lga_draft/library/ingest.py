"""Reading one library file into what the index keeps of it (`Record`), with its own problems.

A position file gives its validated data as JSON, the line of every field, its tags, references,
evidence and passages, and its problems that its own file and the library's settings, tags and
sources decide (`checks.own_problems`). Nothing here touches the index: files can be read in
worker processes (a first read of a large library) and the records written by one.

Problems name files by markers (`\\x00lga:<path in the library>\\x00`) that the index turns back
into display paths when it reports them, so they follow the working folder of each command.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lga_draft.errors import _PATH_MARKER, Problem, display_path
from lga_draft.library.model import Library, Origin, Position

MARK = re.compile("\x00lga:([^\x00]*)\x00")


@dataclass
class Record:
    """What the index keeps of one position file."""

    rel: str
    stat: tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
    digest: str | None
    problems: list[tuple[str, int | None, str, str]]
    row: dict[str, Any] | None = None  # the positions row, when the file validates
    tags: list[str] = field(default_factory=list)
    refs: list[tuple[str, int, str]] = field(default_factory=list)
    evidence: list[tuple[int, str, str, str | None]] = field(default_factory=list)
    passages: list[tuple[str, str, int]] = field(default_factory=list)  # text, kind, ordinal
    document: dict[str, str] = field(default_factory=dict)


@contextmanager
def marked(root: Path) -> Iterator[None]:
    """While reading, `display_path` of a file in the library gives its marker."""
    base = os.fspath(root)
    prefix = base if base.endswith(os.sep) else base + os.sep

    def mark(path: Path | str) -> str | None:
        full = os.fspath(path)
        if full.startswith(prefix):
            return f"\x00lga:{full[len(prefix) :]}\x00"
        return None

    token = _PATH_MARKER.set(mark)
    try:
        yield
    finally:
        _PATH_MARKER.reset(token)


def problem_tuple(p: Problem) -> tuple[str, int | None, str, str]:
    return (p.file, p.line, p.message, p.severity)


def stat_of(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def read_position(root: Path, rel: str, context: Library | None) -> Record:
    """One position file, read and validated on its own; `context` (the library's settings, tags
    and sources) for its own problems."""
    from lga_draft.library.checks import own_problems
    from lga_draft.library.validate import validate
    from lga_draft.library.yamlio import YamlError, load_yaml, read_text

    path = root / rel
    try:
        st = stat_of(os.stat(path))
    except OSError:
        st = (-1, -1, -1, -1)
    with marked(root):
        if path.is_symlink() and not _inside(path, root):
            # a link committed into positions/ (-> ~/notes.yaml, /etc/...) is never read
            message = "is a link to a file outside the library; not read"
            return Record(rel, st, None, [(display_path(path), None, message, "error")])
        try:
            text = read_text(path)
        except YamlError as exc:
            return Record(rel, st, None, [problem_tuple(exc.problem)])
        record = Record(rel, st, digest_of(text), [])
        try:
            doc = load_yaml(path, text=text)
        except YamlError as exc:
            record.problems.append(problem_tuple(exc.problem))
            return record
        if not isinstance(doc.data, dict):
            kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
            message = f"a position file must be a mapping of fields, not {kind}"
            record.problems.append((doc.name, doc.line_of(()) or 1, message, "error"))
            return record
        position, found = validate(Position, doc.data, doc)
        record.problems += [problem_tuple(p) for p in found]
        if position is None:
            if context is not None:  # what else is wrong in it, as far as its data allows
                from lga_draft.library.checks import raw_problems

                raw = raw_problems(context, doc.data, Origin(path, doc.lines))
                record.problems += [problem_tuple(p) for p in raw]
            return record
        own = None
        if context is not None:
            own = own_problems(context, position, Origin(path, doc.lines))
        fill(record, position, doc.lines, own)
        if context is not None:  # the tags' words, as the index ranks them
            record.document["tags"] = tag_words(list(position.tags), context.vocabulary)
    return record


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, is a file inside the library folder `root`."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return os.path.commonpath([real, base]) == base


def fill(
    record: Record,
    p: Position,
    lines: dict[tuple[str | int, ...], int],
    own: tuple[list[Problem], list[Problem]] | None,
) -> None:
    """The rows of a position that validated."""
    record.row = {
        "id": p.id,
        "title": p.title,
        "status": p.status.value,
        "owner": p.owner,
        "last_reviewed": p.last_reviewed.isoformat(),
        "review_by": p.review_by.isoformat(),
        "id_line": lines.get(("id",)),
        "review_line": lines.get(("review_by",)),
        "data": p.model_dump_json(),
        "lines": json.dumps([[list(k), v] for k, v in lines.items()]),
        "own": None if own is None else own_json(own),
    }
    record.tags = list(p.tags)
    record.refs = [("related", i, t) for i, t in enumerate(p.related)]
    record.refs += [("supersedes", i, t) for i, t in enumerate(p.supersedes)]
    record.evidence = [(i, e.id, e.figure, e.superseded_by) for i, e in enumerate(p.evidence)]
    record.passages = passages(p)
    record.document = document(p)


def own_json(own: tuple[list[Problem], list[Problem]]) -> str:
    return json.dumps([[problem_tuple(p) for p in part] for part in own])


def phrase(text: str) -> str:
    """The lower-case words of a tag's name or alias, as a text names the tag by them."""
    return " ".join(re.findall(r"[\w'’-]+", text.lower()))


def paragraphs(body: str) -> list[str]:
    """A body's paragraphs: the text between blank lines."""
    return [part.strip() for part in re.split(r"\n[ \t]*\n", body) if part.strip()]


def passages(p: Position) -> list[tuple[str, str, int]]:
    """Each passage of a position a question can be ranked against: text, kind, ordinal."""
    out = [(p.title, "title", 0), (p.lead, "lead", 0)]
    out += [(a.text, "ask", i) for i, a in enumerate(p.asks)]
    out += [(f"{e.statement} {e.figure}", "figure", i) for i, e in enumerate(p.evidence)]
    out += [(f"{c.council} {c.title} {c.summary}", "case", i) for i, c in enumerate(p.case_studies)]
    out += [(text, "paragraph", i) for i, text in enumerate(paragraphs(p.body))]
    return out


def document(p: Position) -> dict[str, str]:
    """A position's text for ranking positions, by column (the tag words are added from the
    vocabulary when it is indexed), its idioms left out (`without_idioms`)."""
    return {
        "title": without_idioms(p.title),
        "lead": without_idioms(p.lead),
        "body": without_idioms(p.body),
        "asks": without_idioms("\n".join(a.text for a in p.asks)),
        "evidence": without_idioms(
            "\n".join(f"{e.statement} {e.figure}" for e in p.current_evidence)
        ),
        "cases": without_idioms(
            "\n".join(f"{c.council} {c.title} {c.summary}" for c in p.case_studies)
        ),
    }


# "Practice" in an idiom ("good practice", "best practice", "put it into practice", "in practice
# the machinery is not used"): the English word, not the general practice a question on GPs asks
# about. Fifteen of the bundled library's nineteen "practice"s are such, so they put the positions
# citing good practice first for an inquiry on the future of general practice, and two of its six
# key messages were there for "good practice" and "into practice" alone. GP "practices" are not
# the idiom.
_PRACTICE_IDIOM = re.compile(
    r"\b((?:good|best)(?:\s+local)?|in|into)\s+practice\b(?![-\u2010\u2011])", re.IGNORECASE
)


# "Account for" as a verb ("two suppliers account for over 80 per cent of the market", "spending
# accounted for by care"): it says what makes up a share, not the care account a consultation on
# the cap on care costs asks about ("How will care accounts be managed?"), which the stemmer reads
# as the same word. An officer found the positions quoting market shares suggested for that
# question. After a word that makes it a noun ("a care account for each person", "their accounts
# for the year", "take into account") it is not the idiom; after "social care" it is ("adult
# social care accounts for nearly 40 per cent of council budgets"), and after no word at all
# ("the largest budget, accounting for 40 per cent", "(accounts for 8 per cent)").
_ACCOUNT_FOR = re.compile(
    r"\b(?:(?:(\w+)\s+)?(\w+)\s+)?account(?:s|ed|ing)?\s+for\b", re.IGNORECASE
)
_MAKES_A_NOUN = frozenset(
    """a an the their each every her his its your our my personal bank individual care into""".split()  # noqa: SIM905
)


def _account_verb(m: re.Match[str]) -> str:
    before, word = (m[1] or "").lower(), (m[2] or "").lower()
    noun = word in _MAKES_A_NOUN and not (word == "care" and before == "social")
    return m[0] if noun else " ".join(w for w in (m[1], m[2], "for") if w)


def without_idioms(text: str) -> str:
    """The text as it is ranked: an idiom's "practice" left out ("good practice" is "good"), and
    the verb of "account for" ("accounts for 8 per cent" is "for 8 per cent"), in a position's
    text and a question's alike."""
    return _ACCOUNT_FOR.sub(_account_verb, _PRACTICE_IDIOM.sub(r"\1", text))


def tag_words(tags: list[str], vocabulary: Any) -> str:
    """The words a position's tags add to its document: names, aliases and descriptions."""
    words: list[str] = []
    for tag in tags:
        words.append(tag.replace("-", " "))
        tagdef = vocabulary.tags.get(tag)
        if tagdef is not None:
            words.extend(tagdef.aliases)
            words.append(tagdef.description)
    return "\n".join(words)


# ----------------------------------------------------------------------------- worker processes

_CONTEXT: tuple[Path, Library | None] | None = None


def start_worker(root: Path, context: Library | None) -> None:
    global _CONTEXT
    _CONTEXT = (root, context)
    # the main process, writing the index, is the one the others wait for: it comes first
    with contextlib.suppress(OSError, AttributeError):
        os.nice(10)


def work(rel: str) -> Record:
    assert _CONTEXT is not None
    return read_position(_CONTEXT[0], rel, _CONTEXT[1])
