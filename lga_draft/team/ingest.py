"""`lga-draft ingest`: a team's sent responses turned into draft positions, ready to review.

Each document is cut into units of argument (lga_draft.team.ingest_units); each unit becomes one
position, its text kept word for word: the first sentence (or a key message's bold lead-in) as the
lead, the rest as the body, bullets that call on government as asks. Every sentence stating a
figure becomes an evidence item (the figure exactly as written, the sentence as its statement,
its period where the sentence gives one); a named council's example becomes a case study. Tags
come from the library's vocabulary only: those the text names (by tag or alias) and those of the
best-matching approved position (the suggester), explained in a comment; `untagged` when none fits.

Everything is rendered and validated before anything is written; new files never replace old
ones, sources.yaml and tags.yaml are only appended to, and if the library would then fail to load,
every change is undone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lga_draft.errors import InputFileError, LgaDraftError, UsageError, display_path
from lga_draft.library.model import Library
from lga_draft.team.ingest_text import document_date, figures, period, sentences, slug
from lga_draft.team.ingest_units import Document, Para, Unit

UNTAGGED = "untagged"
UNTAGGED_DESCRIPTION = "Positions lga-draft ingest could not tag from the vocabulary; tag them"
MAX_TAGS = 3
_PARTIAL = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


@dataclass(frozen=True)
class Options:
    source: str
    title: str | None = None
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    publisher: str | None = None


@dataclass
class Planned:
    """One position file to write."""

    path: Path
    text: str
    id: str
    title: str
    kind: str
    asks: int
    evidence: int
    case_studies: int
    tags: list[str]


@dataclass
class Plan:
    root: Path
    positions: list[Planned] = field(default_factory=list)
    sources: list[tuple[str, Path, int]] = field(default_factory=list)  # id, document, sections
    sources_text: str | None = None  # the new sources.yaml
    tags_text: str | None = None  # the new tags.yaml, when `untagged` had to be added
    left_out: list[str] = field(default_factory=list)  # "FILE:line N: text", one line each


def parse_date(value: str) -> str:
    if not _PARTIAL.match(value):
        raise UsageError(f"--date: '{value}' is not a date as YYYY-MM-DD (or YYYY-MM, YYYY)")
    try:
        _first_day(value)
    except ValueError:
        raise UsageError(f"--date: '{value}' is not a real date") from None
    return value


def _first_day(partial: str) -> dt.date:
    """The date a partial date starts on: 2021 -> 2021-01-01, 2021-02 -> 2021-02-01."""
    parts = [int(x) for x in partial.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def plan_ingest(library: Library, files: list[Path], options: Options) -> Plan:
    """Everything `ingest` would write, rendered and validated; nothing is written here."""
    from lga_draft.questions.importer import document_blocks
    from lga_draft.team.ingest_text import text_blocks
    from lga_draft.team.ingest_units import cut

    if not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", options.source):
        raise UsageError(
            f"--source: '{options.source}' is not an id (lower-case letters, digits and hyphens)"
        )
    plan = Plan(library.root)
    state = _State(library)
    for path in files:
        source_id = options.source if len(files) == 1 else f"{options.source}-{slug(path.stem)}"
        if any(source_id == planned for planned, _, _ in state.sources):
            raise LgaDraftError(
                f"{display_path(path)}: another file gives the same source id '{source_id}'; "
                "ingest them one at a time with their own --source"
            )
        if source_id in library.sources:
            raise LgaDraftError(
                f"--source: '{source_id}' is already in sources.yaml; choose another id "
                "(nothing existing is changed)"
            )
        blocks = document_blocks(path, text_blocks, what="the text")
        doc = cut(path, blocks, own=library.settings.organisation.name)
        name = display_path(path)
        if not doc.units:
            raise InputFileError(f"{name}: no paragraphs of argument found; nothing was written")
        date = options.date or document_date(doc.date_text)
        if date is None:
            raise InputFileError(
                f"{name}: no date found at the top of the document; give --date YYYY-MM-DD "
                "(the date it was sent)"
            )
        title = options.title or doc.title or path.stem.replace("_", " ").replace("-", " ")
        source = {
            "title": title,
            "publisher": options.publisher or library.settings.organisation.name,
            "date": date,
            "document": path.name,
            "sections": dict(doc.sections),
        }
        state.sources.append((source_id, path, source))
        for unit in doc.units:
            plan.positions.append(state.position(unit, doc, source_id, title, date))
        plan.sources.append((source_id, path, len(doc.sections)))
        plan.left_out += [
            f"{_at(name, where)}: left out: {_clip(text)}" for where, text in doc.left_out
        ]
    plan.sources_text = _appended(library.root / "sources.yaml", state.sources_yaml())
    if state.untagged and UNTAGGED not in library.vocabulary:
        plan.tags_text = _appended(
            library.root / "tags.yaml",
            f"{UNTAGGED}:\n  description: {UNTAGGED_DESCRIPTION}\n",
            "# added by lga-draft ingest for positions it could not tag\n",
        )
    _validate(plan)
    return plan


def write_plan(plan: Plan) -> None:
    """Write what `plan_ingest` rendered: new files only, then sources.yaml and tags.yaml
    appended; if the library would then fail to load, every change is undone."""
    from lga_draft.library.load import load_library
    from lga_draft.output import check_creatable, check_target, write_atomic

    for p in plan.positions:  # refuse before writing anything
        if p.path.exists() or p.path.parent.exists():
            check_target(p.path, force=False)
        else:
            check_creatable(p.path)
    for path, text in _appends(plan):
        if text is not None:
            check_target(path, force=True)
    from lga_draft.output import file_state

    states = {path: file_state(path) for path, text in _appends(plan) if text is not None}
    originals = {
        path: path.read_bytes() if path.exists() else None
        for path, text in _appends(plan)
        if text is not None
    }
    for path, text in _appends(plan):  # what the plan appended to must still be what is there
        if text is not None and not text.encode("utf-8").startswith(originals[path] or b""):
            raise LgaDraftError(
                f"{display_path(path)}: changed while ingest ran; nothing was written (run it again)"
            )
    made_dirs: list[Path] = []
    written: list[Path] = []
    try:
        for p in plan.positions:
            if not p.path.parent.exists():
                for parent in reversed(p.path.parents):
                    if not parent.exists():
                        parent.mkdir()
                        made_dirs.append(parent)
            write_atomic(p.path, p.text.encode("utf-8"), force=False)
            written.append(p.path)
        for path, text in _appends(plan):
            if text is not None:
                write_atomic(path, text.encode("utf-8"), force=True, unchanged_since=states[path])
        result = load_library(plan.root)
        if result.errors:
            raise LgaDraftError(
                "the ingested library would not pass 'lga-draft check' (a bug in lga-draft, "
                f"please report it): {result.errors[0]}; nothing was written"
            )
    except BaseException:
        _undo(written, made_dirs, originals)
        raise


def _appends(plan: Plan) -> list[tuple[Path, str | None]]:
    return [
        (plan.root / "sources.yaml", plan.sources_text),
        (plan.root / "tags.yaml", plan.tags_text),
    ]


def _undo(written: list[Path], made_dirs: list[Path], originals: dict[Path, bytes | None]) -> None:
    from lga_draft.output import write_atomic

    for path in written:
        path.unlink(missing_ok=True)
    for folder in reversed(made_dirs):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    for path, data in originals.items():
        try:
            if data is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, data, force=True)
        except LgaDraftError:
            pass


def _appended(path: Path, addition: str, comment: str = "") -> str:
    """The file's text with `addition` at its end: what is there is never changed."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if old.strip() in ("{}", "null", "~"):
        old = ""
    sep = "" if not old or old.endswith("\n") else "\n"
    return f"{old}{sep}{comment}{addition}"


