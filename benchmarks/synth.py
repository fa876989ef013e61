"""Synthetic libraries for the benchmark: the bundled library replicated to any number of positions.

Replica 0 is the bundled library itself (its ids and tags), so every example consultation drafts
from it unchanged. Replica k (k >= 1) renames every id, evidence id and tag with a `-r{k}` suffix
and rewrites `related`, `supersedes` and `superseded_by` to match, so each replica validates on its
own and `check` finds no new errors. Replicas get their own tags (defined in tags.yaml, with
aliases suffixed too) because a real archive grows by new topics: with shared tags a draft of
change-nhs.yaml at 10,000 positions would simply be an 87-times longer document, which measures
the document, not the library. Topics do not grow without end, though: past TAG_SETS replicas
(about 8,600 tags) replica k reuses the tags of replica 1 + (k - 1) % TAG_SETS, so the
50,000-position library's tags.yaml (some 2 MB) stays under the 5 MiB limit on a YAML file and the
library validates. Libraries up to 17,000 positions (10,000 included) are as before.

A library smaller than the bundled one (100) keeps the positions the examples name and drops
references to the positions it leaves out.
"""

from __future__ import annotations

import hashlib
import math
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def _dump(data: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def named_in_examples(examples: Path) -> list[str]:
    """Position ids the example consultations name, so a small library can still draft them."""
    ids: list[str] = []
    for path in sorted(examples.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        ids += re.findall(r"^\s+- ([a-z0-9][a-z0-9-]*)\s*$", text, flags=re.M)
    return list(dict.fromkeys(ids))


def build_library(src: Path, dest: Path, n: int, *, keep_first: list[str] | None = None) -> Path:
    """Write a library of exactly `n` positions to `dest` (replaced if it exists)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    originals: list[tuple[Path, dict[str, Any]]] = []
    for path in sorted((src / "positions").rglob("*.yaml")):
        originals.append((path.relative_to(src / "positions").parent, _load(path)))
    first = {pid: i for i, pid in enumerate(keep_first or [])}
    originals.sort(
        key=lambda item: (item[1]["id"] not in first, first.get(item[1]["id"], 0), item[1]["id"])
    )

    tags = _load(src / "tags.yaml") or {}
    for name in ("library.yaml", "sources.yaml"):
        if (src / name).is_file():
            shutil.copy(src / name, dest / name)
    all_tags = dict(tags)
    copies = math.ceil(n / len(originals))
    for k in range(copies):
        subset = originals[: min(len(originals), n - k * len(originals))]
        if k and _tag_set(k) == k:
            all_tags.update(_renamed_tags(tags, k))
        _write_replica(dest, subset, k)
    _dump(all_tags, dest / "tags.yaml")
    (dest / STAMP_FILE).write_text(stamp(src), encoding="utf-8")
    return dest


STAMP_FILE = ".synth-stamp"


def stamp(src: Path) -> str:
    """What a synthetic library is made from: this script and the library it copies."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    files = [src / n for n in ("library.yaml", "tags.yaml", "sources.yaml")]
    files += sorted((src / "positions").rglob("*.yaml"))
    for path in files:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def current(dest: Path, src: Path) -> bool:
    """Whether `dest` was built by this script from the library at `src` as it is now (a library
    built by an older synth.py may not validate: one did not, and timed 97,503 errors)."""
    made = dest / STAMP_FILE
    return made.is_file() and made.read_text(encoding="utf-8") == stamp(src)


def retitle(path: Path, title: str) -> None:
    """Give the position in `path` a new title, as an officer editing it would."""
    data = _load(path)
    data["title"] = title
    _dump(data, path)


TAG_SETS = 150  # distinct tag sets among the replicas


def _suffix(k: int) -> str:
    return f"-r{k}" if k else ""


def _tag_set(k: int) -> int:
    """The replica whose tags replica `k` carries (0: the bundled library's own)."""
    return 1 + (k - 1) % TAG_SETS if k else 0


def _renamed_tags(tags: dict[str, Any], k: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, tag in tags.items():
        tag = dict(tag)
        tag["aliases"] = [f"{alias} r{k}" for alias in tag.get("aliases", [])]
        broader = tag.get("broader", [])
        broader = [broader] if isinstance(broader, str) else broader
        if broader:
            tag["broader"] = [b + _suffix(k) for b in broader]
        out[name + _suffix(k)] = tag
    return out


def _write_replica(dest: Path, subset: list[tuple[Path, dict[str, Any]]], k: int) -> None:
    s = _suffix(k)
    ids = {p["id"] for _, p in subset}
    evidence_ids = {e["id"] for _, p in subset for e in p.get("evidence", [])}
    for folder, original in subset:
        p = dict(original)
        p["id"] += s
        p["tags"] = [t + _suffix(_tag_set(k)) for t in p["tags"]]
        for key in ("related", "supersedes"):
            if key in p:
                p[key] = [ref + s for ref in p[key] if ref in ids]
        evidence = []
        for e in p.get("evidence", []):
            e = dict(e)
            e["id"] += s
            if e.get("superseded_by"):
                e["superseded_by"] = (
                    e["superseded_by"] + s if e["superseded_by"] in evidence_ids else None
                )
            evidence.append(e)
        if evidence:
            p["evidence"] = evidence
        where = folder / f"r{k}" if k else folder
        _dump(p, dest / "positions" / where / f"{p['id']}.yaml")
