"""Finding and reading template files: only templates, only inside the template folders.

Jinja's own FileSystemLoader refuses '..' in a name but follows symbolic links, reads any file
name a template asks for, and reads UTF-8 only. A library's `templates/` is shared through git
and a consultation folder holds other files, so here a template is read only if
- its name ends in `.md.j2` (`{% include "payroll.csv" %}` beside a consultation is refused),
- its real path, every link followed, lies inside the real path of the folder it was found in
  (a link `header.md.j2 -> ~/secret` or `etc -> /etc` is refused, not followed),
- it is a regular file of sensible size, opened without blocking (a FIFO cannot hang a draft),
- it decodes: UTF-8 with or without a byte-order mark, or UTF-16 with one.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import jinja2

from lga_draft.errors import TemplateError, display_link
from lga_draft.textfile import decode, decode_problem

SUFFIX = ".md.j2"
MAX_TEMPLATE_BYTES = 1024 * 1024  # the bundled templates are a few kilobytes each


class ConfinedLoader(jinja2.BaseLoader):
    """Templates from `folders`, searched in order, confined to them by real path."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.folders = folders

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if not template.endswith(SUFFIX):
            raise jinja2.TemplateNotFound(template)
        parts = jinja2.loaders.split_template_path(template)  # refuses '..'
        for folder in self.folders:
            path = folder.joinpath(*parts)
            if not os.path.lexists(path):
                continue
            source, mtime = read_template(path, folder)
            return source, str(path), lambda p=path, m=mtime: _mtime(p) == m
        raise jinja2.TemplateNotFound(template)


def read_template(path: Path, folder: Path) -> tuple[str, float]:
    """The text of template `path` found in `folder`, and its modification time."""
    name = display_link(path)  # the link, not where it leads
    if not inside(path, folder):
        raise TemplateError(f"{name}: is a link to a file outside the template folder; not used")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(os.path.realpath(path), flags)
    except OSError as exc:
        raise TemplateError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise TemplateError(f"{name}: is not a regular file; not used as a template")
        if info.st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(
                f"{name}: too large for a template ({info.st_size:,} bytes; "
                f"limit {MAX_TEMPLATE_BYTES:,})"
            )
        raw = os.read(fd, MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        raise TemplateError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    try:
        return decode(raw), info.st_mtime
    except UnicodeDecodeError as exc:
        line, problem = decode_problem(raw, exc)
        raise TemplateError(f"{name}:{line}: {problem}") from None


def inside(path: Path, folder: Path) -> bool:
    """Is the real path of `path` (every link followed) inside the real path of `folder`?"""
    real = os.path.realpath(path)
    root = os.path.realpath(folder)
    return os.path.commonpath([real, root]) == root and real != root


def is_template_file(path: Path, folder: Path) -> bool:
    """A listing's test: a regular file inside `folder` by real path."""
    try:
        return inside(path, folder) and stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _mtime(path: Path) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def lineage(folders: tuple[Path, ...], name: str) -> tuple[str, ...]:
    """`name` and the templates it extends, nearest first, as bare names: a team's own
    "our-response" that extends "consultation-response" is a consultation response too. A
    template that cannot be found or read ends the line (drafting reports that, not this)."""
    loader = ConfinedLoader(folders)
    env = jinja2.Environment(loader=loader)
    names = [name]
    while len(names) < 10:
        try:
            source = loader.get_source(env, names[-1] + SUFFIX)[0]
            parent = env.parse(source).find(jinja2.nodes.Extends)
        except (jinja2.TemplateError, TemplateError):
            break
        if parent is None or not isinstance(parent.template, jinja2.nodes.Const):
            break
        above = str(parent.template.value).removesuffix(SUFFIX)
        if above in names:  # a template that extends itself is Jinja's error to report
            break
        names.append(above)
    return tuple(names)


def mentions(folders: tuple[Path, ...], names: tuple[str, ...], word: str) -> bool:
    """Does any of the templates `names` (a template and those it extends) hold `word`? One that
    cannot be read is taken to (drafting reports that, not this)."""
    loader = ConfinedLoader(folders)
    env = jinja2.Environment(loader=loader)
    for name in names:
        try:
            if word in loader.get_source(env, name + SUFFIX)[0]:
                return True
        except (jinja2.TemplateError, TemplateError):
            return True
    return False
