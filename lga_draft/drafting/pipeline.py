"""One draft, end to end: consultation -> context -> Markdown (-> Word). Nothing here prints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lga_draft.drafting.consultation import (
    Consultation,
    KeyMessages,
    consultation_error,
    read_consultation,
    valid_questions,
)
from lga_draft.drafting.context import DraftContext, Report, build_context
from lga_draft.drafting.render import SUFFIX, missing_template, render, template_file_name
from lga_draft.drafting.select import SelectionError, selection_errors
from lga_draft.errors import ConsultationError, Problem, TemplateError, UsageError
from lga_draft.library.locate import bundled_library
from lga_draft.library.model import Library
from lga_draft.library.yamlio import YamlDoc

FORMATS = ("md", "docx", "portal", "json")


@dataclass(frozen=True)
class DraftRequest:
    consultation: Path | None = None  # None: an ad-hoc draft from `tags` and `title`
    tags: str | None = None
    title: str | None = None
    template: str | None = None
    format: str = "md"
    include_draft: bool = False
    today: dt.date = dt.date(2000, 1, 1)
    reference_doc: Path | None = None
    clearance_sheet: bool = True
    words: int | None = None  # every answer's length budget, over the consultation's


@dataclass(frozen=True)
class Drafted:
    data: bytes
    markdown: str
    context: DraftContext
    report: Report


def check_consultation(
    library: Library,
    path: Path,
    *,
    include_draft: bool = False,
    any_status: bool = False,
    replaced: frozenset[str] = frozenset(),
) -> tuple[Consultation | None, YamlDoc | None, list[Problem]]:
    """A consultation file read and checked against the library: every problem at once (the
    file's own, and every position or tag its questions name that cannot be used), by line.
    `replaced` names the fields the command line gives instead (`tags`, `template`): the file's
    own are not used, so not checked."""
    consultation, doc, problems = read_consultation(path)
    if doc is not None:
        key_messages = consultation.key_messages if consultation else _key_messages(doc)
        questions = valid_questions(consultation, doc)
        topic = None if "tags" in replaced else consultation.tags if consultation else _topic(doc)
        errors = selection_errors(
            library,
            questions,
            key_messages,
            include_draft=include_draft,
            topic=topic,
            any_status=any_status,
        )
        problems += [Problem(doc.name, doc.line_of(e.loc or ()), e.message) for e in errors]
        if consultation is not None and consultation.template and "template" not in replaced:
            problems += _template_problems(library, path, doc, consultation.template)
    problems.sort(key=lambda p: p.line or 0)
    return consultation, doc, problems


def checked_consultation(
    library: Library,
    path: Path,
    *,
    include_draft: bool = False,
    any_status: bool = False,
    replaced: frozenset[str] = frozenset(),
) -> tuple[Consultation, YamlDoc]:
    """A consultation file that `check_consultation` finds nothing wrong with; else every problem
    raised at once, each at its file and line."""
    consultation, doc, problems = check_consultation(
        library, path, include_draft=include_draft, any_status=any_status, replaced=replaced
    )
    if consultation is None or doc is None or problems:
        raise consultation_error(path, problems, against=_which(library))
    return consultation, doc


def _which(library: Library) -> str | None:
    """The library a consultation was checked against, where it is not the bundled one."""
    if library.root.resolve() == bundled_library().resolve():
        return None
    return f"the library at {library.root.resolve()} ({len(library.positions)} position(s))"


def _template_problems(library: Library, path: Path, doc: YamlDoc, name: str) -> list[Problem]:
    """The consultation's `template:` is a template draft can find: in the library's template
    folders or beside the file, and named so that it cannot leave them."""
    try:
        template_file_name(name)
    except TemplateError as exc:
        return [Problem(doc.name, doc.line_of(("template",)), f"template: {exc.message}")]
    missing = missing_template(name, (path.resolve().parent, *library.template_dirs))
    if missing is None:
        return []
    return [Problem(doc.name, doc.line_of(("template",)), f"template: {missing}")]


def _topic(doc: YamlDoc) -> str | None:
    raw = doc.data.get("tags") if isinstance(doc.data, dict) else None
    return raw if isinstance(raw, str) else None


def _key_messages(doc: YamlDoc) -> KeyMessages | None:
    from lga_draft.library.validate import validate

    raw = doc.data.get("key_messages") if isinstance(doc.data, dict) else None
    return validate(KeyMessages, raw, doc, ("key_messages",))[0] if raw is not None else None


def draft(library: Library, request: DraftRequest) -> Drafted:
    if request.format not in FORMATS:
        raise UsageError(f"--format: '{request.format}' is not one of {', '.join(FORMATS)}")
    extra_dir = None
    doc = None
    if request.consultation is not None:
        # what --tags or --template gives instead of the file's own is not the file's to check
        given = {"tags": request.tags, "template": request.template}
        consultation, doc = checked_consultation(
            library,
            request.consultation,
            include_draft=request.include_draft,
            replaced=frozenset(k for k, v in given.items() if v),
        )
        extra_dir = request.consultation.resolve().parent
        if request.tags and consultation.questions:  # it was ignored, and said nothing
            raise UsageError(
                f"--tags: {doc.name} has questions, and each chooses its own positions; --tags is "
                "for an ad-hoc draft, or a consultation file without questions"
            )
        if request.tags:
            consultation = consultation.model_copy(update={"tags": request.tags})
    else:
        if not request.tags:
            raise UsageError(
                "give a consultation file, or --tags (and --title) for an ad-hoc draft"
            )
        consultation = Consultation(
            title=request.title or "Draft",
            issued_by=library.settings.organisation.name,
            tags=request.tags,
        )
    name = request.template or consultation.template or library.settings.defaults.template
    bare = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name
    try:
        context, report = build_context(
            library,
            consultation,
            template=bare,
            today=request.today,
            include_draft=request.include_draft,
            adhoc_tags=request.tags,
            words=request.words,
            extra_dir=extra_dir,
        )
    except SelectionError as exc:  # name the consultation file and line, as every input error does
        if doc is None or exc.loc is None:
            raise
        raise ConsultationError(f"{doc.name}:{doc.line_of(exc.loc)}: {exc.message}") from None
    markdown = render(library.template_dirs, bare, context.as_mapping(), extra_dir=extra_dir)
    markdown = _tidy(_cited_notes_only(markdown))
    if request.format in ("portal", "json"):
        from lga_draft.drafting.portal import portal_json, portal_text

        plain = portal_text(context)
        # the portal's answers are the context's, not the template's: its text is what is printed
        report.keep_printed_figures(plain)
        text = plain if request.format == "portal" else portal_json(context)
        return Drafted(text.encode("utf-8"), markdown, context, report)
    report.keep_printed_figures(markdown)
    if request.format == "md":
        return Drafted(markdown.encode("utf-8"), markdown, context, report)
    from lga_draft.word.export import to_docx

    data = to_docx(
        markdown,
        context,
        report,
        reference_doc=request.reference_doc,
        clearance_sheet=request.clearance_sheet,
    )
    return Drafted(data, markdown, context, report)


def _cited_notes_only(markdown: str) -> str:
    """Source notes only for positions the draft prints: a position selected for a question may be
    left out of every answer (composition), and a note nothing cites would be dropped unread."""
    import re

    cited = set(re.findall(r"\[\^([^\]]+)\](?!:)", markdown))
    return re.sub(
        r"^\[\^([^\]]+)\]:.*\n?",
        lambda m: m.group(0) if m.group(1) in cited else "",
        markdown,
        flags=re.MULTILINE,
    )


def _tidy(markdown: str) -> str:
    """No runs of blank lines or trailing spaces: templates stay readable, output stays clean."""
    lines = [line.rstrip() for line in markdown.splitlines()]
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
