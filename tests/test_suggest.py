"""Suggestions: ranking, the reasons given, current positions only, the cut-off, and the command."""

from __future__ import annotations

import json

from conftest import FIXTURES, ROOT, TAGS, make_library, position

from lga_draft.drafting.rank import rank_paragraphs
from lga_draft.library.ingest import without_idioms
from lga_draft.library.load import load_positions_only
from lga_draft.suggest.genre import without_own_document
from lga_draft.suggest.search import Index, stem_words
from lga_draft.suggest.suggest import Suggester, Suggestion, cut

LIB = str(FIXTURES / "library")


def _ids(suggestions):
    return [s.position.id for s in suggestions]


def test_ranks_and_explains_with_tags_aliases_and_terms():
    library = load_positions_only(FIXTURES / "library")
    ranked = Suggester(library).rank("How should the BCF fund integration and pooled care?")
    top = ranked[0]
    assert top.position.id == "pooled-budgets-original-aims"
    assert top.tags == ("pooled-budgets", "care")  # care through its narrower tag
    assert top.aliases == ("BCF",)
    assert top.terms == ("bcf", "fund", "integration", "pooled", "care")
    assert top.why.startswith("tags pooled-budgets, care; aliases BCF; terms ")


def test_only_current_positions_unless_drafts_are_asked_for():
    library = load_positions_only(FIXTURES / "library")
    question = "Should care workers be paid fairly, and how should prevention be funded?"
    plain = _ids(Suggester(library).rank(question))
    assert "care-workforce-draft" not in plain and "old-prevention" not in plain
    with_drafts = _ids(Suggester(library, include_draft=True).rank(question))
    assert "care-workforce-draft" in with_drafts
    assert "old-prevention" not in with_drafts  # retired positions never


def test_superseded_positions_are_not_suggested_even_if_not_retired(tmp_path):
    root = make_library(
        tmp_path / "lib",
        {
            "positions/old.yaml": position(id="old", title="Care funding, our old view"),
            "positions/new.yaml": position(
                id="new", title="Care funding, our view", supersedes=["old"]
            ),
        },
    )
    library = load_positions_only(root)
    assert _ids(Suggester(library).rank("care funding")) == ["new"]


def test_a_draft_revision_hides_the_position_it_revises_only_where_drafts_are_suggested(tmp_path):
    """`harvest --write` proposes a draft revision superseding an approved position: until the
    team approves it, the approved position is still the one to suggest (it vanished, so a
    question answered at the last sign-off got no suggestion at all)."""
    root = make_library(
        tmp_path / "lib",
        {
            "positions/old.yaml": position(id="old", title="Care funding, our view"),
            "positions/old-revision-1.yaml": position(
                id="old-revision-1",
                title="Care funding, our view",
                status="draft",
                supersedes=["old"],
            ),
        },
    )
    library = load_positions_only(root)
    assert _ids(Suggester(library).rank("care funding")) == ["old"]
    assert _ids(Suggester(library, include_draft=True).rank("care funding")) == ["old-revision-1"]


def test_a_library_of_drafts_only_suggests_nothing_and_says_why(cli, tmp_path):
    """A library fresh from `init` or `ingest` holds draft positions only: `suggest` and `new`
    ended in an internal error (a division by zero over no positions)."""
    make_library(tmp_path / "lib", {"positions/p1.yaml": position(status="draft")})
    result = cli("--library", "lib", "suggest", "--question", "How should care be funded?")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0] == (
        "the library at lib has no approved position to suggest; approve some "
        "(status: approved) or give --include-draft"
    )
    drafts = cli("--library", "lib", "suggest", "--include-draft", "--all", "--question", "care")
    assert drafts.exit_code == 0 and "p1" in drafts.stdout, drafts.output
    (tmp_path / "q.txt").write_text("1. How should care be funded?\n")
    new = cli("--library", "lib", "new", "--questions", "q.txt", "--yes")
    assert new.exit_code == 0, new.output
    assert "no approved position to suggest" in new.stderr
    coverage = cli("--library", "lib", "coverage", "q.yaml")
    assert coverage.exit_code == 0, coverage.output


def test_the_words_of_every_question_do_not_decide_the_ranking():
    library = load_positions_only(FIXTURES / "library")
    suggester = Suggester(library)
    assert suggester.rank("What are your views? Please explain your answer.") == []


def _s(score: float, pid: str = "p", terms: tuple[str, ...] = ("x", "y"), **kw) -> Suggestion:
    from lga_draft.library.model import Position

    kw.setdefault("coverage", 1.0)
    return Suggestion(Position.model_construct(id=pid), score, terms=terms, **kw)


