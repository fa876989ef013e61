"""Safe YAML loading: hostile and malformed files end in one clear line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from lga_draft.library.yamlio import YamlError, load_yaml


def _load(tmp_path: Path, content: str | bytes):
    path = tmp_path / "f.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return load_yaml(path)


def _error(tmp_path: Path, content: str | bytes) -> str:
    with pytest.raises(YamlError) as info:
        _load(tmp_path, content)
    return str(info.value.problem)


def test_line_numbers_are_recorded_for_keys_and_items(tmp_path):
    doc = _load(tmp_path, "id: x\ntags:\n  - a\n  - b\nevidence:\n  - id: e\n    figure: 1\n")
    assert doc.line_of(("tags", 1)) == 4
    assert doc.line_of(("evidence", 0, "figure")) == 7
    assert doc.line_of(("evidence", 0, "nope")) == 6  # deepest known prefix


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/name:os.system",
        "!!python/object/apply:os.system ['true']",
        "!!python/object:builtins.dict {}",
    ],
)
def test_python_object_tags_are_refused(tmp_path, tag):
    message = _error(tmp_path, f"id: x\nevil: {tag}\n")
    assert message.startswith("f.yaml:2: YAML tag '!!python/")
    assert "is not allowed: only plain YAML is read" in message


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(
            f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]"
        )
    message = _error(tmp_path, "\n".join(lines) + "\n")
    assert message == "f.yaml:1: YAML anchors and aliases (&name, *name) are not allowed"


def test_duplicate_keys_are_reported_with_both_lines(tmp_path):
    assert (
        _error(tmp_path, "id: a\ntitle: t\nid: b\n")
        == "f.yaml:3: duplicate key 'id' (first on line 1)"
    )


def test_syntax_error_names_the_line(tmp_path):
    message = _error(tmp_path, "id: a\ntags: [a, b\ntitle: x\n")
    assert message.startswith("f.yaml:")
    assert "invalid YAML" in message


def test_byte_order_mark_and_windows_line_endings_are_read(tmp_path):
    doc = _load(tmp_path, "\ufeffid: a\r\ntitle: T\r\n".encode())
    assert doc.data == {"id": "a", "title": "T"}


def test_non_utf8_bytes_name_the_line(tmp_path):
    assert _error(tmp_path, b"id: a\ntitle: caf\xe9\n") == (
        "f.yaml:2: is not valid UTF-8 (byte 0xe9); save it as UTF-8"
    )


def test_binary_file_is_refused(tmp_path):
    assert (
        _error(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00") == "f.yaml: is a binary file, not YAML text"
    )


def test_empty_file_is_empty_data(tmp_path):
    assert _load(tmp_path, "").data is None
    assert _load(tmp_path, "# only a comment\n").data is None


def test_huge_file_is_refused_before_parsing(tmp_path):
    message = _error(tmp_path, "a: " + "x" * (6 * 1024 * 1024) + "\n")
    assert message.startswith("f.yaml: file is too large")


def test_deep_nesting_is_refused(tmp_path):
    message = _error(tmp_path, "a: " + "[" * 100 + "]" * 100 + "\n")
    assert "nested more than" in message or "nested too deeply" in message


def test_raw_control_character_names_the_line(tmp_path):
    assert _error(tmp_path, "id: a\ntitle: bell\x07\n") == (
        "f.yaml:2: contains a control character (U+0007) that YAML does not allow"
    )


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])  # libyaml's words, PyYAML's
@pytest.mark.parametrize(
    ("content", "line", "stopped"),
    [
        # the first item lost its "- ": named where it starts, not 4 lines on at the next item
        ("q:\n    n: 1\n\n    t: a\n    # c\n  - n: 2\n", 2, 6),
        ("q:\n  - n: 1\n    t: a\n  n: 2\n    t: b\n", 4, None),  # a later one, at its column
        ("q:\n  - n: 1\n   t: a\n", 3, None),  # a key one space out
        ("q:\n  - n: 1\n    t: a\n - n: 2\n", 4, None),  # an item one space out
    ],
)
def test_a_misaligned_item_is_named_where_it_starts(
    tmp_path, monkeypatch, loader, content, line, stopped
):
    import yaml

    from lga_draft.library import yamlio

    monkeypatch.setattr(yamlio, "_Loader", getattr(yaml, loader, yaml.SafeLoader))
    later = f" (YAML stopped at line {stopped})" if stopped else ""
    assert _error(tmp_path, content) == (
        f"f.yaml:{line}: invalid YAML: a list item or key here does not line up with the ones "
        f"around it{later}: check the indentation and the '- ' of each item"
    )


def test_text_after_a_quoted_value_keeps_yaml_own_words(tmp_path):
    message = _error(tmp_path, 'q:\n  - n: 1\n    t: "a" b\n')
    assert message.startswith("f.yaml:3: invalid YAML: ") and "line up" not in message
