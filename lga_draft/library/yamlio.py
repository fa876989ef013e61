"""Safe YAML reading that remembers where each value stands in the file.

Only plain YAML is read (`SafeLoader`, the C one where present): tags such as `!!python/name:` are
refused. Anchors and aliases are refused too: position and consultation files have no need of them,
and refusing them closes the door on "billion laughs" alias bombs. Every failure is an
`LgaDraftError` whose message names the file and the line.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lga_draft.errors import LgaDraftError, Problem, display_path
from lga_draft.textfile import decode, decode_problem, looks_binary

try:  # the C loader is many times faster; fall back where libyaml is absent
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 5 * 1024 * 1024  # no hand-written position or consultation is near this
MAX_DEPTH = 40

Path_ = tuple[str | int, ...]
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
# fields that read as numbers but are labels: kept as written, not as the number YAML makes of it
AS_WRITTEN = ("number", "version")


class YamlError(LgaDraftError):
    """A YAML file that cannot be read at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem), problems=(problem,))
        self.problem = problem


@dataclass(frozen=True)
class YamlDoc:
    """Parsed data, with the line of each key path (1-based) for error messages."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    # with `load_yaml(..., bad_dates_as_text=True)`: each impossible date, kept as its text
    bad_dates: dict[Path_, Problem] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return display_path(self.path)

    def line_of(self, loc: Path_) -> int | None:
        """The line of the deepest known prefix of `loc`."""
        loc = tuple(loc)
        while True:
            if loc in self.lines:
                return self.lines[loc]
            if not loc:
                return None
            loc = loc[:-1]


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a text file as UTF-8 (a byte-order mark is allowed), refusing binary and huge files."""

    def fail(line: int | None, message: str) -> YamlError:
        # the file's name only when something is wrong: working it out cost more than the read
        return YamlError(Problem(display_path(path), line, message))

    try:
        info = path.stat()
        size = info.st_size
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            # a FIFO would block the read for ever, a device would never end
            raise fail(None, "is not a regular file (a pipe or a device); not read")
        if size > max_bytes:
            raise fail(None, f"file is too large ({size:,} bytes; limit {max_bytes:,})")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise fail(None, "is a folder, not a file") from None
    except FileNotFoundError:
        raise fail(None, "no such file") from None
    except PermissionError:
        raise fail(None, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise fail(None, f"cannot be read ({exc.strerror or exc})") from None
    if looks_binary(raw):
        raise fail(None, "is a binary file, not YAML text")
    try:
        return decode(raw)  # UTF-8, or UTF-16 with its byte-order mark
    except UnicodeDecodeError as exc:
        raise fail(*decode_problem(raw, exc)) from None


def load_yaml(path: Path, *, text: str | None = None, bad_dates_as_text: bool = False) -> YamlDoc:
    """Parse one YAML file into data plus a line map. Raises `YamlError`.

    An impossible date (2026-02-30) stops the read, unless `bad_dates_as_text`: then it is kept as
    text and its problem is in `bad_dates`, so the file's other problems can be found too."""
    name = display_path(path)
    if text is None:
        text = read_text(path)
    if not text.strip():
        return YamlDoc(path, None, {})
    if _possibly_deep(text):
        _check_depth(text, name)
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise YamlError(Problem(name, *_yaml_problem(exc, text))) from None
        except yaml.reader.ReaderError as exc:
            line = text[: exc.position].count("\n") + 1
            char = (
                f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
            )
            raise YamlError(
                Problem(
                    name, line, f"contains a control character ({char}) that YAML does not allow"
                )
            ) from None
        except yaml.YAMLError as exc:
            raise YamlError(Problem(name, None, f"invalid YAML: {exc}")) from None
        if node is None:
            return YamlDoc(path, None, {})
        lines: dict[Path_, int] = {}
        bad_dates: dict[Path_, Problem] | None = {} if bad_dates_as_text else None
        try:
            data = _walk(node, (), lines, name, set(), 0, loader, bad_dates)
        except yaml.constructor.ConstructorError as exc:
            raise YamlError(Problem(name, _line(exc), _constructor_message(exc))) from None
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            # e.g. a timestamp such as 2024-13-45 that is not a real date
            raise YamlError(Problem(name, _line(exc), f"invalid value: {exc}")) from None
        except RecursionError:
            raise YamlError(Problem(name, None, "is nested too deeply")) from None
    finally:
        loader.dispose()
    return YamlDoc(path, data, lines, bad_dates or {})


# A cheap upper bound on how deeply a text can nest. libyaml's composer recurses in C, so a file of
# a million '[' crashes the interpreter (a segfault, not an exception) before any check on the
# composed nodes can run. Block collections nest only by starting further right on a line, at most
# two levels per column (a mapping and its indentless sequence), after spaces and indicators ('- ',
# '? ', ': '); a tag or anchor before them adds a level or two more. Flow collections nest only by
# '[' and '{'. Files under the bound skip the exact (slower) check.
def _possibly_deep(text: str) -> bool:
    brackets = text.count("[") + text.count("{")
    widest = (MAX_DEPTH - 4 - brackets) // 2 - 2  # the widest line prefix that keeps us in bounds
    if widest < 1:
        return True
    return re.search(rf"\n[ \-?:]{{{widest + 1}}}", "\n" + text) is not None


def _check_depth(text: str, name: str) -> None:
    """The exact depth, from libyaml's event stream, which keeps its own stack on the heap."""
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise YamlError(
                        Problem(name, line, f"is nested more than {MAX_DEPTH} levels deep")
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # PyYAML 6.0.4 and later stop deep flow collections themselves, in their own words
        line, message = _yaml_problem(exc, text)
        if "nesting depth" in message:
            message = f"is nested more than {MAX_DEPTH} levels deep"
        raise YamlError(Problem(name, line, message)) from None
    except yaml.YAMLError as exc:
        raise YamlError(Problem(name, None, f"invalid YAML: {exc}")) from None
    finally:
        loader.dispose()


def _walk(
    node: yaml.Node,
    loc: Path_,
    lines: dict[Path_, int],
    name: str,
    seen: set[int],
    depth: int,
    loader: yaml.BaseLoader,
    bad_dates: dict[Path_, Problem] | None = None,
) -> Any:
    """The node's value, built as the walk records each key path's line: plain text, lists and
    mappings here (PyYAML's constructor did the same in a second pass over the tree, a third of
    a file's time), anything else by PyYAML's safe constructor."""
    if id(node) in seen:
        raise YamlError(
            Problem(
                name,
                node.start_mark.line + 1,
                "YAML anchors and aliases (&name, *name) are not allowed",
            )
        )
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise YamlError(
            Problem(name, node.start_mark.line + 1, f"is nested more than {MAX_DEPTH} levels deep")
        )
    lines.setdefault(loc, node.start_mark.line + 1)
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag in _NUMBERS and loc and loc[-1] in AS_WRITTEN:
        return node.value  # question 1.10 is not 1.1, nor 010 question 8
    if tag == _TIMESTAMP:
        # constructed here, where its line is known: 2024-02-30 matches YAML's date pattern but
        # is no date
        try:
            return loader.construct_object(node)
        except ValueError as exc:
            message = f"'{node.value}' is not a real date ({exc})"
            if bad_dates is None:
                raise YamlError(Problem(name, node.start_mark.line + 1, message)) from None
            field_name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(
                "."
            )
            message = f"{field_name}: {message}" if field_name else message
            bad_dates[loc] = Problem(name, node.start_mark.line + 1, message)
            loader.recursive_objects.pop(node, None)  # left behind by the failed construction
            return node.value  # kept as the text it is
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(
                    Problem(
                        name, key_node.start_mark.line + 1, "YAML merge keys (<<) are not allowed"
                    )
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(
                    Problem(name, key_node.start_mark.line + 1, "a mapping key must be plain text")
                )
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in keys:
                raise YamlError(
                    Problem(name, line, f"duplicate key '{key}' (first on line {keys[key]})")
                )
            keys[key] = line
            lines[(*loc, key)] = line
            value = _walk(value_node, (*loc, key), lines, name, seen, depth + 1, loader, bad_dates)
            # the key's own line is the better place to point at than the value's first line
            lines[(*loc, key)] = line
            built = key if key_node.tag == _STR else loader.construct_object(key_node)
            try:
                mapping[built] = value
            except TypeError:  # as PyYAML says it
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found unhashable key",
                    key_node.start_mark,
                ) from None
        return mapping if tag == _MAP else loader.construct_object(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        items = [
            _walk(item, (*loc, i), lines, name, seen, depth + 1, loader, bad_dates)
            for i, item in enumerate(node.value)
        ]
        return items if tag == _SEQ else loader.construct_object(node, deep=True)
    return loader.construct_object(node)


def _line(exc: BaseException) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


# libyaml's words, then PyYAML's own (where libyaml is absent)
_MISALIGNED = (
    "did not find expected key",
    "did not find expected '-' indicator",
    "expected <block end>",
)


def _yaml_problem(exc: yaml.MarkedYAMLError, source: str) -> tuple[int | None, str]:
    """The line and one-line message of a YAML syntax error. A list item or key out of line with
    its neighbours (a dropped '- ', a wrong indent) is said in plain words, at the line where the
    misaligned lines start: PyYAML stops at the next line that does line up, often lines later,
    and its context mark is where the enclosing mapping began, often the top of the file."""
    mark = exc.problem_mark
    lines = source.splitlines()
    start_of_key = exc.context_mark
    if exc.problem == "could not find expected ':'" and start_of_key is not None:
        # "closes 2027-03-30": libyaml's problem mark is the line after; its context mark is the
        # line that lacks the ':'
        return start_of_key.line + 1, (
            "invalid YAML: this line has no ':' after its name; write 'name: value' "
            "(or '- value' for an item of a list)"
        )
    if (
        mark is None
        or not (exc.problem or "").startswith(_MISALIGNED)
        or mark.line >= len(lines)
        or lines[mark.line][: mark.column].strip()  # not first on its line: "text: "a" b"
    ):
        return _line(exc), _yaml_message(exc, source)
    here = lines[mark.line]
    start = mark.line
    if here[mark.column :].startswith("-"):
        # "questions:" then "    number: 1" with no "- ", then "  - number: 2": the lines above,
        # further in and no list item, are the item that lost its "- "
        above = start
        for i in range(mark.line - 1, -1, -1):
            line = lines[i]
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if len(line) - len(line.lstrip()) <= mark.column:
                break
            above = i
        if above < start and not lines[above].lstrip().startswith("-"):
            start = above
    later = f" (YAML stopped at line {mark.line + 1})" if start < mark.line else ""
    return start + 1, (
        "invalid YAML: a list item or key here does not line up with the ones around it"
        f"{later}: check the indentation and the '- ' of each item"
    )


def _yaml_message(exc: yaml.MarkedYAMLError, source: str = "") -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    text = "; ".join(parts) if parts else "invalid YAML"
    mark = exc.problem_mark
    if mark is not None and "cannot start any token" in text:  # libyaml does not say which
        lines = source.splitlines()
        if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
            return "invalid YAML: a tab character; indent with spaces"
    return f"invalid YAML: {text}"


def _constructor_message(exc: yaml.constructor.ConstructorError) -> str:
    problem = exc.problem or ""
    if "could not determine a constructor for the tag" in problem:
        tag = problem.split("tag", 1)[1].strip(" '")
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        return f"YAML tag '{tag}' is not allowed: only plain YAML is read"
    return f"invalid YAML: {problem or exc}"


def dump_yaml(data: Any) -> str:
    """Plain, readable YAML for files the tool writes."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # never write anchors: we refuse to read them
        return True


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str_presenter)