def test_cut_off_keeps_a_handful_on_the_topic_relative_to_the_best():
    ranked = [
        _s(20, "a"),
        _s(12, "b"),
        _s(8.5, "c"),
        _s(7.9, "d"),
        _s(8.1, "e"),
        _s(8.0, "f"),
        _s(9, "g"),
    ]
    assert _ids(cut(ranked)) == ["a", "b", "c", "e"]  # top 5, then >= 40% of 20 = 8
    # no fixed score: a small library's clear winner stays, however low it scores
    assert _ids(cut([_s(2.2, "pay"), _s(0.5, "other")])) == ["pay"]
    # one shared word is not a topic: off-topic matches are dropped before the floor is taken
    one_word = [_s(30, "loud", terms=("care",)), _s(6, "quiet"), _s(2, "low")]
    assert _ids(cut(one_word)) == ["quiet"]
    # ... unless the question names a tag the position carries, or it answered a like question
    assert _ids(
        cut(
            [
                _s(5, "t", terms=(), direct=True),
                _s(4, "q", terms=(), answered="Q?", answered_words=2),
            ]
        )
    ) == [
        "t",
        "q",
    ]
    assert _ids(cut([_s(5, "one", terms=("fluoridation",))], need=1)) == ["one"]
    # two shared words that are the question's commonest are not its topic
    assert _ids(cut([_s(9, "common", coverage=0.1), _s(3, "rare", coverage=0.6)])) == ["rare"]
    # ... but one that outscores a kept position, sharing its words and half the coverage asked,
    # is not dropped below it (an officer's "cost of inaction" inquiry lost the funding position)
    point, kept = _s(16, "point", coverage=0.3), _s(8, "kept", coverage=0.4)
    assert _ids(cut([point, _s(10, "thin", terms=("a", "b"), coverage=0.1), kept])) == [
        "point",
        "kept",
    ]
    assert _ids(cut([point, _s(12, "on"), kept])) == ["point", "on", "kept"]
    # ... and none ranked below the last kept one comes back
    assert _ids(cut([_s(16, "on"), _s(9, "below", coverage=0.3)])) == ["on"]
    assert cut([]) == []
    assert cut(ranked, limit=0) == []


def test_a_form_field_gets_no_suggestion_and_a_department_question_does():
    library = load_positions_only(ROOT)
    suggester = Suggester(library, learn=False)
    assert suggester.suggest("What is your name?") == []
    assert suggester.suggest("What is your email address?") == []
    found = _ids(suggester.suggest("How can we recruit and retain care workers?"))
    assert "care-worker-pay" in found[:2], found


def test_scores_of_named_positions_include_unmatched_ones():
    library = load_positions_only(FIXTURES / "library")
    ids = ["pooled-budgets-original-aims", "prevention-first", "old-prevention"]
    scores = Suggester(library).scores("pooled budgets", ids)
    assert scores["pooled-budgets-original-aims"] > 3
    assert scores["prevention-first"] == 0.0 and scores["old-prevention"] == 0.0


def test_bundled_library_answers_a_real_question():
    library = load_positions_only(ROOT)
    question = "Should the public health grant be restored after years of cuts?"
    found = Suggester(library).suggest(question)
    assert found[0].position.id == "public-health-grant"
    assert 1 <= len(found) <= 5
    assert all(s.score >= found[0].score * 0.4 for s in found)


# ---- the command


def test_suggest_question_table(cli):
    question = "Should pooled budgets return to their aims?"
    result = cli("--library", LIB, "suggest", "--question", question)
    assert result.exit_code == 0, result.output
    assert "pooled-budgets-original-aims" in result.stdout
    assert "tags pooled-budgets" in result.stdout
    assert "score" in result.stdout and "why" in result.stdout


