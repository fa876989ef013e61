"""The sets of real consultations (benchmarks/eval_real, and the tuning set benchmarks/tune_real)
load and stay sound.

A position renamed or retired in the bundled library, a fact that no longer matches the position
it names, or a questions file that no longer imports as the set says, fails here rather than
quietly lowering the figures measured on the set.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys

import pytest
import yaml
from conftest import ROOT


@pytest.fixture(scope="module")
def eval_real():
    path = ROOT / "benchmarks" / "eval_real.py"
    spec = importlib.util.spec_from_file_location("eval_real", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_real"] = module
    spec.loader.exec_module(module)
    return module


def test_the_set_loads_and_every_position_and_fact_is_in_the_library(eval_real):
    consultations = eval_real.load_set()
    assert eval_real.check(consultations) == []
    figures = eval_real.counts(consultations)
    assert figures["consultations"] >= 6
    assert figures["total"]["questions"] >= 30
    assert figures["total"]["none"] >= 1  # questions the library cannot answer stay in the set


def test_the_tuning_set_loads_imports_as_written_and_names_only_current_positions(eval_real):
    consultations = eval_real.load_set(eval_real.TUNE_DIR)
    assert eval_real.check(consultations) == []
    figures = eval_real.counts(consultations)
    assert figures["consultations"] >= 6
    assert figures["total"]["questions"] >= 30
    assert figures["total"]["partial"] + figures["total"]["full"] >= 1
    assert figures["total"]["none"] >= 1


def test_the_tuning_set_shares_nothing_with_the_evaluation_set(eval_real):
    def seen(consultations):
        keys = set()
        for c in consultations:
            keys |= {("id", c["id"]), ("title", c["title"].casefold()), ("url", c["url"])}
            keys |= {("url", u) for u in c.get("also_seen_at") or []}
            keys |= {("text", " ".join(q["text"].split())) for q in c["questions"]}
        return keys

    tuning = seen(eval_real.load_set(eval_real.TUNE_DIR))
    evaluation = seen(eval_real.load_set())
    assert tuning & evaluation == set()


def test_a_tuning_questions_file_is_found_beside_its_set(eval_real, tmp_path):
    consultation = eval_real.load_set(eval_real.TUNE_DIR)[0]
    (tmp_path / "questions").mkdir()
    shutil.copy(consultation["_file"], tmp_path)

    def problems():  # no questions_dir: the default is questions/ beside the YAML file
        return eval_real.check(eval_real.load_set(tmp_path))

    assert any("no questions file" in p for p in problems())
    shutil.copy(eval_real.questions_file(consultation), tmp_path / "questions")
    assert problems() == []


def _copy_set(tmp_path, eval_real, consultation_id):
    """One consultation of the set, with its questions file, under tmp_path."""
    (tmp_path / "questions").mkdir()
    source = eval_real.SET_DIR / f"{consultation_id}.yaml"
    shutil.copy(source, tmp_path / source.name)
    shutil.copy(eval_real.QUESTIONS_DIR / f"{consultation_id}.txt", tmp_path / "questions")
    return tmp_path / source.name


def _rewrite(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _problems(eval_real, tmp_path):
    return eval_real.check(eval_real.load_set(tmp_path), questions_dir=tmp_path / "questions")


def test_a_renamed_position_is_caught(eval_real, tmp_path):
    path = _copy_set(tmp_path, eval_real, "hscc-implementing-ltp-2019")
    assert _problems(eval_real, tmp_path) == []

    def rename(data):
        q = data["questions"][0]
        q["positions"] = [
            "public-health-grant-renamed" if p == "public-health-grant" else p
            for p in q["positions"]
        ]

    _rewrite(path, rename)
    problems = _problems(eval_real, tmp_path)
    assert any("no position public-health-grant-renamed" in p and path.name in p for p in problems)


def test_a_fact_that_matches_nothing_in_its_position_is_caught(eval_real, tmp_path):
    path = _copy_set(tmp_path, eval_real, "hscc-implementing-ltp-2019")
    _rewrite(
        path, lambda data: data["questions"][0]["facts"][0].update(pattern=r"£\s?999\s*million")
    )
    problems = _problems(eval_real, tmp_path)
    assert any("matches nothing in position public-health-grant" in p for p in problems)


def test_a_pattern_that_does_not_compile_is_caught(eval_real, tmp_path):
    path = _copy_set(tmp_path, eval_real, "hscc-implementing-ltp-2019")
    _rewrite(path, lambda data: data["questions"][1]["facts"][0].update(pattern="false (economy"))
    problems = _problems(eval_real, tmp_path)
    assert any("does not compile" in p for p in problems)


def test_a_questions_file_that_imports_differently_is_caught(eval_real, tmp_path):
    _copy_set(tmp_path, eval_real, "hscc-implementing-ltp-2019")
    txt = tmp_path / "questions" / "hscc-implementing-ltp-2019.txt"
    txt.write_text(
        txt.read_text(encoding="utf-8").replace("Question 3:", "Question 4:"), encoding="utf-8"
    )
    problems = _problems(eval_real, tmp_path)
    assert any("imports question 4" in p for p in problems)


def test_the_oracle_drafts_each_question_with_the_officers_positions(eval_real, cli, tmp_path):
    """`eval_answers.py --oracle` measures composition alone: a consultation naming the set's
    positions for each question drafts, and each answerable question gets an answer of its own."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from eval_answers import answers, oracle_file
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    consultation = eval_real.load_set()[0]
    path = tmp_path / "c.yaml"
    oracle_file(consultation, path)
    result = cli("--library", str(ROOT), "draft", str(path), "--today", "2026-12-06")
    assert result.exit_code == 0, result.output
    drafted = answers(result.stdout)
    for q in consultation["questions"]:
        text = drafted[str(q["number"])]
        assert ("No standing position" in text) == (not q.get("positions")), q["number"]


def test_the_ceiling_names_only_the_officers_positions_the_ranking_offers(eval_real, tmp_path):
    """`eval_answers.py --ceiling K` names, for each question, the set's positions that the
    ranking puts among its first K, and no others."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from eval_answers import oracle_file, ranked_first
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    consultation = eval_real.load_set(ROOT / "benchmarks" / "tune_real")[0]
    path = tmp_path / "c.yaml"
    first = ranked_first(ROOT, consultation, path, 3)
    assert {str(q["number"]) for q in consultation["questions"]} == set(first)
    assert all(len(ids) <= 3 for ids in first.values()) and any(first.values())
    oracle_file(consultation, path, within=first)
    named = {
        str(q["number"]): q["positions"] for q in yaml.safe_load(path.read_text())["questions"]
    }
    for q in consultation["questions"]:
        want = list(q.get("positions") or [])
        assert named[str(q["number"])] == [p for p in want if p in first[str(q["number"])]]
