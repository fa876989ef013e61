"""The tag vocabulary and tag expressions.

An expression is a comma-separated list of alternatives; `+` joins tags that must all be present;
a leading `-` negates a tag. Alternatives made only of negated tags are exclusions applied to the
whole result, so `a,b,-c` reads as officers say it: "a or b, but not c".

Every tag in an expression resolves through the vocabulary (names and aliases, any case) and
stands for itself and every narrower tag beneath it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lga_draft.errors import TagExpressionError
from lga_draft.library.model import TagDef


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
        fields: Callable[[], dict[str, dict[str, Any]]],
    ) -> Vocabulary:
        """The vocabulary as the library index keeps it: the tags' names in order; `find(normal
        form)` the tag a name or alias stands for, `lookup()` all of them; the broader tags;
        `fields()` every tag's fields as validated before. What a large library has thousands
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

    def unknown(self, word: str) -> str:
        """A message for a tag that is not in the vocabulary, with the nearest one suggested."""
        near = self.suggest(word)
        hint = f" (did you mean '{near}'?)" if near else ""
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

    def __init__(self, names: list[str], fields: Callable[[], dict[str, dict[str, Any]]]) -> None:
        self.names = dict.fromkeys(names)
        self.load = fields
        self.fields: dict[str, dict[str, Any]] | None = None
        self.made: dict[str, TagDef] = {}

    def __getitem__(self, name: str) -> TagDef:
        tag = self.made.get(name)
        if tag is None:
            if name not in self.names:
                raise KeyError(name)
            if self.fields is None:
                self.fields = self.load()
            tag = self.made[name] = TagDef.model_construct(**self.fields[name])
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


@dataclass(frozen=True)
class Term:
    word: str
    tags: frozenset[str]
    negated: bool

    def holds(self, tags: frozenset[str]) -> bool:
        return bool(self.tags & tags) != self.negated


@dataclass(frozen=True)
class TagExpr:
    """A parsed tag expression; `matches` tells whether a position's tags satisfy it."""

    text: str
    alternatives: tuple[tuple[Term, ...], ...]
    exclusions: tuple[Term, ...]

    def matches(self, tags: Iterable[str]) -> bool:
        have = frozenset(tags)
        if any(not term.holds(have) for term in self.exclusions):
            return False
        if not self.alternatives:
            return True
        return any(all(term.holds(have) for term in alt) for alt in self.alternatives)

    @property
    def positive_tags(self) -> frozenset[str]:
        """Every tag the expression asks for (not the ones it excludes)."""
        return frozenset(
            t for alt in self.alternatives for term in alt if not term.negated for t in term.tags
        )


def parse_expression(text: str, vocabulary: Vocabulary) -> TagExpr:
    """Parse `a,b+c,-d` against the vocabulary. Raises `TagExpressionError` with a clear message."""
    if not isinstance(text, str) or not text.strip():
        raise TagExpressionError("empty tag expression")
    # whitespace means nothing in an expression ("social  care" is the alias "social care"), and a
    # line break pasted into one would split the one-line error messages that quote it
    text = " ".join(text.split())
    alternatives: list[tuple[Term, ...]] = []
    exclusions: list[Term] = []
    for alt_text in text.split(","):
        terms: list[Term] = []
        for raw in alt_text.split("+"):
            word = raw.strip()
            negated = word.startswith("-")
            if negated:
                word = word[1:].strip()
            if not word:
                raise TagExpressionError(
                    f"tag expression '{text}' has an empty tag (check the commas and '+' signs)"
                )
            name = vocabulary.resolve(word)
            if name is None:
                raise TagExpressionError(f"tag expression '{text}': {vocabulary.unknown(word)}")
            terms.append(Term(word, vocabulary.closure(name), negated))
        if all(term.negated for term in terms):
            exclusions.extend(terms)
        else:
            alternatives.append(tuple(terms))
    return TagExpr(text, tuple(alternatives), tuple(exclusions))
