"""The template sandbox: Jinja's own, plus bounds on the operations that exhaust memory.

Jinja's `SandboxedEnvironment` stops templates reaching Python internals (`__class__`,
`__globals__`, `_TemplateReference__context` ...), but not `{{ "x" * 10**10 }}` or
`{{ "x"|center(10**10) }}`, which ask for gigabytes, and Jinja even evaluates constant expressions
like these while compiling.
A template emailed by a colleague should not be able to take the machine down, so here
- numbers passed to a call or filter, repetition, powers, and the widths of format specifications
  (after `{0:>{1}}` takes its width from an argument; `%*s` is refused) are bounded;
- `replace`, `join`, `indent`, `wordwrap`, `~`, `+` and `list.extend` are refused when what they
  would make is too large, before it is made, and every call's result is checked after;
- `lipsum` makes at most a hundred paragraphs.
No draft needs a text, list or number near the limit. What these checks miss, a loop that never
ends or slow growth, the render's time and memory bounds stop (lga_draft/drafting/limits.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sized
from typing import Any

from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import Concat
from jinja2.runtime import str_join
from jinja2.sandbox import SandboxedEnvironment, SandboxedFormatter
from jinja2.utils import generate_lorem_ipsum

# characters or items one operation may produce; also the largest number a template may pass
MAX_SIZE = 1_000_000
MAX_POWER_BITS = 10_000  # 2**10000 has about 3,000 digits: plenty for any arithmetic a draft does
MAX_LIPSUM = 100  # paragraphs
# a %-style conversion: its width and precision, each digits or '*' (linear: possessive)
_PERCENT_SPEC = re.compile(r"%[-#0 +]*+(\*|\d++)?(?:\.(\*|\d*+))?")
_DIGITS = re.compile(r"\d++")


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's compiler, but `a ~ b` goes through a join that checks the size first."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.bounded_join((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, refusing operations whose result would be too large to hold."""

    code_generator_class = _BoundedCodeGenerator
    # intercepting an operator also stops Jinja folding it as a constant at compile time
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = {name: _bounded(f) for name, f in self.filters.items()}
        self.globals["lipsum"] = _lipsum

    def bounded_join(self, parts: tuple[Any, ...]) -> str:
        texts = [str(part) for part in parts]
        _check_size(sum(len(t) for t in texts), "joining texts with '~'")
        return str_join(texts)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_percent(left)
        elif operator == "+" and isinstance(left, Sized) and isinstance(right, Sized):
            _check_size(len(left) + len(right), "adding texts or lists with '+'")
        result = super().call_binop(context, operator, left, right)
        _check_result(result, f"the operator '{operator}'")
        return result

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _check_args(args, kwargs)
        _check_method(__obj, args)
        result = super().call(__context, __obj, *args, **kwargs)
        _check_result(result, getattr(__obj, "__name__", "a call"))
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, list | dict | set):  # append, update ... in a loop
            _check_result(owner, getattr(__obj, "__name__", "a call"))
        return result

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)  # not None for str.format and str.format_map
        if wrapped is None:
            return None
        template = value.__self__
        formatter = _BoundedFormatter(self)
        is_map = value.__name__ == "format_map"

        @functools.wraps(value)
        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                mapping = args[0]
                return type(template)(formatter.vformat(template, (), mapping))
            return type(template)(formatter.vformat(template, args, kwargs))

        return bounded


class _BoundedFormatter(SandboxedFormatter):
    """str.format in the sandbox, checking each width once its nested fields are filled in."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        _check_spec(format_spec)
        return super().format_field(value, format_spec)


def add_filter(env: SandboxedEnvironment, name: str, function: Callable[..., Any]) -> None:
    """Register a filter of our own under the same bounds as Jinja's."""
    env.filters[name] = _bounded(function)


def _bounded(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment markers
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _check_args(args, kwargs)
        _check_filter(function.__name__, [a for a in args if not _is_context(a)], kwargs)
        result = function(*args, **kwargs)
        _check_result(result, f"the filter '{function.__name__.removeprefix('do_')}'")
        return result

    return wrapper


def _is_context(value: Any) -> bool:
    return type(value).__name__ in {"EvalContext", "Context", "BoundedSandbox"}


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
    if not all(isinstance(v, int) and 0 <= v <= 1000 for v in (min, max)) or not (
        isinstance(n, int) and 0 <= n <= MAX_LIPSUM
    ):
        raise SecurityError(f"lipsum makes at most {MAX_LIPSUM} paragraphs of 1,000 words")
    return generate_lorem_ipsum(n, html, min, max)


# ----------------------------------------------------------------------------- the checks


def _check_size(size: int, what: str) -> None:
    if size > MAX_SIZE:
        raise SecurityError(f"{what} makes more than {MAX_SIZE:,} characters or items")


def _check_result(value: Any, what: str) -> None:
    if isinstance(value, str | bytes | list | tuple | dict | set):
        _check_size(len(value), what)


def _check_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
            raise SecurityError(
                f"the number {_short(value)} is too large for a template (limit {MAX_SIZE:,})"
            )


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple | dict | set) else len(str(value))