def _at(name: str, where: str) -> str:
    """`FILE:LINE` as every message gives it; a Word document's `FILE: paragraph N`."""
    return f"{name}:{where[5:]}" if where.startswith("line ") else f"{name}: {where}"


def _clip(text: str, chars: int = 80) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


class _State:
    """What the positions planned so far take: ids, evidence ids, sources."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.ids = set(library.by_id)
        self.evidence_ids = set(library.evidence_index())
        self.sources: list[tuple[str, Path, dict[str, Any]]] = []
        self.untagged = False
        self.owner = next(iter(library.settings.teams), "policy")
        self._suggester: Any = None
        approved = [p for p in library.positions if p.status.value == "approved"]
        if approved:
            from lga_draft.suggest.suggest import Suggester

            self._suggester = Suggester(library)

    def sources_yaml(self) -> str:
        from lga_draft.library.yamlio import dump_yaml

        out = []
        for source_id, path, source in self.sources:
            out.append(f"# added by lga-draft ingest from {path.name}\n")
            out.append(dump_yaml({source_id: source}))
        return "".join(out)

    def _unique(self, wanted: str, taken: set[str], folder: Path | None = None) -> str:
        key, n = wanted[:100].rstrip("-"), 1
        base = key
        while key in taken or (folder is not None and (folder / f"{key}.yaml").exists()):
            n += 1
            key = f"{base}-{n}"
        taken.add(key)
        return key

    def position(self, unit: Unit, doc: Document, source_id: str, title: str, date: str) -> Planned:
        from lga_draft.library.yamlio import dump_yaml
        from lga_draft.team.fmt import format_text

        folder = self.library.root / "positions" / source_id
        if unit.kind == "introduction" and unit.title == "Introduction":
            unit.title = title
        wanted = f"{source_id}-{unit.section}" if unit.kind == "question" else slug(unit.title)
        pid = self._unique(wanted, self.ids, folder)
        lead, lead_section, body_paras, one_sentence = _lead_and_body(unit)
        ask_paras = [p for p in unit.paras if p.ask]
        body = _markdown(body_paras) or lead
        evidence = self._evidence(unit, lead, lead_section, body_paras, ask_paras, source_id, date)
        cases = [_case(p, source_id) for p in unit.paras if p.council]
        text_for_tags = "\n".join([unit.title, lead, body, *(p.text for p in ask_paras)])
        tags, why = self._tags(text_for_tags)
        last = _first_day(date)
        data: dict[str, Any] = {
            "id": pid,
            "title": unit.title,
            "status": "draft",
            "owner": self.owner,
            "last_reviewed": last,
            "review_by": _year_after(last),
            "tags": tags,
            "lead": lead,
            "body": body,
        }
        if ask_paras:
            data["asks"] = [
                {"text": p.text, **({"timeframe": p.timeframe} if p.timeframe else {})}
                for p in ask_paras
            ]
        if evidence:
            data["evidence"] = evidence
        if cases:
            data["case_studies"] = cases
        data["sources"] = _citations(source_id, lead_section, body_paras, ask_paras, unit)
        display_path(doc.path)
        header = [
            f"# Ingested by lga-draft ingest from {doc.path.name} ({unit.where}): the team's own words,",
            "# kept as sent. Review it, then set status: approved.",
        ]
        if unit.kind == "question":
            header.append(
                "# Its title is the question it answered: retitle it as our view, since a draft's"
                " key messages print it."
            )
        if one_sentence or not _markdown(body_paras):
            header.append("# The document gives one sentence here: it is both lead and body.")
        text = "\n".join(header) + "\n" + dump_yaml(data)
        text = text.replace("\ntags:", "\n" + "".join(f"# {line}\n" for line in why) + "tags:", 1)
        return Planned(
            folder / f"{pid}.yaml",
            format_text(text),
            pid,
            unit.title,
            unit.kind,
            len(ask_paras),
            len(evidence),
            len(cases),
            tags,
        )

    def _evidence(
        self,
        unit: Unit,
        lead: str,
        lead_section: str,
        body_paras: list[Para],
        ask_paras: list[Para],
        source_id: str,
        date: str,
    ) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        chunks = [(lead, lead_section)] + [
            (p.text, p.section) for p in [*body_paras, *ask_paras] if p.kind != "heading"
        ]
        for text, section in chunks:
            for sentence in sentences(text):
                for figure in figures(sentence):
                    if (figure, sentence) in seen:
                        continue
                    seen.add((figure, sentence))
                    eid = self._unique(f"{source_id}-{section}-{len(items) + 1}", self.evidence_ids)
                    item: dict[str, Any] = {"id": eid, "statement": sentence, "figure": figure}
                    if when := period(sentence, figure):
                        item["period"] = when
                    item.update({"as_of": date, "source": source_id, "section": section})
                    items.append(item)
        return items

    def _tags(self, text: str) -> tuple[list[str], list[str]]:
        """Tags from the vocabulary, and why each, for the comment above them."""
        from lga_draft.suggest.search import naming_words

        low = " " + " ".join(re.findall(r"[\w'’-]+", text.lower())) + " "
        named = naming_words(text, self.library)
        counts = {
            tag: low.count(" " + " ".join(re.findall(r"[\w'’-]+", word.lower())) + " ")
            for tag, word in named.items()
        }
        chosen = sorted(named, key=lambda t: -counts[t])[:MAX_TAGS]
        why = [f"{t}: the text names '{named[t]}' ({counts[t]}x)" for t in chosen]
        if self._suggester is not None:
            best = self._suggester.suggest(text, limit=1)
            if best:
                s = best[0]
                extra = [t for t in s.position.tags if t not in chosen][:MAX_TAGS]
                chosen += extra
                if extra:
                    terms = ", ".join(dict.fromkeys(s.terms[:8]))
                    why.append(
                        f"{', '.join(extra)}: tags of the closest approved position "
                        f"'{s.position.id}' (score {s.score:.1f}; shared words: {terms})"
                    )
        if not chosen:
            self.untagged = True
            return [UNTAGGED], ["untagged: no tag of the vocabulary fits; tag it when you review"]
        return chosen, ["tags suggested by lga-draft ingest:", *(f"  {w}" for w in why)]


def _lead_and_body(unit: Unit) -> tuple[str, str, list[Para], bool]:
    """(lead, its section, the body's paragraphs, whether the unit is a single sentence)."""
    rest = [p for p in unit.paras if not p.ask and not p.leads_asks]
    if unit.lead:
        return unit.lead, unit.section, rest, False
    for i, para in enumerate(rest):
        if para.kind == "heading":
            continue
        first = sentences(para.text)
        lead = first[0] if first else para.text
        remainder = para.text[para.text.index(lead) + len(lead) :].strip()
        body = rest[:i] + ([Para(remainder, para.where, para.section)] if remainder else [])
        body += rest[i + 1 :]
        return lead, para.section, body, not any(p.kind != "heading" for p in body)
    return unit.title, unit.section, rest, True


def _markdown(paras: list[Para]) -> str:
    """The body: paragraphs apart, bullets as a Markdown list."""
    out = ""
    previous = None
    for p in paras:
        text = f"- {p.text}" if p.kind == "bullet" else p.text
        if out:
            out += "\n" if p.kind == "bullet" and previous == "bullet" else "\n\n"
        out += text
        previous = p.kind
    return out


def _case(p: Para, source_id: str) -> dict[str, Any]:
    case: dict[str, Any] = {
        "council": p.council,
        "title": p.case_title or p.council,
        "summary": p.text,
    }
    found = figures(p.text)
    if found:
        case["figure"] = found[0]
    case.update({"source": source_id, "section": p.section})
    return case


def _citations(
    source_id: str, lead_section: str, body: list[Para], asks: list[Para], unit: Unit
) -> list[dict[str, Any]]:
    parts: dict[str, list[str]] = {}

    def cite(section: str, part: str) -> None:
        wanted = parts.setdefault(section, [])
        if part not in wanted:
            wanted.append(part)

    cite(lead_section, "lead")
    for p in body:
        cite(p.section, "body")
    for p in asks:
        cite(p.section, "asks")
    if not body:  # the lead is the body too
        cite(lead_section, "body")
    order = ["lead", "body", "asks"]
    return [
        {"source": source_id, "section": s, "supports": sorted(v, key=order.index)}
        for s, v in parts.items()
    ]


def _year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _validate(plan: Plan) -> None:
    """Every rendered file reads back as a valid position: a failure here is our bug."""
    from lga_draft.library.model import Position
    from lga_draft.library.validate import validate
    from lga_draft.library.yamlio import load_yaml

    for p in plan.positions:
        doc = load_yaml(p.path, text=p.text)
        position, problems = validate(Position, doc.data, doc)
        if position is None or problems:
            raise LgaDraftError(
                f"internal: ingest rendered an invalid position ({problems[0] if problems else p.id})"
            )
