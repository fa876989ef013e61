"""The data model: what a position, a tag (and the vocabulary of them), a source, the library
settings and the library itself are.

These pydantic models validate at the edge (every problem in a file at once, with its location) and
are frozen, so the rest of the program works on values that cannot change under it. They are also
the source of the JSON Schema that `lga-draft schema` exports for editors.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from lga_draft.errors import LgaDraftError, Problem, display_path

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PARTIAL_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _partial_date(value: Any) -> Any:
    """Accept 2024, 2024-12 and 2024-12-02 (YAML makes the last a date, the first an int)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


# What a file may hold where a partial date goes, as the JSON Schema says it: a year on its own is a
# YAML integer, a full date is a YAML date (an editor sees it as the text it is written as).
_PartialDateInput = (
    Annotated[str, Field(pattern=PARTIAL_DATE_PATTERN)] | Annotated[int, Field(ge=1000, le=9999)]
)

PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date, json_schema_input_type=_PartialDateInput),
    StringConstraints(pattern=PARTIAL_DATE_PATTERN),
    Field(description="YYYY, YYYY-MM or YYYY-MM-DD"),
]


class Frozen(BaseModel):
    # defer_build: a validator is built when a model first validates, not at import. A command
    # served from the library cache validates only its consultation file, and building all of
    # these at import took 40 ms of every start.
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=False, defer_build=True
    )


