"""The one Jinja environment, and rendering a draft context to Markdown.

Templates travel between colleagues by email, so the environment is sandboxed (attribute access to
internals such as `__class__` is refused by the sandbox) and strict (an undefined variable is an
error, not an empty string). Position and consultation text reach templates only as values.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from lga_draft.drafting import limits
from lga_draft.drafting.loader import SUFFIX, ConfinedLoader, is_template_file, read_template
from lga_draft.drafting.sandbox import BoundedSandbox, add_filter
from lga_draft.errors import Problem, TemplateError, display_path

if TYPE_CHECKING:
    from lga_draft.library.model import Library

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    description: str
    path: Path
    origin: str  # "library", "bundled" or "consultation"


class _Undefined(jinja2.StrictUndefined):
    """A name or field the template was not given, said in a template writer's words: not
    "'lga_draft.drafting.consultation.Consultation object' has no attribute 'titel'"."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        obj, name = self._undefined_obj, self._undefined_name
        if self._undefined_hint or obj is jinja2.utils.missing or not isinstance(name, str):
            return str(super()._undefined_message)
        if isinstance(obj, dict):  # a mapping (set_out: position id -> where): its keys
            near = difflib.get_close_matches(name, [str(k) for k in obj], n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            return f"the mapping has no key '{name}'{hint}"
        fields = [n for n in dir(obj) if not n.startswith("_")]
        near = difflib.get_close_matches(name, fields, n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        return f"{type(obj).__name__} has no field '{name}'{hint}"


def make_environment(template_dirs: tuple[Path, ...]) -> BoundedSandbox:
    env = BoundedSandbox(
        loader=ConfinedLoader(template_dirs),
        undefined=_Undefined,
        autoescape=False,  # the output is Markdown, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=plain_text,
        bytecode_cache=_template_cache(),
    )
    add_filter(env, "long_date", long_date)
    add_filter(env, "one_line", one_line)
    add_filter(env, "md_inline", md_inline)
    add_filter(env, "attr", attr_value)
    add_filter(env, "yaml_str", yaml_str)
    add_filter(env, "figure_sentence", _figure_sentence)
    add_filter(env, "by_timeframe", _by_timeframe)
    add_filter(env, "capitalize_first", _capitalize_first)
    add_filter(env, "first_paragraph", _first_paragraph)
    return env


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs (compiling was a quarter of a Markdown draft's time);
    Jinja recompiles a template whose source changed. A cache that cannot be read or written is
    no error."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _template_cache() -> jinja2.BytecodeCache | None:
    from lga_draft.library.cachedir import private_folder

    # The compiled code depends on this environment's settings (the sandbox's intercepted
    # operators, finalize), not only on the template's source, so the folder is keyed by
    # lga-draft's code as well as Jinja's version.
    folder = private_folder(f"templates-jinja{jinja2.__version__}")
    return _TemplateCache(str(folder)) if folder is not None else None


def template_file_name(name: str) -> str:
    """'briefing' -> 'briefing.md.j2'; refuses names that could leave the template folders."""
    bare = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name
    if not NAME_PATTERN.match(bare):
        raise TemplateError(
            f"invalid template name '{name}': use letters, digits, '-' and '_' only"
        )
    return bare + SUFFIX


def list_templates(template_dirs: tuple[Path, ...], bundled: Path | None) -> list[TemplateInfo]:
    """Every usable template, the library's own shadowing bundled ones of the same name."""
    seen: dict[str, TemplateInfo] = {}
    for folder in template_dirs:
        origin = (
            "bundled"
            if bundled is not None and folder.resolve() == bundled.resolve()
            else "library"
        )
        for path in sorted(folder.glob(f"*{SUFFIX}")):
            name = path.name[: -len(SUFFIX)]
            if name.startswith("_") or name in seen or not is_template_file(path, folder):
                continue
            seen[name] = TemplateInfo(name, describe(path), path, origin)
    return sorted(seen.values(), key=lambda t: t.name)


def missing_template(name: str, template_dirs: tuple[Path, ...]) -> str | None:
    """Why `name` is no template in `template_dirs` ("no template named 'x' (available: a, b)"),
    or None where it is one."""
    names = [t.name for t in list_templates(template_dirs, None)]
    if name.removesuffix(SUFFIX) in names:
        return None
    return f"no template named '{name}' (available: {', '.join(names)})"


def default_template_problems(library: Library) -> list[Problem]:
    """library.yaml's default template must exist: every draft without --template uses it."""
    missing = missing_template(library.settings.defaults.template, library.template_dirs)
    if missing is None:
        return []
    message = f"defaults.template: {missing}"
    origin = library.settings_origin
    if origin is None:
        return [Problem("library.yaml", None, message)]
    return [origin.problem(message, "defaults", "template")]


def describe(path: Path) -> str:
    try:
        head = read_template(path, path.parent)[0][:2000]
    except TemplateError:
        return "(unreadable)"
    return _description(head.lstrip())


def _description(head: str) -> str:
    """The text of an opening `{# ... #}` comment. Not a pattern: `^\\{#-?\\s*(.*?)\\s*-?#\\}`
    took 90 seconds on a template of 2,000 spaces after its '{#' (a crafted template beside a
    consultation is listed whenever a template name is misspelt)."""
    end = head.find("#}", 2) if head.startswith("{#") else -1
    if end == -1:
        return ""
    inner = head[2:end].removeprefix("-")
    inner = inner.rstrip().removesuffix("-")
    return " ".join(inner.split())


def render(
    template_dirs: tuple[Path, ...],
    name: str,
    context: dict[str, Any],
    extra_dir: Path | None = None,
) -> str:
    """Render template `name` with `context`; every failure is a `TemplateError` naming file and line.

    `extra_dir` is a consultation's own folder, searched first, so a consultation can carry a
    template of its own beside it.
    """
    dirs = ((extra_dir,) if extra_dir is not None else ()) + template_dirs
    env = make_environment(dirs)
    file_name = template_file_name(name)
    try:
        template = env.get_template(file_name)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"{_where(exc.filename or exc.name, exc.lineno)}: template syntax error: {exc.message}"
        ) from None
    except jinja2.TemplateNotFound as exc:
        missing = exc.name or file_name
        if missing == file_name:
            available = ", ".join(t.name for t in list_templates(dirs, None)) or "none"
            raise TemplateError(f"no template named '{name}' (available: {available})") from None
        raise TemplateError(
            f"template '{file_name}' uses '{missing}', which does not exist"
        ) from None
    where = _where(template.filename or file_name, None)
    try:
        with limits.bounded():
            return limits.collect(template.generate(context))
    except limits.RenderTimeout as exc:
        raise TemplateError(f"{where}: template stopped: {exc} (a loop without end?)") from None
    except limits.OutputTooLarge as exc:
        raise TemplateError(f"{where}: template stopped: {exc}") from None
    except MemoryError:
        raise TemplateError(
            f"{where}: template stopped: it needed more than "
            f"{limits.MAX_EXTRA_MEMORY // 2**20:,} MB of memory"
        ) from None
    except jinja2.TemplateSyntaxError as exc:  # an included or inherited template
        raise TemplateError(
            f"{_where(exc.filename or exc.name, exc.lineno)}: template syntax error: {exc.message}"
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(
            f"{_template_frame(exc, file_name)}: refused by the template sandbox: {exc}"
        ) from None
    except jinja2.TemplateNotFound as exc:  # {% include %} of a missing file, or '../' outside
        raise TemplateError(
            f"{_template_frame(exc, file_name)}: template '{exc.name}' not found "
            "(a template may use only .md.j2 templates in the template folders)"
        ) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"{_template_frame(exc, file_name)}: {exc.message}{_near(exc.message, context)}"
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{_template_frame(exc, file_name)}: {exc}") from None
    except (
        TypeError,
        ValueError,
        AttributeError,
        KeyError,
        IndexError,
        ZeroDivisionError,
        OverflowError,
        RecursionError,
    ) as exc:  # a template's own arithmetic or indexing
        if isinstance(exc, RecursionError):  # a macro calling itself, a template extending itself
            raise TemplateError(
                f"{_template_frame(exc, file_name)}: template failed: it calls itself without end "
                "(a macro that calls itself, or a template that extends or includes itself)"
            ) from None
        raise TemplateError(
            f"{_template_frame(exc, file_name)}: template failed: {type(exc).__name__}: {exc}"
        ) from None


def _near(message: str | None, context: dict[str, Any]) -> str:
    """' (did you mean 'consultation'?)' for a misspelt name the template was given."""
    found = re.fullmatch(r"'(\w+)' is undefined", message or "")
    near = difflib.get_close_matches(found.group(1), list(context), n=1) if found else []
    return f" (did you mean '{near[0]}'?)" if near else ""


def _where(filename: str | None, line: int | None) -> str:
    name = display_path(filename) if filename else "template"
    return f"{name}:{line}" if line else name


def _template_frame(exc: BaseException, fallback: str) -> str:
    """FILE:LINE of the innermost template frame in the traceback (Jinja rewrites frames for this)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(SUFFIX):
            return _where(frame.filename, frame.lineno)
    return fallback


# ----------------------------------------------------------------------------- filters


def _figure_sentence(value: Any) -> str:
    from lga_draft.drafting.prose import figure_sentence

    return figure_sentence(value)


def _by_timeframe(value: Any) -> Any:
    from lga_draft.drafting.prose import by_timeframe

    return by_timeframe(value)


def _first_paragraph(value: Any) -> str:
    from lga_draft.drafting.prose import paragraphs_of

    found = paragraphs_of(str(value or ""))
    return found[0] if found else ""


def _capitalize_first(value: Any) -> str:
    from lga_draft.drafting.prose import capitalize_first

    return capitalize_first(str(value))


def long_date(value: Any) -> str:
    """2024-12-02 -> '2 December 2024'; partial dates ('2021', '2021-02') as far as they go."""
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    text = str(value)
    parts = text.split("-")
    try:
        if len(parts) == 3:
            d = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            return f"{d.day} {d:%B %Y}"
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1).strftime("%B %Y")
    except ValueError:
        pass
    return text


# Characters that are not text: C0 and C1 controls but tab and newline, the Unicode
# noncharacters, and the line separators that Python's splitlines() breaks at but Markdown does
# not (VT, FF, FS-RS, NEL, U+2028/9, a lone CR). Word cannot hold the controls (XML forbids them),
# a terminal obeys them (ESC), and a split line would break a Markdown paragraph or list item.
# Each becomes a space, so the words either side stay apart.
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]")


def plain_text(value: Any) -> Any:
    """Jinja's `finalize`: every value a template prints passes here on its way to the Markdown."""
    return _NOT_TEXT.sub(" ", value) if isinstance(value, str) else value


def one_line(value: Any) -> str:
    """Collapse whitespace, for text placed where a line break would change the Markdown."""
    return " ".join(plain_text(str(value)).split())


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_inline(value: Any) -> str:
    """Text that must print literally in Markdown (a question as the consultation asks it)."""
    text = one_line(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)


def yaml_str(value: Any) -> str:
    """A scalar that is safe in the YAML front matter (a JSON string is valid YAML)."""
    import json

    return json.dumps(one_line(value), ensure_ascii=False)


def attr_value(value: Any) -> str:
    """A value safe inside a double-quoted attribute of a fenced div."""
    return one_line(value).replace("\\", "\\\\").replace('"', '\\"')
