"""Loading and validating a library: every problem reported at once, as FILE:LINE: message."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import FIXTURES, make_library, position

from lga_draft.library.checks import dated_problems
from lga_draft.library.load import load_library


def problems(root, today: dt.date | None = None) -> list[str]:
    result = load_library(root)
    found = list(result.problems)
    if today is not None and result.library is not None:
        found += dated_problems(result.library, today)
    return [str(p) for p in found]


def test_a_valid_library_loads_frozen_positions(tmp_path):
    root = make_library(tmp_path)
    result = load_library(root)
    assert result.problems == []
    p = result.library.get("p1")
    assert p.title == "A title"
    assert p.status.value == "approved"
    try:
        p.title = "changed"  # type: ignore[misc]
    except Exception as exc:  # pydantic refuses: frozen
        assert "frozen" in str(exc).lower()
    else:
        raise AssertionError("positions must be frozen")


def test_schema_problems_are_all_reported_with_lines(tmp_path):
    bad = position(status="aproved", leed="typo", lead=None, review_by="next year")
    root = make_library(tmp_path, {"positions/p1.yaml": bad})
    found = problems(root)
    assert (
        "positions/p1.yaml:3: status: must be one of 'draft', 'approved' or 'retired' (got 'aproved')"
        in found
    )
    assert "positions/p1.yaml:1: missing required field 'lead'" in found
    assert "positions/p1.yaml:17: unknown field 'leed' (did you mean 'lead'?)" in found
    assert "positions/p1.yaml:6: review_by: 'next year' is not a date as YYYY-MM-DD" in found


def test_nested_problems_point_at_their_line(tmp_path):
    bad = position(evidence=[{"id": "e1", "statement": "S", "figure": "1", "as_of": "2024-13"}])
    root = make_library(tmp_path, {"positions/p1.yaml": bad})
    found = problems(root)
    assert "positions/p1.yaml:19: missing required field 'evidence[0].source'" in found
    assert any(
        f.startswith("positions/p1.yaml:22: evidence[0].as_of: '2024-13' is not a date")
        for f in found
    )


def test_unknown_tag_suggests_the_nearest(tmp_path):
    root = make_library(tmp_path, {"positions/p1.yaml": position(tags=["care", "care-fundng"])})
    assert problems(root) == [
        "positions/p1.yaml:9: unknown tag 'care-fundng' (did you mean 'care-funding'?)"
    ]


def test_duplicate_ids_across_files(tmp_path):
    root = make_library(
        tmp_path, {"positions/a/p1.yaml": position(), "positions/b/p1.yaml": position()}
    )
    assert "positions/b/p1.yaml:1: duplicate id 'p1' (also in positions/a/p1.yaml:1)" in problems(
        root
    )


def test_dangling_references(tmp_path):
    root = make_library(
        tmp_path, {"positions/p1.yaml": position(related=["p2"], supersedes=["p1x"])}
    )
    found = problems(root)
    assert any("related: no position has id 'p2'" in f for f in found)
    assert any("supersedes: no position has id 'p1x'" in f for f in found)


def test_unknown_source_and_section(tmp_path):
    p = position(sources=[{"source": "dco", "section": "s1"}, {"source": "doc", "section": "s9"}])
    found = problems(make_library(tmp_path, {"positions/p1.yaml": p}))
    assert any("unknown source 'dco' (did you mean 'doc'?)" in f for f in found)
    assert any("source 'doc' has no section 's9'" in f for f in found)


def test_evidence_without_a_source_is_an_error(tmp_path):
    p = position(evidence=[{"id": "e1", "statement": "S", "figure": "5 per cent", "as_of": "2024"}])
    found = problems(make_library(tmp_path, {"positions/p1.yaml": p}))
    assert any("missing required field 'evidence[0].source'" in f for f in found)


def test_evidence_superseding_itself_and_cycles(tmp_path):
    ev = [
        {
            "id": "e1",
            "statement": "S",
            "figure": "1",
            "as_of": "2024",
            "source": "doc",
            "superseded_by": "e1",
        },
        {
            "id": "e2",
            "statement": "S",
            "figure": "2",
            "as_of": "2024",
            "source": "doc",
            "superseded_by": "e3",
        },
        {
            "id": "e3",
            "statement": "S",
            "figure": "3",
            "as_of": "2024",
            "source": "doc",
            "superseded_by": "e2",
        },
    ]
    found = problems(make_library(tmp_path, {"positions/p1.yaml": position(evidence=ev)}))
    assert any("evidence 'e1' is superseded by itself" in f for f in found)
    assert any("supersession cycle e2 -> e3 -> e2" in f for f in found)


def test_position_supersession_cycle(tmp_path):
    root = make_library(
        tmp_path,
        {
            "positions/p1.yaml": position(supersedes=["p2"]),
            "positions/p2.yaml": position(id="p2", status="retired", supersedes=["p1"]),
        },
    )
    assert "positions/p1.yaml:18: supersession cycle: p1 -> p2 -> p1" in problems(root)


def test_superseded_figure_still_quoted_is_an_error(tmp_path):
    ev = [
        {"id": "new", "statement": "S", "figure": "£9 million", "as_of": "2024", "source": "doc"},
        {
            "id": "old",
            "statement": "S",
            "figure": "£7 million",
            "as_of": "2019",
            "source": "doc",
            "superseded_by": "new",
        },
    ]
    p = position(evidence=ev, body="The cut was £7 million.")
    found = problems(make_library(tmp_path, {"positions/p1.yaml": p}), today=dt.date(2025, 1, 1))
    assert any(
        "quotes '£7 million' from superseded evidence 'old'; use 'new' instead" in f for f in found
    )


def test_review_date_passed_is_a_warning(tmp_path):
    root = make_library(tmp_path, {"positions/p1.yaml": position(review_by="2025-01-01")})
    assert problems(root, today=dt.date(2025, 6, 1)) == [
        "positions/p1.yaml:6: warning: position 'p1' was due for review by 2025-01-01 (owner: team)"
    ]


def test_owner_must_be_a_team(tmp_path):
    root = make_library(tmp_path, {"positions/p1.yaml": position(owner="teem")})
    assert problems(root) == ["positions/p1.yaml:4: unknown owner 'teem' (did you mean 'team'?)"]


def test_unsupported_parts_are_reported(tmp_path):
    p = position(
        asks=["Do it"], sources=[{"source": "doc", "section": "s1", "supports": ["lead", "body"]}]
    )
    found = problems(make_library(tmp_path, {"positions/p1.yaml": p}))
    assert any("no source supports the asks" in f for f in found)


def test_file_name_differs_from_id_is_a_warning(tmp_path):
    root = make_library(tmp_path, {"positions/other.yaml": position()})
    assert problems(root) == [
        "positions/other.yaml:1: warning: file name 'other.yaml' does not match id 'p1'"
    ]


def test_non_mapping_and_broken_files_do_not_stop_the_others(tmp_path):
    root = make_library(
        tmp_path,
        {
            "positions/p1.yaml": position(),
            "positions/list.yaml": "- a\n- b\n",
            "positions/broken.yaml": "id: [\n",
            "positions/evil.yaml": "id: !!python/name:os.system\n",
        },
    )
    result = load_library(root)
    assert [p.id for p in result.library.positions] == ["p1"]
    found = [str(p) for p in result.problems]
    assert "positions/list.yaml:1: a position file must be a mapping of fields, not a list" in found
    assert any(f.startswith("positions/broken.yaml:") for f in found)
    assert any(
        f.startswith("positions/evil.yaml:1: YAML tag '!!python/name:os.system'") for f in found
    )


def test_vocabulary_problems(tmp_path):
    tags = {
        "a": {"description": "A", "broader": "b"},
        "b": {"description": "B", "broader": ["a"]},
        "c": {"description": "C", "aliases": ["A"], "broader": ["zz"]},
    }
    root = make_library(tmp_path, {"tags.yaml": tags, "positions/p1.yaml": position(tags=["a"])})
    found = problems(root)
    assert "tags.yaml:3: tag 'a' is broader than itself (a cycle in 'broader')" in found
    assert "tags.yaml:11: alias 'A' of tag 'c' already stands for 'a'" in found
    assert any("tag 'c': broader unknown tag 'zz'" in f for f in found)


def test_an_alias_or_a_new_word_in_a_positions_tags_says_what_to_do(tmp_path):
    """A new user tagged a position 'funding', an alias in their tags.yaml, and 'charging', a tag
    they had not defined: check said "unknown tag 'funding' (did you mean 'finance'?)" as though
    the word were not in tags.yaml, and nothing at all about where 'charging' belonged."""
    tags = {
        "care": {"description": "Adult care", "aliases": ["social-care"]},
        "finance": {"description": "Money", "aliases": ["funding"], "broader": ["money"]},
        "money": {"description": "Money", "broader": ["social-care"]},
    }
    files = {"tags.yaml": tags, "positions/p1.yaml": position(tags=["care", "funding", "xqzv"])}
    found = problems(make_library(tmp_path, files))
    assert (
        "positions/p1.yaml:9: unknown tag 'funding' (an alias of 'finance': name the tag itself)"
        in found
    )
    assert "positions/p1.yaml:10: unknown tag 'xqzv' (add it to tags.yaml)" in found
    assert any(
        "tag 'money': broader unknown tag 'social-care' (an alias of 'care':" in f for f in found
    )


def test_a_schema_error_does_not_hide_the_files_other_problems(cli, tmp_path):
    """A misspelt status made the file invalid, and its misspelt tag, owner and source went unsaid."""
    import shutil

    lib = tmp_path / "lib"
    shutil.copytree(FIXTURES / "library", lib)
    path = lib / "positions" / "care" / "care-funding-gap.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("status: approved", "status: aproved", 1).replace(
        "tags: [", "tags: [carre, ", 1
    )
    text = text.replace("owner: care", "owner: cair", 1)
    path.write_text(text, encoding="utf-8")
    result = cli("--library", str(lib), "check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    name = "lib/positions/care/care-funding-gap.yaml"
    assert any(line.startswith(f"{name}:3: status: must be one of") for line in lines), lines
    assert f"{name}:7: unknown tag 'carre' (did you mean 'care'?)" in lines
    assert any(line.startswith(f"{name}:4: unknown owner 'cair'") for line in lines), lines


@pytest.mark.parametrize(
    ("renamed", "first"),
    [
        ("tags.yml", "lib/tags.yml: is not read: name it tags.yaml"),
        (
            None,
            "lib/tags.yaml: no such file: every position's tags are looked up in it; restore it",
        ),
    ],
)
def test_a_missing_tags_file_is_named_before_each_unknown_tag(cli, tmp_path, renamed, first):
    """Without tags.yaml every position's tags were 'unknown tag', and nothing said why."""
    lib = tmp_path / "lib"
    shutil.copytree(FIXTURES / "library", lib)
    tags = lib / "tags.yaml"
    if renamed:
        tags.rename(lib / renamed)
    else:
        tags.unlink()
    result = cli("--library", lib, "list")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == first
    assert any("unknown tag" in line for line in lines[1:])