class Status(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    RETIRED = "retired"


Part = Literal["lead", "body", "asks"]
_ALL_PARTS: list[Part] = ["lead", "body", "asks"]


class Ask(Frozen):
    text: Text
    timeframe: str | None = Field(default=None, description="e.g. 'quick to do', 'in the middle'")


def _ask(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Evidence(Frozen):
    id: Slug = Field(description="unique across the library")
    statement: Text = Field(description="what the figure measures, in our own words")
    figure: Text = Field(description="the figure exactly as the source gives it")
    period: str | None = Field(
        default=None, description="what the figure covers, e.g. '2015/16 to 2019/20'"
    )
    as_of: PartialDate = Field(description="when the figure was current")
    source: Slug = Field(description="a key of sources.yaml")
    section: str | None = Field(default=None, description="a section key of that source")
    superseded_by: Slug | None = Field(
        default=None, description="id of the evidence item that updates this one"
    )


class CaseStudy(Frozen):
    council: Text
    title: Text
    summary: Text
    figure: str | None = None
    source: Slug
    section: str | None = None


class Citation(Frozen):
    source: Slug = Field(description="a key of sources.yaml")
    section: str | None = Field(default=None, description="a section key of that source")
    supports: list[Part] = Field(default_factory=lambda: _ALL_PARTS.copy(), min_length=1)


class RevisionOf(Frozen):
    """Where a proposed revision came from: `harvest --write` records it from a signed-off draft."""

    id: Slug = Field(description="the position this revises")
    library_version: str = Field(
        default="", description="the library version the draft was made from"
    )
    signed_off_by: str = Field(default="", description="who signed the draft off")
    signed_off_on: dt.date | None = Field(default=None, description="when it was signed off")
    document: str = Field(default="", description="the signed-off document's file name")
    notes: list[str] = Field(
        default_factory=list,
        description="edits no field could hold, tracked changes and comments, verbatim",
    )


class Position(Frozen):
    id: Slug
    title: Text
    status: Status
    owner: Slug
    last_reviewed: dt.date
    review_by: dt.date
    tags: list[Slug] = Field(min_length=1)
    lead: Text
    body: Text
    asks: list[Annotated[Ask, BeforeValidator(_ask, json_schema_input_type=Ask | Text)]] = Field(
        default_factory=list, description="each an ask, or just its text"
    )
    evidence: list[Evidence] = Field(default_factory=list)
    case_studies: list[CaseStudy] = Field(default_factory=list)
    sources: list[Citation] = Field(min_length=1)
    supersedes: list[Slug] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    revision_of: RevisionOf | None = Field(
        default=None, description="where a revision proposed by 'harvest --write' came from"
    )
    note: str | None = Field(
        default=None,
        description="for editors only, never printed: where the text comes from, what a source "
        "leaves out, why a figure is dated",
    )

    @property
    def current_evidence(self) -> list[Evidence]:
        return [e for e in self.evidence if e.superseded_by is None]


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class TagDef(Frozen):
    description: Text
    aliases: list[Annotated[str, StringConstraints(pattern=r"^[^,+]+$", strip_whitespace=True)]] = (
        Field(default_factory=list)
    )
    broader: Annotated[
        list[Slug], BeforeValidator(_one_or_many, json_schema_input_type=list[Slug] | Slug)
    ] = Field(default_factory=list, description="one broader tag, or a list of them")


class Source(Frozen):
    title: Text
    short_title: Text | None = Field(
        default=None, description="how a footnote names it; the title when not given"
    )
    publisher: Text
    date: PartialDate
    kind: str | None = None
    url: str | None = None
    document: str | None = Field(default=None, description="file name of the text we hold, if any")
    sections: dict[str, Text] = Field(default_factory=dict)


class Person(Frozen):
    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""


class Organisation(Frozen):
    name: Text = "Your organisation"
    short_name: str | None = None
    about: str | None = None
    address: str | None = None
    contact: Person = Person()
    nation: str | None = Field(
        default=None,
        description="the nation whose councils it speaks for, e.g. 'England': a draft for a "
        "consultation of another nation's government or legislature is reported",
    )


class Defaults(Frozen):
    template: str = "consultation-response"
    figure_age_months: int = Field(default=36, ge=1)
    review_months: int = Field(
        default=24,
        ge=1,
        description="how long a position stands between reviews; text resting on sources older "
        "than this that speaks of a thing as still to come is reported",
    )


class StaleTerm(Frozen):
    """The name of a body, programme or bill that is no longer current."""

    name: Text = Field(description="the name as text writes it, e.g. 'Public Health England'")
    aliases: list[Text] = Field(
        default_factory=list, description="other ways of writing it, e.g. 'PHE'"
    )
    replaced_by: Text = Field(description="what replaced it")
    since: PartialDate | None = Field(default=None, description="when it stopped being current")
    source: Text = Field(
        description="where that is said: a key of sources.yaml, or the address of a public page"
    )


class Settings(Frozen):
    organisation: Organisation = Organisation()
    spokesperson: Person = Person()
    signatory: Person = Person()
    teams: dict[Slug, Text] = Field(default_factory=dict)
    defaults: Defaults = Defaults()
    stale_terms: list[StaleTerm] = Field(
        default_factory=list,
        description="names no longer current; `check` and `draft` warn where position text uses one",
    )


# ----------------------------------------------------------------------------- the tag vocabulary


class Vocabulary:
    """The tags of a library, their aliases and the broader/narrower hierarchy."""

    def __init__(self, tags: Mapping[str, TagDef]) -> None:
        self.tags: Mapping[str, TagDef] = dict(tags)
        self._broader = {name: tag.broader for name, tag in self.tags.items()}
        self._find: Callable[[str], str | None] | None = None
        self._load_lookup: Callable[[], dict[str, str]] | None = None
        self._lookup: dict[str, str] | None = {}
        for name, tag in self.tags.items():
            for word in (name, *tag.aliases):
                self._lookup.setdefault(_norm(word), name)

    @classmethod
    def from_index(
        cls,
        names: list[str],
        find: Callable[[str], str | None],
        lookup: Callable[[], dict[str, str]],
        broader: dict[str, list[str]],
        fields: Callable[[str], dict[str, Any]],
    ) -> Vocabulary:
        """The vocabulary as the library index keeps it: the tags' names in order; `find(normal
        form)` the tag a name or alias stands for, `lookup()` all of them; the broader tags;
        `fields(name)` a tag's fields as validated before. What a large library has thousands
        of is read only when needed."""
        vocab = cls.__new__(cls)
        vocab.tags = _TagDefs(names, fields)
        vocab._broader = {name: broader.get(name, []) for name in names}
        vocab._find, vocab._lookup, vocab._load_lookup = find, None, lookup
        return vocab

    @property
    def lookup(self) -> dict[str, str]:
        """Each name's and alias's normal form -> the tag it stands for."""
        if self._lookup is None:
            assert self._load_lookup is not None
            self._lookup = self._load_lookup()
        return self._lookup

    def __contains__(self, name: object) -> bool:
        return name in self.tags

    def __len__(self) -> int:
        return len(self.tags)

    def resolve(self, word: str) -> str | None:
        """The tag a name or alias stands for, or None."""
        if self._lookup is None and self._find is not None:
            return self._find(_norm(word))
        return self.lookup.get(_norm(word))

    def suggest(self, word: str) -> str | None:
        """The nearest tag name for a word that resolved to nothing."""
        match = difflib.get_close_matches(_norm(word), list(self.lookup), n=1, cutoff=0.6)
        return self.lookup[match[0]] if match else None

    def unknown(self, word: str, *, own: bool = False) -> str:
        """A message for a tag that is not in the vocabulary, with the nearest one suggested.
        `own`: a tag the library's own files name (a position's tags, a broader tag), where an
        alias does not resolve and a new tag belongs in tags.yaml."""
        meant = self.resolve(word) if own else None
        if meant is not None:
            return f"unknown tag '{word}' (an alias of '{meant}': name the tag itself)"
        near = self.suggest(word)
        hint = f" (did you mean '{near}'?)" if near else " (add it to tags.yaml)" if own else ""
        return f"unknown tag '{word}'{hint}"

    @cached_property
    def _narrower(self) -> dict[str, set[str]]:
        children: dict[str, set[str]] = {name: set() for name in self.tags}
        for name, broader in self._broader.items():
            for parent in broader:
                children.setdefault(parent, set()).add(name)
        return children

    def closure(self, name: str) -> frozenset[str]:
        """The tag and every tag narrower than it, however deep (cycles are tolerated)."""
        seen = {name}
        stack = [name]
        while stack:
            for child in self._narrower.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return frozenset(seen)

    def ancestors(self, name: str) -> list[str]:
        """Broader tags of `name`, nearest first, for spotting cycles."""
        out: list[str] = []
        stack = list(self.tags[name].broader) if name in self.tags else []
        while stack:
            parent = stack.pop(0)
            if parent in out:
                continue
            out.append(parent)
            if parent in self.tags:
                stack.extend(self.tags[parent].broader)
        return out


class _TagDefs(Mapping[str, TagDef]):
    """Tag name -> its TagDef, each made (`model_construct`, from fields validated before) when
    first asked for."""

    def __init__(self, names: list[str], fields: Callable[[str], dict[str, Any]]) -> None:
        self.names = dict.fromkeys(names)
        self.fields = fields
        self.made: dict[str, TagDef] = {}

    def __getitem__(self, name: str) -> TagDef:
        tag = self.made.get(name)
        if tag is None:
            if name not in self.names:
                raise KeyError(name)
            tag = self.made[name] = TagDef.model_construct(**self.fields(name))
        return tag

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


def norm(word: str) -> str:
    """A name or alias as tags are looked up by: lower case, single spaces."""
    return _norm(word)


def _norm(word: str) -> str:
    return " ".join(word.lower().split())


# ----------------------------------------------------------------------------- the library


@dataclass(frozen=True)
class Origin:
    """Where a position came from, for messages that point at a line."""

    path: Path
    lines: Mapping[tuple[str | int, ...], int]

    @property
    def name(self) -> str:
        return display_path(self.path)

    def line(self, *loc: str | int) -> int | None:
        loc_t = tuple(loc)
        while True:
            if loc_t in self.lines:
                return self.lines[loc_t]
            if not loc_t:
                return None
            loc_t = loc_t[:-1]

    def problem(self, message: str, *loc: str | int, severity: str = "error") -> Problem:
        return Problem(self.name, self.line(*loc), message, severity)


@dataclass(frozen=True)
class Library:
    """A library: read from the library index (library/index.py), its positions sorted by id.

    `positions`, `origins` and `by_id` come from the index, each position made when first used;
    `catalog` answers questions about every position (which carry a tag...) without making them.
    """

    root: Path
    settings: Settings
    vocabulary: Vocabulary
    sources: dict[str, Source]
    positions: Sequence[Position]
    origins: Mapping[str, Origin]
    version: str
    template_dirs: tuple[Path, ...] = ()
    settings_origin: Origin | None = None
    by_id: Mapping[str, Position] = field(default_factory=dict)
    catalog: Any = field(default=None, compare=False, repr=False)
    # what a command works out once from the library (e.g. drafting.context's successors)
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.by_id, dict) and not self.by_id:
            self.by_id.update({p.id: p for p in self.positions})

    def get(self, position_id: str) -> Position:
        try:
            return self.by_id[position_id]
        except KeyError:
            raise LgaDraftError(unknown_id_message(position_id, self.by_id)) from None

    def evidence_index(self) -> dict[str, tuple[Position, Evidence]]:
        return {e.id: (p, e) for p in self.positions for e in p.evidence}


def unknown_id_message(position_id: str, known: Any) -> str:
    import difflib

    near = difflib.get_close_matches(position_id, list(known), n=1, cutoff=0.6)
    hint = f" (did you mean '{near[0]}'?)" if near else ""
    return f"unknown position id '{position_id}'{hint}"


@dataclass
class LoadResult:
    library: Library | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