def test_suggest_question_json(cli):
    question = "How should prevention be funded?"
    result = cli("--library", LIB, "suggest", "--question", question, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (q,) = data["questions"]
    assert q["number"] is None and q["text"] == "How should prevention be funded?"
    first = q["suggestions"][0]
    assert first["id"] == "prevention-first"
    assert set(first) == {
        "id",
        "title",
        "score",
        "status",
        "tags",
        "aliases",
        "terms",
        "answered",
        "close",
        "why",
    }
    assert first["tags"] == ["prevention"]


def test_suggest_for_every_question_of_a_consultation(cli):
    result = cli("--library", LIB, "suggest", FIXTURES / "consultation.yaml", "--json")
    assert result.exit_code == 0, result.output
    questions = json.loads(result.stdout)["questions"]
    assert [q["number"] for q in questions] == ["1", "2a", "3"]
    assert questions[1]["suggestions"][0]["id"] == "pooled-budgets-original-aims"
    table = cli("--library", LIB, "suggest", FIXTURES / "consultation.yaml")
    assert "Question 2a: What role for pooled budgets" in table.stdout


def test_suggest_with_nothing_good_enough(cli):
    result = cli("--library", LIB, "suggest", "--question", "What is your postcode?")
    assert result.exit_code == 1
    assert "no position matches well enough (try --all)" in result.stderr


def test_suggest_needs_one_of_file_or_question(cli):
    neither = cli("--library", LIB, "suggest")
    assert neither.exit_code == 2
    message = 'give a consultation file or --question "TEXT", not both or neither'
    assert neither.stderr.strip() == message
    both = cli("--library", LIB, "suggest", FIXTURES / "consultation.yaml", "--question", "x")
    assert both.exit_code == 2


def test_suggest_all_ignores_the_cut_off(cli):
    cut_ = json.loads(cli("--library", LIB, "suggest", "-q", "care", "--json").stdout)
    everything = json.loads(
        cli("--library", LIB, "suggest", "-q", "care", "--all", "-n", "10", "--json").stdout
    )
    shown = everything["questions"][0]["suggestions"]
    assert len(shown) >= len(cut_["questions"][0]["suggestions"])


def test_questions_the_library_has_nothing_on_get_nothing():
    """A position sharing a question's commonest words ("young", "adults") is not an answer: the
    words it shares must carry a good share of the question's topic, weighed by rarity."""
    suggester = Suggester(load_positions_only(ROOT), learn=False)
    for question in [
        "Has the ban on displaying cigarettes in shops reduced smoking by young adults?",
        "How can potholes on local roads be repaired more quickly?",
        "What should the opening hours of public libraries be?",
        # "ensure", "set" and "up" are the words of questions, not their subject (an officer found
        # NHS procurement, which "must keep it level", answering this on "ensure, levelling, up")
        "Should the Government ensure that Oflog supports the set aims of levelling up, and how?",
        # "against" is a function word: an officer found water fluoridation answering this on
        # "objectives" and "against" in an inquiry on employment support for carers
        "What were the objectives for the pilots and how have they performed against those "
        "objectives?",
        # "innovative" describes the approach asked about, it names no subject (an officer found
        # the digital innovation position answering a question on responses to drugs by it)
        "What innovative approaches are taken to reduce loneliness among older residents?",
    ]:
        assert suggester.suggest(question) == [], question
    found = suggester.suggest("Should the public health grant be restored after years of cuts?")
    assert found[0].position.id == "public-health-grant" and found[0].coverage > 0.5


def test_a_word_finds_the_words_of_its_family_the_stemmer_parts(tmp_path):
    """Porter stems "financial" to financi and "finance" to financ: a question in one word finds
    positions in the other, the very word first; short stems ("count", "county") stay apart."""
    titles = {
        "finance": "Council finance reserves",
        "financial": "Council financial reserves",
        "county": "County boundaries review",
        "roads": "Local roads repairs",
        "libraries": "Public libraries opening",
        "schools": "School places planning",
    }
    positions = {f"positions/{k}.yaml": position(id=k, title=t) for k, t in titles.items()}
    index = Index.build(load_positions_only(make_library(tmp_path / "lib", positions)))
    assert _hit_ids(index.search("financial pressures")) == ["financial", "finance"]
    assert _hit_ids(index.search("pressures on finances")) == ["finance", "financial"]
    assert _hit_ids(index.search("Who do we count?")) == []


def _hit_ids(hits):
    return [h.position.id for h in hits]


def _shortages_library(tmp_path):
    positions = {
        "positions/care.yaml": position(
            id="care-shortages",
            title="Shortages of care workers",
            tags=["care"],
            lead="Care providers cannot fill their vacancies.",
            body="Social care workers leave for better pay in retail.",
        ),
        "positions/nurses.yaml": position(
            id="nurse-shortages",
            title="Shortages of nurses",
            tags=["health"],
            lead="Hospitals cannot fill their vacancies.",
            body="Hospital nurses leave for agencies and for work abroad.",
        ),
    }
    return load_positions_only(make_library(tmp_path / "lib", positions))


def test_a_question_is_read_in_the_light_of_its_consultations_title(tmp_path):
    library = _shortages_library(tmp_path)
    question = "What is the extent of current shortages?"
    on_care = Suggester(library, context="Adult social care: the workforce").rank(question)
    on_nursing = Suggester(library, context="Hospital nurses and the NHS").rank(question)
    assert _ids(on_care)[0] == "care-shortages"
    assert _ids(on_nursing)[0] == "nurse-shortages"
    assert on_care[0].score > on_care[1].score
    assert "matches the title" in on_care[0].why and "matches the title" not in on_care[1].why


def test_positions_of_the_topic_a_question_is_about_rank_higher(tmp_path, monkeypatch):
    import lga_draft.suggest.suggest as suggest_module

    positions = {
        f"positions/{pid}.yaml": position(id=pid, title=title, tags=[tag], lead=lead, body=body)
        for pid, title, tag, lead, body in [
            ("levy", "A care levy", "care-funding", "A levy on estates.", "It raises money."),
            ("precept", "The precept", "care-funding", "The precept falls short.", "Tax rises."),
            ("grant", "A national grant", "care-funding", "Share money by need.", "Fairly."),
            ("smoke", "Smoke-free estates", "health", "Housing estates free of smoke.", "Air."),
        ]
    }
    library = load_positions_only(make_library(tmp_path / "lib", positions))
    question = "Should a levy, the precept or a grant pay for care, and what of estates?"
    suggester = Suggester(library)
    topics = suggester._topics(question)
    assert topics["care-funding"] > 2 * topics.get("health", 0.0)  # the three hold it together
    with_topics = {s.position.id: s.score for s in suggester.rank(question)}
    monkeypatch.setattr(suggest_module, "TOPIC_POINTS", 0.0)
    without = {s.position.id: s.score for s in Suggester(library).rank(question)}
    gain = {pid: with_topics[pid] - without[pid] for pid in without}
    assert min(gain[p] for p in ("levy", "precept", "grant")) > gain["smoke"]
    by_id = {s.position.id: s for s in suggester.rank(question)}
    assert by_id["levy"].topic == "care-funding" and "topic care-funding" in by_id["levy"].why


def test_a_titles_genre_and_date_are_not_its_subject(tmp_path):
    positions = {
        "positions/evidence.yaml": position(
            id="evidence-base",
            title="Build the evidence base",
            lead="Councils need evidence of what works.",
            body="A call for better evidence on prevention.",
        ),
        "positions/care.yaml": position(
            id="care-pay", title="Pay care workers", lead="Care workers deserve fair pay."
        ),
    }
    library = load_positions_only(make_library(tmp_path / "lib", positions))
    question = "How should care workers be paid?"
    genre = Suggester(library, context="Call for evidence, June 2018").rank(question)
    assert not any("matches the title" in s.why for s in genre)
    subject = Suggester(library, context="Call for evidence: the care workforce").rank(question)
    assert "matches the title" in {s.position.id: s for s in subject}["care-pay"].why


def _held(tmp_path, bodies: dict[str, str], words: str) -> dict[str, list[str]]:
    """Each word of `words` -> the positions (one per body, named by its key) that hold it."""
    positions = {
        f"positions/{k}.yaml": position(id=k, title=k.title(), body=b) for k, b in bodies.items()
    }
    index = Index.build(load_positions_only(make_library(tmp_path / "lib", positions)))
    return {
        word: sorted(p.id for i, p in enumerate(index.positions) if stem in index.stems(i))
        for word, stem in stem_words(words)
    }


def test_a_hyphenated_word_is_held_only_where_its_words_stand_together(tmp_path):
    """ "levelling-up" is not found in a position that says "level" in one place and "up" in
    another ("the most local level", "up to date"); "well-being" is found where it is written
    "wellbeing", and "long-term" where it is written "long term"."""
    bodies = {
        "scattered": "Decisions at the most local level. Keep the data up to date.",
        "together": "Levelling up needs money that councils can plan with.",
        "closed": "Wellbeing matters as much as treatment, over the long term.",
    }
    held = _held(tmp_path, bodies, "levelling-up well-being long-term")
    assert held == {"levelling-up": ["together"], "well-being": ["closed"], "long-term": ["closed"]}


def test_a_hyphenated_word_with_a_stopword_or_closed_up_is_held_as_written(tmp_path):
    """The phrase of "out-of-hospital" keeps its "of" (the index holds every word), and
    "multi-agency" is held where written "multiagency" (the stem of the word closed up, not of
    its stems run together: "multiagenc" is no stem of the index)."""
    bodies = {
        "community": "More care out of hospital, closer to home.",
        "partners": "A multiagency approach to safeguarding.",
        "apart": "Out in the community; the hospital is one partner; an agency of many.",
    }
    held = _held(tmp_path, bodies, "out-of-hospital multi-agency")
    assert held == {"out-of-hospital": ["community"], "multi-agency": ["partners"]}


def test_the_words_of_a_phrase_naming_a_tag_are_the_tags(tmp_path):
    """An officer's reading of the First 1000 days inquiry: a reablement position ("the first
    days after leaving hospital") was suggested for "spending on services covering the First 1000
    Days", the question's "first" and "days" putting it on the topic. Those words belong to the
    phrase naming the tag: held by positions carrying the tag, or holding the phrase, only."""
    tags = {
        "early-years": {"description": "Early years", "aliases": ["first 1000 days"]},
        "care": {"description": "Care"},
    }
    positions = {
        "positions/babies.yaml": position(
            id="babies", tags=["early-years"], title="Babies", body="Health visiting services."
        ),
        "positions/phrase.yaml": position(
            id="phrase", title="Spending", body="Public services spending in the first 1000 days."
        ),
        "positions/apart.yaml": position(
            id="apart",
            title="Reablement",
            body="Reablement services in the first days after hospital, within two days.",
        ),
    }
    library = load_positions_only(make_library(tmp_path / "lib", positions, **{"tags.yaml": tags}))
    question = "Recent public spending on services covering the First 1000 Days."
    ranked = {s.position.id: s for s in Suggester(library).rank(question)}
    assert "first" not in ranked["apart"].terms and "days" not in ranked["apart"].terms
    assert {"first", "days"} <= set(ranked["phrase"].terms)
    kept = [s.position.id for s in Suggester(library).suggest(question)]
    assert "apart" not in kept and {"babies", "phrase"} <= set(kept)


def test_a_word_naming_a_tag_by_itself_is_not_bound_to_a_longer_phrase(tmp_path):
    """ "workforce" in "the care workforce" names the workforce tag by itself: a position on
    workforce planning holds it, though it carries neither tag nor says "care workforce"."""
    tags = {
        "care-workforce": {"description": "Care staff", "aliases": ["care workforce"]},
        "workforce": {"description": "Staff"},
        "care": {"description": "Care"},
    }
    positions = {
        "positions/plan.yaml": position(id="plan", body="Workforce planning across the system."),
        "positions/other.yaml": position(id="other", body="Care homes and hospitals."),
    }
    library = load_positions_only(make_library(tmp_path / "lib", positions, **{"tags.yaml": tags}))
    ranked = {s.position.id: s for s in Suggester(library).rank("Who plans the care workforce?")}
    assert "workforce" in ranked["plan"].terms


def test_a_possessive_is_the_word_it_belongs_to():
    """ "local authorities' services ... local authorities" is one word "authorities", not two:
    counted twice, it made a position on council finance share two of the question's words."""
    words = stem_words("Are local authorities' services enough for local authorities? A care- plan")
    assert [w for w, _ in words] == ["local", "authorities", "services", "enough", "care", "plan"]


def test_councils_are_the_subject_of_every_position_not_of_the_question(tmp_path):
    """A local government library speaks of councils throughout: "local authorities" in a
    question does not put a position on its topic, what the question asks of them does."""
    positions = {
        "positions/finance.yaml": position(
            id="council-finance",
            title="Local authority funding",
            lead="Local authorities need a sustained rise in their funding.",
            body="Local authorities cannot plan on one-year settlements.",
        ),
        "positions/children.yaml": position(
            id="childrens-services",
            title="Children's services first",
            lead="Children's services face a funding gap.",
            body="Safeguarding and the statutory duties of children's services come first.",
        ),
        "positions/digital.yaml": position(
            id="digital", title="Digital skills", lead="Staff need digital skills."
        ),
    }
    library = load_positions_only(make_library(tmp_path / "lib", positions))
    question = (
        "Is the funding for local authorities' children's services sufficient to enable "
        "local authorities to fulfil their statutory duties?"
    )
    suggester = Suggester(library)
    assert _ids(suggester.rank(question))[0] == "childrens-services"
    assert _ids(suggester.suggest(question)) == ["childrens-services"]


def test_the_document_a_question_is_asked_in_is_not_its_subject(tmp_path):
    """An officer's reading: a prevention green paper's last question, "... in addition to those
    set out in the green paper ...", drew the positions on reforming care, whose tag has the alias
    "green paper" and whose text recalls the social care green paper, over those on prevention."""
    tags = {**TAGS, "care-reform": {"description": "Care reform", "aliases": ["green paper"]}}
    positions = {
        "positions/reform.yaml": position(
            id="care-reform-plan",
            title="A plan to reform care",
            tags=["care-reform"],
            lead="The long-delayed green paper on care must set out a funded plan for reform.",
            body="Uncertainty over the green paper has held back planning for the future.",
        ),
        "positions/prevention.yaml": position(
            id="prevention-first",
            title="Put prevention first",
            tags=["health"],
            lead="Future policy should put prevention of ill health first.",
            body="Prevention policy needs funding that lasts.",
        ),
    }
    library = load_positions_only(make_library(tmp_path / "lib", positions, **{"tags.yaml": tags}))
    suggester = Suggester(library)
    for asked in (
        "What should future prevention policy cover, beyond this green paper?",
        "What should future prevention policy cover, beyond the white paper?",
    ):
        ranked = suggester.rank(asked)
        assert _ids(ranked)[0] == "prevention-first", asked
        assert all(not s.tags and not s.aliases for s in ranked), asked
    # a green paper named by its subject is still a subject
    named = suggester.rank("When will the green paper on care be published, and will it be funded?")
    assert _ids(named)[0] == "care-reform-plan" and named[0].aliases == ("green paper",)


def test_a_kind_of_document_a_question_asks_about_is_not_its_subject(tmp_path):
    """An officer's reading: the prevention green paper asked "What would you like to see included
    in a call for evidence on musculoskeletal health?", which no position answers; the words of
    "call for evidence" put on its topic every position citing evidence on health."""
    positions = {
        "positions/appraisal.yaml": position(
            id="appraisal",
            title="Better appraisal of prevention",
            lead="Build the evidence on what prevention returns for health.",
            body="Evidence of social return should inform health spending.",
        ),
        "positions/care.yaml": position(id="care-pay", title="Pay care workers fairly"),
    }
    suggester = Suggester(load_positions_only(make_library(tmp_path / "lib", positions)))
    asked = "What would you like to see included in a call for evidence on musculoskeletal health?"
    assert _ids(suggester.suggest(asked)) == []
    assert all("evidence" not in s.terms and "call" not in s.terms for s in suggester.rank(asked))
    # evidence asked about in other words is still the question's subject
    found = suggester.rank("What evidence is there of the return on health prevention?")
    assert "evidence" in found[0].terms and _ids(found)[0] == "appraisal"


def test_the_verb_by_which_answers_inform_the_departments_work_is_not_the_subject(tmp_path):
    """An officer's reading (MHCLG, local authority funding reform, 2024): "Do you agree that the
    suggested principles should inform our approach to updating local authority funding
    allocations?" drew five data sharing positions, the stemmer reading "inform" as "information";
    the funding position was sixth. Informing the public is still a subject."""
    positions = {
        "positions/data.yaml": position(
            id="data-principles",
            title="Share data on common principles",
            lead="Information sharing should rest on common principles.",
            body="People want their information shared safely.",
        ),
        "positions/funding.yaml": position(
            id="funding-reform",
            title="Reform council funding",
            lead="Funding allocations to local authorities are out of date.",
            body="Updating them should come with certainty.",
        ),
    }
    suggester = Suggester(load_positions_only(make_library(tmp_path / "lib", positions)))
    asked = (
        "Do you agree that the suggested principles should inform our approach to updating local "
        "authority funding allocations?"
    )
    assert _ids(suggester.suggest(asked)) == ["funding-reform"]
    assert all("inform" not in s.terms for s in suggester.rank(asked))
    public = suggester.rank("How should councils inform the public about data sharing?")
    assert _ids(public)[0] == "data-principles" and "inform" in public[0].terms
    # whoever's the people are: "our", "its" and "these" also begin the department's work
    for people in ("our residents", "its residents", "these families", "policy makers"):
        asked = f"How should councils inform {people} about data sharing?"
        assert "inform" in suggester.rank(asked)[0].terms, asked
    # and the work still is not: "our approach" as before, "policy on carers" as well
    for work in ("our approach to", "policy on", "these decisions on"):
        asked = f"Should the principles inform {work} funding allocations?"
        assert all("inform" not in s.terms for s in suggester.rank(asked)), asked


def test_what_an_inquiry_has_learned_is_not_a_subject(tmp_path):
    """An officer's reading (Public Accounts Committee, supporting local economic growth, 2022):
    "whether current plans ... apply lessons learned from previous programmes" drew the learning
    disability position first, the stemmer reading "learned" as "learning". Learning disability
    asked about is still the subject."""
    positions = {
        "positions/ld.yaml": position(
            id="learning-disability",
            title="Support for people with a learning disability",
            lead="People with a learning disability need plans that apply across health and care.",
            body="Learning disability standards should apply to social care too.",
        ),
        "positions/pay.yaml": position(id="care-pay", title="Pay care workers fairly"),
    }
    suggester = Suggester(load_positions_only(make_library(tmp_path / "lib", positions)))
    for asked in (
        "Do current plans for local economic recovery apply lessons learned from past programmes?",
        "What lessons can be learnt from previous local growth plans that apply today?",
    ):
        assert _ids(suggester.suggest(asked)) == [], asked
        assert all(
            "learned" not in s.terms and "learnt" not in s.terms for s in suggester.rank(asked)
        )
    found = suggester.suggest("How should people with a learning disability be supported?")
    assert _ids(found) == ["learning-disability"] and "learning" in found[0].terms


def test_place_in_an_idiom_names_no_tag(tmp_path):
    """An officer's reading (Public Accounts Committee, supporting local economic growth, 2022):
    "whether government is putting in place effective plans for monitoring ..." named the place
    and neighbourhood tag by its alias "place", and "What arrangements are in place to monitor
    hospital discharge?" drew a neighbourhood position. Place-based working asked about still
    names it."""
    tags = {**TAGS, "place": {"description": "Place and neighbourhood", "aliases": ["place"]}}
    positions = {
        "positions/hood.yaml": position(
            id="neighbourhood",
            title="Neighbourhood working",
            tags=["place"],
            lead="Monitoring works best at place and neighbourhood level.",
            body="Plans for each place should be built with councils.",
        ),
        "positions/discharge.yaml": position(
            id="discharge",
            title="Hospital discharge",
            lead="Hospital discharge should be monitored by outcomes.",
        ),
    }
    root = make_library(tmp_path / "lib", positions, **{"tags.yaml": tags})
    suggester = Suggester(load_positions_only(root))
    for asked in (
        "What arrangements are in place to monitor hospital discharge?",
        "Are effective plans being put in place to monitor hospital discharge?",
        "What changes have taken place in hospital discharge, and are they monitored?",
    ):
        assert _ids(suggester.suggest(asked)) == ["discharge"], asked
        assert all(not s.tags and "place" not in s.terms for s in suggester.rank(asked)), asked
    named = suggester.suggest("How should monitoring work at place level?")
    assert _ids(named)[0] == "neighbourhood" and named[0].tags == ("place",)
    assert "place-based" in without_own_document("What should be in place-based plans?")
    assert "in places" in without_own_document("Are services different in places?")


def test_practice_in_an_idiom_is_not_general_practice(tmp_path):
    """An officer's reading of a select committee's inquiry into the future of general practice
    (2021): positions citing "good practice", putting plans "into practice" or saying what
    happens "in practice" were suggested for its questions, and two of the draft's six key
    messages matched its title, "The future of general practice", by those idioms alone. GP
    practices and general practice itself still match; a question asking for good practice still
    finds a position citing it, by "good"."""
    positions = {
        "positions/offer.yaml": position(
            id="offer",
            title="Councils' offer on health",
            lead="Councils will share good practice and put plans into practice with partners.",
            body="In practice, joint plans are not always used as well as they could be.",
        ),
        "positions/gps.yaml": position(
            id="gps",
            title="Working with GP practices",
            lead="General practice needs a sustainable model, with teams built around practices.",
        ),
        "positions/other.yaml": position(
            id="other", title="Council funding", lead="Councils need funding for the long term."
        ),
    }
    root = make_library(tmp_path / "lib", positions)
    suggester = Suggester(load_positions_only(root))
    asked = "How can the model of general practice be made sustainable in the long term?"
    assert all("practice" not in s.terms for s in suggester.rank(asked) if s.position.id == "offer")
    assert _ids(suggester.suggest(asked))[0] == "gps"
    assert "offer" not in _ids(suggester.suggest(asked))
    good = suggester.rank("Where is there good practice in joint planning?")
    assert good[0].position.id == "offer" and "good" in good[0].terms
    assert without_own_document("Is there good practice here?") == "Is there good here?"
    # nor does a paragraph citing good practice go to the answer on general practice
    scores = rank_paragraphs("Is general practice sustainable?", ["We share good practice.", "x"])
    assert scores == [0.0, 0.0]


def test_account_for_as_a_verb_is_not_a_care_account(tmp_path):
    """An officer's reading of the consultation on operational guidance for the cap on care
    costs (2022): "How care accounts will be managed" was suggested the positions quoting a market
    share ("two suppliers account for over 80 per cent") and a share of spending ("accounted for
    by"), since the stemmer reads them as the same word. The care account itself still matches."""
    positions = {
        "positions/market.yaml": position(
            id="market",
            title="Fix the case systems market",
            lead="Two suppliers account for over 80 per cent of the care systems market.",
            body="Procurement accounted for by education is about 8 per cent of spending.",
        ),
        "positions/cap.yaml": position(
            id="cap",
            title="Make the cap on care costs workable",
            lead="Each person needs a care account for their progress towards the cap.",
        ),
        "positions/other.yaml": position(
            id="other", title="Council funding", lead="Councils need funding for the long term."
        ),
    }
    root = make_library(tmp_path / "lib", positions)
    suggester = Suggester(load_positions_only(root))
    asked = "How will care accounts be managed?"
    market = next(s for s in suggester.rank(asked) if s.position.id == "market")
    assert "accounts" not in market.terms
    assert _ids(suggester.suggest(asked)) == ["cap"]
    assert without_idioms("They account for 8 per cent.") == "They for 8 per cent."
    assert without_idioms("a care account for each person") == "a care account for each person"
    # "social care" is no care account: the commonest sentence of a council's budget is the idiom
    assert without_idioms("Adult social care accounts for 40 per cent.") == (
        "Adult social care for 40 per cent."
    )
    assert without_idioms("take into account for example") == "take into account for example"
    # with no word just before it: after a comma, in brackets, opening the text (a second reader)
    assert without_idioms("The largest budget, accounting for 40 per cent.") == (
        "The largest budget, for 40 per cent."
    )
    assert without_idioms("(accounts for 8 per cent)") == "(for 8 per cent)"
    assert without_idioms("Accounts for 8 per cent.") == "for 8 per cent."


def _mothers_library(tmp_path):
    positions = {
        "positions/carers.yaml": position(
            id="carers-story",
            title="A system carers can find their way around",
            lead="Carers need a system they can navigate.",
            body="A resident's elderly mother visits her daily and finds the system confusing.",
        ),
        "positions/smoking.yaml": position(
            id="stop-smoking",
            title="Stop smoking services",
            tags=["health"],
            lead="Stop smoking services must be funded.",
            body="Smoking remains the largest cause of preventable death.",
        ),
    }
    for n, subject in enumerate(["roads", "libraries", "parks", "housing", "waste", "planning"]):
        positions[f"positions/other{n}.yaml"] = position(
            id=f"other-{subject}",
            title=f"Fund {subject}",
            lead=f"Councils need money for {subject}.",
            body=f"Spending on {subject} has fallen.",
        )
    return Suggester(load_positions_only(make_library(tmp_path / "lib", positions)))


def test_a_short_questions_commoner_word_alone_does_not_answer_it(tmp_path):
    """An officer's reading: "How can we do more to support mothers to breastfeed?" was answered
    with a care position whose story mentions a resident's mother: of a question's two topic
    words, the one no position holds is its subject, and sharing the other is not enough."""
    suggester = _mothers_library(tmp_path)
    assert _ids(suggester.suggest("How can we help mothers to breastfeed?")) == []
    # the weightier word held, or the only one, is still an answer
    assert "stop-smoking" in _ids(suggester.suggest("How can we help mothers who smoke?"))
    assert _ids(suggester.suggest("What help do mothers need?")) == ["carers-story"]


def test_what_new_suggests_coverage_does_not_call_off_the_point():
    """An officer's reading: `new` suggested five positions for a question on a health programme
    and `coverage` then marked four of them "[off the point]": a position the cut-off keeps (for
    outscoring one on the topic) is on the point for both."""
    suggester = Suggester(load_positions_only(ROOT))
    for asked in (
        "How can the NHS improve its vaccination programme?",
        "How could the NHS improve its health checks programme?",
    ):
        kept = _ids(suggester.suggest(asked))
        assert kept, asked
        judged = suggester.judge(asked, [*kept, "subsidiarity"])
        assert all(judged[pid] is not None for pid in kept), asked
        assert judged["subsidiarity"] is None  # a position nowhere near it still is not


def test_a_library_of_a_few_positions_keeps_the_one_on_the_question(tmp_path):
    """A newcomer's library of one position, on the cap on care costs: "Do you agree that the cap
    on personal care costs should apply to everyone who needs care?" found nothing, though the
    position holds four of its seven topic words. Counted in a library of one, every word the
    position holds is in every position, and weighed a fifth of one it lacks."""
    positions = {
        "positions/cap.yaml": position(
            id="care-cap",
            title="Fund the cap on care costs in full",
            tags=["care"],
            lead="The cap on care costs must be funded in full by government.",
            body="Councils will meet new costs as more people who need care ask for assessments.",
        )
    }
    suggester = Suggester(load_positions_only(make_library(tmp_path / "lib", positions)))
    asked = (
        "Do you agree that the cap on personal care costs should apply to everyone who needs care?"
    )
    assert _ids(suggester.suggest(asked)) == ["care-cap"]
    # a question on another subject that shares a word with it is still not answered by it
    assert _ids(suggester.suggest("How should councils regulate tobacco displays in shops?")) == []


# ----------------------------------------------------------------------------- the consultation


class _Ranked:
    """A suggester whose ranking of each question is given: (position, score, terms, coverage)."""

    def __init__(self, library, ranking):
        self.by_id = library.by_id
        self.ranking = ranking

    def rank(self, text):
        return [
            Suggestion(self.by_id[pid], score, terms=terms, coverage=coverage)
            for pid, score, terms, coverage in self.ranking[text]
        ]

    def need(self, text):
        return 2


def _two_positions(tmp_path):
    root = make_library(
        tmp_path / "lib",
        {
            "positions/money.yaml": position(id="council-money", title="Fund councils"),
            "positions/schools.yaml": position(id="schools", title="Schools and pupils"),
        },
    )
    return load_positions_only(root)


def _new(library, ranking):
    from lga_draft.questions.importer import ImportedDocument, ImportedQuestion
    from lga_draft.questions.newfile import suggest_all

    questions = tuple(ImportedQuestion(str(i), t, f"q:{i}") for i, t in enumerate(ranking, 1))
    doc = ImportedDocument(FIXTURES / "q.txt", None, None, questions)
    return {q.number: q for q in suggest_all(doc, _Ranked(library, ranking))}


ON = ("settlement", "funding", "reform")


def test_new_names_the_other_question_a_weaker_match_was_suggested_for(tmp_path):
    """A "Do you agree ...?" question in the department's words holds too little of the funding
    position's wording to pass the cut-off; the question before it was suggested that position.
    Giving it the position was tried and measured: on the evaluation set none of 13 such
    additions was the officer's, so the weaker match stays commented out, and says where else the
    consultation draws on it."""
    library = _two_positions(tmp_path)
    planned = _new(
        library,
        {
            "How should council funding be reformed?": [("council-money", 20.0, ON, 0.9)],
            "Do you agree that the proposals sufficiently address the settlement's funding?": [
                ("council-money", 12.0, ("settlement", "funding"), 0.2),
                ("schools", 3.0, ("address",), 0.1),
            ],
        },
    )
    assert planned["2"].suggestions == ()
    money, schools = planned["2"].nearby
    assert money.position.id == "council-money" and "suggested for question 1" in money.why
    assert schools.position.id == "schools" and "suggested for" not in schools.why
    # and the question that was suggested it says nothing of the sort about itself
    (kept,) = planned["1"].suggestions
    assert "suggested for" not in kept.why


def test_a_weaker_match_named_for_another_question_is_written_as_a_comment(tmp_path):
    from lga_draft.questions.importer import ImportedDocument, ImportedQuestion
    from lga_draft.questions.newfile import consultation_yaml, suggest_all

    library = _two_positions(tmp_path)
    ranking = {
        "How should council funding be reformed?": [("council-money", 20.0, ON, 0.9)],
        "Is the settlement enough?": [("council-money", 12.0, ("settlement",), 0.1)],
    }
    questions = tuple(ImportedQuestion(str(i), t, f"q:{i}") for i, t in enumerate(ranking, 1))
    doc = ImportedDocument(FIXTURES / "q.txt", None, None, questions)
    text = consultation_yaml(
        doc,
        suggest_all(doc, _Ranked(library, ranking)),
        title="Funding",
        issued_by="MHCLG",
        template=None,
        source="q.txt",
        today=__import__("datetime").date(2026, 1, 1),
    )
    assert "      # - council-money  # 12.0: terms settlement; suggested for question 1" in text
    # a match left out may score more than one kept: the file does not call it weaker
    assert "      # left out by the cut-off (off the point, or too weak):" in text


def test_a_titles_words_for_its_genre_match_no_position(tmp_path):
    """An officer's reading of MHCLG's "Local authority funding reform: objectives and principles":
    the data sharing positions, whose titles speak of principles, matched the title and gained its
    points on every question."""
    root = make_library(
        tmp_path / "lib",
        {
            "positions/data.yaml": position(
                id="data-principles",
                title="Agree principles for sharing data",
                lead="Common principles would let partners share data safely.",
            ),
            "positions/money.yaml": position(
                id="funding-reform",
                title="Reform how councils are funded",
                lead="Local authority funding needs reform that lasts.",
            ),
        },
    )
    library = load_positions_only(root)
    title = "Local authority funding reform: objectives and principles"
    asked = "What data should funding reform use?"

    def scores(context):
        return {s.position.id: s.score for s in Suggester(library, context=context).rank(asked)}

    titled, untitled = scores(title), scores("")
    assert titled["funding-reform"] > untitled["funding-reform"]  # the title's subject counts
    assert titled["data-principles"] == untitled["data-principles"]  # its genre does not