def _check_method(function: Any, args: tuple[Any, ...]) -> None:
    """Methods whose result can be far larger than their arguments: estimated before the call."""
    owner, name = getattr(function, "__self__", None), getattr(function, "__name__", "")
    if isinstance(owner, str) and name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])
    elif isinstance(owner, str) and name == "join" and args:
        items = args[0] if isinstance(args[0], list | tuple | str) else ()
        _check_size(sum(_length(i) for i in items) + len(owner) * len(items), "join")
    elif isinstance(owner, str) and name == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else 8
        _check_size(len(owner) + owner.count("\t") * size, "expandtabs")
    elif isinstance(owner, list) and name == "extend" and args and isinstance(args[0], Sized):
        _check_size(len(owner) + len(args[0]), "extending a list")


def _check_filter(name: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    """The same estimates for Jinja's filters: replace, join, indent, wordwrap, format."""
    if name not in ("do_replace", "do_join", "do_indent", "do_wordwrap", "do_format"):
        return
    text = str(args[0]) if args else ""

    def arg(position: int, key: str, default: Any) -> Any:
        return args[position] if len(args) > position else kwargs.get(key, default)

    if name == "do_replace" and len(args) >= 3:
        _check_replace(text, args[1], args[2])
    elif name == "do_join" and args and isinstance(args[0], list | tuple):
        glue = _length(arg(1, "d", ""))
        _check_size(sum(_length(i) for i in args[0]) + glue * len(args[0]), "join")
    elif name == "do_indent":
        width = arg(1, "width", 4)
        width = _length(width) if isinstance(width, str) else abs(int(width or 0))
        _check_size(len(text) + (text.count("\n") + 1) * width, "indent")
    elif name == "do_wordwrap":
        width = arg(1, "width", 79)
        width = max(int(width), 1) if isinstance(width, int) else 1
        lines = len(text) // width + len(text.split()) + 1
        _check_size(len(text) + lines * _length(arg(3, "wrapstring", None) or "\n"), "wordwrap")
    elif name == "do_format" and args and isinstance(args[0], str):
        _check_percent(args[0])


def _check_replace(text: str, old: Any, new: Any) -> None:
    old, new = str(old), str(new)
    times = len(text) + 1 if old == "" else text.count(old)
    _check_size(len(text) + times * len(new), "replace")


def _check_repeat(sequence: Any, times: Any) -> None:
    if (
        isinstance(sequence, str | list | tuple)
        and isinstance(times, int)
        and len(sequence) * times > MAX_SIZE
    ):
        raise SecurityError(
            f"repeating a text or list {_short(times)} times makes more than {MAX_SIZE:,} items"
        )


def _check_power(base: Any, exponent: Any) -> None:
    if (
        isinstance(base, int)
        and isinstance(exponent, int)
        and (
            abs(exponent) > MAX_POWER_BITS
            or max(abs(base), 2).bit_length() * exponent > MAX_POWER_BITS
        )
    ):
        raise SecurityError(
            f"the power {_short(base)} ** {_short(exponent)} is too large for a template"
        )


_HUGE_WIDTH = "a width or precision of a million or more in a format string"


def _check_percent(text: str) -> None:
    """%-style: no '*' (a width taken from the arguments), no huge width or precision, and no
    '%(key)', whose nested brackets would hide a width from a simple reading."""
    if "%(" in text:
        raise SecurityError("a '%(name)' conversion in a format string; use {name} and format")
    for match in _PERCENT_SPEC.finditer(text):
        for group in match.groups():
            if group == "*":
                raise SecurityError("a '*' width or precision in a format string")
            if group and len(group) > 6:
                raise SecurityError(_HUGE_WIDTH)


def _check_spec(spec: str) -> None:
    """A {}-style format specification, its nested fields already filled in."""
    if any(len(digits) > 6 for digits in _DIGITS.findall(spec)):
        raise SecurityError(_HUGE_WIDTH)


def _short(value: int) -> str:
    text = str(value) if value.bit_length() < 200 else f"a {value.bit_length()}-bit number"
    return text if len(text) <= 20 else text[:17] + "..."
