"""The template sandbox: Jinja's own, plus bounds on the few operations that exhaust memory.

Jinja's `SandboxedEnvironment` stops templates reaching Python internals (`__class__`,
`__globals__`, `_TemplateReference__context` ...), but not `{{ "x" * 10**10 }}` or
`{{ "x"|center(10**10) }}`, which ask for gigabytes, and Jinja even evaluates constant expressions
like these while compiling.
A template emailed by a colleague should not be able to take the machine down, so repetition,
powers, widths and counts are bounded here: no draft needs a string, list or number near the limit.
CPU loops are already bounded by the sandbox's `range` limit and, beyond that, by Ctrl-C.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

# characters or items one operation may produce; also the largest number a template may pass
MAX_SIZE = 1_000_000
MAX_POWER_BITS = 10_000  # 2**10000 has about 3,000 digits: plenty for any arithmetic a draft does
# a width or precision of a million or more, in %-style or {}-style format specifications
_HUGE_SPEC = re.compile(r"%[-#0 +]*(\d{7,}|\d*\.\d{7,})|\{[^{}]*:[^{}]*\d{7,}")


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, refusing operations whose result would be too large to hold."""

    # intercepting an operator also stops Jinja folding it as a constant at compile time
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = {name: _bounded(f) for name, f in self.filters.items()}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_format(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _check_args(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)  # not None for str.format and str.format_map
        if wrapped is not None:
            _check_format(value.__self__)  # "{:>9999999999}".format(x)
        return wrapped


def add_filter(env: SandboxedEnvironment, name: str, function: Callable[..., Any]) -> None:
    """Register a filter of our own under the same bounds as Jinja's."""
    env.filters[name] = _bounded(function)


def _bounded(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)  # keeps Jinja's pass_context/pass_environment markers
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _check_args(args, kwargs)
        if function.__name__ == "do_format" and args and isinstance(args[0], str):
            _check_format(args[0])
        return function(*args, **kwargs)

    return wrapper


def _check_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
            raise SecurityError(
                f"the number {_short(value)} is too large for a template (limit {MAX_SIZE:,})"
            )


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


def _check_format(text: str) -> None:
    if _HUGE_SPEC.search(text):
        raise SecurityError("a width or precision of a million or more in a format string")


def _short(value: int) -> str:
    text = str(value) if value.bit_length() < 200 else f"a {value.bit_length()}-bit number"
    return text if len(text) <= 20 else text[:17] + "..."
