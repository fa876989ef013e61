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
        "Welsh Ministers",
        "Welsh Parliament",
        "Welsh Assembly",
        "National Assembly for Wales",
        "Senedd",
        "Llywodraeth Cymru",
    ),
    "Scotland": (
        "Scottish Government",
        "Scottish Ministers",
        "Scottish Parliament",
        "Scottish Executive",
        "Holyrood",
    ),
    "Northern Ireland": (
        "Northern Ireland Executive",
        "NI Executive",
        "Northern Ireland Assembly",
        "NI Assembly",
        "Stormont",
        "Department of Health (Northern Ireland)",
        "Department of Health (NI)",
        "Department of Health NI",
        "Department of Health, Northern Ireland",
        "Department of Health Northern Ireland",
    ),
}
# a UK government department or Parliament consulting with them: the consultation covers England too
_UK = re.compile(
    r"(?<!\w)(UK Government|HM Government|HM Treasury|Cabinet Office|House of Commons|House of "
    r"Lords|Department of Health and Social Care|DHSC|Ministry of Housing|MHCLG|DLUHC|Department "
    r"for (Education|Levelling Up|Work and Pensions))(?!\w)",
    re.IGNORECASE,
)
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
    uk = next((m.group(0) for t in texts if (m := _UK.search(t or ""))), None)
    if uk is not None:  # a joint consultation across the UK ("DHSC, Welsh Government and ...")
        return (
            f"the consultation names {named} as well as {uk}: where it asks about {other}, check "
            f"that each position holds there (this library speaks for {nation.strip()}: "
            f"organisation.nation in library.yaml)"
        )
    return (
        f"the consultation is from {other} (it names {named}): check that each position holds in "
        f"{other} (this library speaks for {nation.strip()}: organisation.nation in library.yaml)"
    )
