"""`lga-draft init DIR`: a new library, ready to commit, that `lga-draft check` passes.

The files are written from the templates below rather than copied from the bundled library: a
team starts with its own organisation, a small vocabulary to grow, and one example position that
shows every field in use, not with another organisation's positions to delete.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lga_draft.errors import OutputError, display_path

LIBRARY_YAML = """\
# Settings for this library: who is responding, who signs, and drafting defaults.
# Every key is optional; a consultation file may override the organisation, contact and signatory.
organisation:
  name: Your organisation          # as it should appear in drafts
  short_name: YO
  about: >-
    One paragraph about the organisation, printed under "About us" in consultation responses.
  contact:
    name: Policy team
    email: policy@example.org
  # nation: England                # whose councils you speak for: drafts for another nation's
  #                                # consultations are reported
spokesperson:
  name: ""
  role: ""
signatory:
  name: ""
  role: ""
# Policy teams that own positions. A position's `owner` must be one of these keys.
teams:
  policy: Policy team
  health-and-care: Health and care
  finance: Finance
defaults:
  template: consultation-response
  # a figure whose `as_of` is older than this many months is reported as old in drafts
  figure_age_months: 36
  # a position stands this long after its newest source; text resting on older sources that
  # speaks of a thing as still to come ("forthcoming", "to be published") is reported
  review_months: 24
# Names of bodies, programmes or bills that are no longer current; `check` and `draft` warn where
# position text uses one. Cite a key of sources.yaml or a published page for each. For example:
#   - name: Public Health England
#     aliases: [PHE]
#     replaced_by: the UK Health Security Agency and the Office for Health Improvement and Disparities
#     since: "2021-10-01"
#     source: https://lordslibrary.parliament.uk/regret-motion-dissolution-of-public-health-england/
stale_terms: []
"""

TAGS_YAML = """\
# The tag vocabulary. Every tag a position uses must be defined here.
#   description: what the tag covers, in a line
#   aliases:     the words colleagues actually use for it; they resolve to the tag anywhere
#   broader:     the wider tag(s) it sits under; selecting a broader tag selects this one too
health-and-care:
  description: Health and social care, and how they work together
  aliases: [health, care]
adult-social-care:
  description: Care and support for adults
  broader: health-and-care
  aliases: [ASC, social care]
public-health:
  description: Preventing ill health and improving the health of the population
  broader: health-and-care
  aliases: [prevention]
finance:
  description: Funding, grants and spending
  aliases: [funding, money]
workforce:
  description: The people who deliver services, their pay and conditions
"""

SOURCES_YAML = """\
# Documents that positions rely on. A position cites a source by its key here, and one of its
# sections by the section's key, so every sentence of a draft can be traced to where it was agreed.
example-response-{year}:
  title: Our response to an example consultation
  publisher: Your organisation
  date: "{today}"
  kind: consultation response
  url: https://example.org/our-response
  sections:
    summary: Summary of our response
    q1: "Question 1: funding"
"""

POSITION_YAML = """\
# An example position: copy it to start a new one, then delete it. The file name is the id.
# Every field is described in the position format of lga-draft's documentation.
id: example-position
title: Fund adult social care for the long term
status: draft                 # draft | approved | retired; drafts use approved positions only
owner: health-and-care        # a key of `teams` in library.yaml
last_reviewed: {today}
review_by: {review_by}
tags: [adult-social-care, finance]
lead: >-
  Adult social care needs funding that is settled for several years at a time, so that councils
  can plan and providers can invest.
body: |
  One-year settlements leave councils unable to plan beyond the next budget, and providers
  unable to invest in their staff and services.

  This is the argument, in Markdown paragraphs: our own words, and the reasons for our view.
asks:
  - text: Settle adult social care funding for at least three years at a time.
    timeframe: quick to do
evidence:
  - id: example-funding-figure
    statement: What the figure measures, in our own words
    figure: £1 billion           # exactly as the source gives it
    as_of: "{year}"
    source: example-response-{year}
    section: q1
