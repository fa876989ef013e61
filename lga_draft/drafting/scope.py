"""Whether a consultation comes from the part of the UK a library speaks for.

Health, social care and local government are devolved: a consultation of the Welsh Government or the
Scottish Parliament asks about systems, laws and money that an English library's positions do not
describe. The library says which nation it speaks for (`organisation.nation` in library.yaml); a
consultation whose title, issuer or reference names another nation's government or legislature is
reported, so the officer checks each position before it goes to Cardiff or Edinburgh.
"""

from __future__ import annotations

import re

# Each nation's government and legislature as a consultation names them (whole words, any case).
_BODIES = {
    "Wales": (
        "Welsh Government",
        "Welsh Parliament",
        "Welsh Assembly",
        "National Assembly for Wales",
        "Senedd",
        "Llywodraeth Cymru",
    ),
    "Scotland": ("Scottish Government", "Scottish Parliament", "Scottish Executive", "Holyrood"),
    "Northern Ireland": (
        "Northern Ireland Executive",
        "Northern Ireland Assembly",
        "Stormont",
        "Department of Health (Northern Ireland)",
    ),
}
_FOUND = {
    nation: re.compile(r"(?<!\w)(" + "|".join(map(re.escape, bodies)) + r")(?!\w)", re.IGNORECASE)
    for nation, bodies in _BODIES.items()
}


def other_nation(nation: str | None, *texts: str | None) -> tuple[str, str] | None:
    """The nation other than `nation` whose government or legislature the texts name, with the
    name as written; None when the library names no nation or the texts name none other."""
    if not nation:
        return None
    for other, pattern in _FOUND.items():
        if other.lower() == nation.strip().lower():
            continue
        for text in texts:
            found = pattern.search(text or "")
            if found:
                return other, found.group(0)
    return None


def nation_warning(nation: str | None, *texts: str | None) -> str | None:
    """The drafting report's warning for a consultation from another nation, if it is one."""
    found = other_nation(nation, *texts)
    if found is None or nation is None:
        return None
    other, named = found
    return (
        f"the consultation is from {other} (it names {named}), and this library speaks for "
        f"{nation.strip()} (organisation.nation in library.yaml): check that each position holds "
        f"in {other}"
    )
