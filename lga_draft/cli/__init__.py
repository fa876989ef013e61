"""The `lga-draft` command line: option declarations, one call into the core per command, printing.

Commands live in one module per group and register themselves on the one `app`, in the order
`--help` lists them; heavy modules (pydantic models, Jinja, python-docx) are imported inside
the commands that need them, so `lga-draft --help` starts fast. `_app._Group.invoke` is the one
error boundary.
"""

from importlib import import_module

from lga_draft.cli._app import app, main

for _group in ("browse", "drafting", "suggestions", "roundtrip", "team"):
    import_module(f"lga_draft.cli.{_group}")

__all__ = ["app", "main"]