sources:
  - source: example-response-{year}
    section: summary
    supports: [lead, body, asks]
"""

TEMPLATES_README = """\
# Templates

Jinja templates that produce Markdown. A file here named like a bundled template (for example
`briefing.md.j2`) is used instead of the bundled one; a new name adds a template, which
`lga-draft templates` then lists and `lga-draft draft --template NAME` uses.

Start from a copy of a bundled template (`lga-draft templates --json` shows where they are), and
override only the blocks you need:

    {% extends "_base.md.j2" %}
    {% block content %}
    {% for p in key_messages %}{{ m.key_message(p, point=false) }}
    {% endfor %}
    {% endblock %}

Templates run in a sandbox: they can read the draft's positions and settings, nothing else.
"""

GITIGNORE = """\
# drafts are made from the library, not kept in it
*.docx
drafts/
# Word's and LibreOffice's lock files, editor leftovers
~$*
.~lock.*#
*~
.DS_Store
"""

PRE_COMMIT = """\
# Checks before every commit: `pip install pre-commit && pre-commit install` once per clone.
# These run the lga-draft installed on your machine. To pin a version of lga-draft instead, use
# its repository's hooks:
#   - repo: <the lga-draft repository>
#     rev: <a release tag>
#     hooks: [{id: lga-draft-check}, {id: lga-draft-fmt}]
repos:
  - repo: local
    hooks:
      - id: lga-draft-check
        name: lga-draft check
        entry: lga-draft check
        language: system
        pass_filenames: false
        files: '\\.(ya?ml)$'
      - id: lga-draft-fmt
        name: lga-draft fmt --check
        entry: lga-draft fmt --check
        language: system
        pass_filenames: false
        files: '^positions/.*\\.ya?ml$'
"""

README = """\
# {name}

A library of standing positions for lga-draft: one position
per file under `positions/`, the tag vocabulary in `tags.yaml`, the documents positions cite in
`sources.yaml`, and who responds in `library.yaml`.

    lga-draft check                          # every problem, with file and line
    lga-draft fmt                            # tidy position files before committing
    lga-draft draft consultation.yaml -o response.docx --format docx
"""


def files(today: dt.date, name: str) -> dict[str, str]:
    """The new library's files, by path."""
    review_by = (
        today.replace(year=today.year + 1)
        if (today.month, today.day) != (2, 29)
        else today.replace(year=today.year + 1, day=28)
    )
    values = {"today": today.isoformat(), "year": today.year, "review_by": review_by.isoformat()}
    return {
        "library.yaml": LIBRARY_YAML,
        "tags.yaml": TAGS_YAML,
        "sources.yaml": SOURCES_YAML.format(**values),
        "positions/health-and-care/example-position.yaml": POSITION_YAML.format(**values),
        "templates/README.md": TEMPLATES_README,
        ".gitignore": GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT,
        "README.md": README.format(name=name),
    }


def init_library(folder: Path, *, today: dt.date, force: bool) -> tuple[list[Path], list[Path]]:
    """Create the library in `folder`; returns (written, kept). Existing files are never replaced.

    A folder that already holds anything is refused unless `force`, and even then only missing
    files are added, so running it over an existing library cannot lose a line of anyone's work.
    """
    from lga_draft.output import read_only, write_atomic

    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{display_path(folder)}: is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise OutputError(
            f"{display_path(folder)}: is not empty; use --force to add the missing "
            "library files (existing files are kept)"
        )
    if not folder.parent.is_dir():
        raise OutputError(
            f"{display_path(folder)}: the folder '{display_path(folder.parent)}' does not exist"
        )
    # refused before the first file, not after some: no half-made library
    existing = folder if folder.is_dir() else folder.parent
    if read_only(existing):
        raise OutputError(
            f"{display_path(folder)}: the folder '{display_path(existing)}' is read-only"
        )
    written: list[Path] = []
    kept: list[Path] = []
    for rel, text in files(today, folder.resolve().name).items():
        path = folder / rel
        if path.exists():
            kept.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"), force=False)
        written.append(path)
    return written, kept
