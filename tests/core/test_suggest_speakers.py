"""One test per error class the PolNeAR evaluation showed (issue 13), on sentences written here."""

from __future__ import annotations

import pytest

from annotator.core.quotemarks import DOUBLE, OPENERS, SINGLE, in_quotes, quote_type
from annotator.core.suggest.cues import is_verb_use
from annotator.core.suggest.quotes import find_quotations
from annotator.core.suggest.suggester import Suggestion, suggest


def _quotes(sugs: list[Suggestion]) -> list[Suggestion]:
    return [s for s in sugs if s.label == "QUOTE"]


def _attrs_of(sugs: list[Suggestion], quote: Suggestion) -> list[Suggestion]:
    return sorted((s for s in sugs if quote.id in s.links), key=lambda s: -s.confidence)


def _speaker(sugs: list[Suggestion], quote: Suggestion) -> str | None:
    attrs = _attrs_of(sugs, quote)
    return attrs[0].attributes["source"] if attrs else None


def _speakers(text: str) -> list[str | None]:
    """Speakers of the direct quotes, in order."""
    sugs = suggest(text)
    return [_speaker(sugs, q) for q in _quotes(sugs) if q.attributes["type"] == "direct"]


# --- pronouns and short forms -------------------------------------------------------------


def test_he_means_the_last_speaker_not_the_man_he_spoke_of():
    text = (
        "Council leader Omar Haddad said he had written to Transport Secretary Paul Grant about the bridge.\n"
        "\u201cWe need an answer by Friday,\u201d he said."
    )
    assert _speakers(text) == ["Omar Haddad"]


def test_pronoun_agrees_in_gender_with_first_names():
    text = (
        "Maria Lopez and Daniel Brooks met the families on Tuesday.\n"
        "\u201cThey deserve better,\u201d she said.\n"
        "\u201cWe will be back next week,\u201d he said."
    )
    assert _speakers(text) == ["Maria Lopez", "Daniel Brooks"]


def test_he_is_never_a_country_or_a_weekday():
    text = "Ravi Mehta flew to Canada on Monday.\n\u201cIt was worth every hour,\u201d he said."
    assert _speakers(text) == ["Ravi Mehta"]
    text = "Ravi Mehta spoke in Florida Friday.\n\u201cIt was worth every hour,\u201d he said."
    assert _speakers(text) == ["Ravi Mehta"]


def test_possessives_and_objects_are_not_what_he_refers_to():
    text = (
        "Lena Park runs the shelter. Its founder, Victor Hale, left in May.\n"
        "Simon Ode criticised Victor Hale's plan. \u201cIt was never costed,\u201d he said."
    )
    assert _speakers(text) == ["Simon Ode"]


def test_it_means_an_organisation():
    text = (
        "Elena Ortiz chairs the Harbour Authority.\n"
        "The Harbour Authority said the pier would reopen. \u201cSafety comes first,\u201d it said."
    )
    sugs = suggest(text)
    (q,) = _quotes([s for s in sugs if s.attributes.get("type") == "direct"])
    (attr,) = _attrs_of(sugs, q)
    assert attr.attributes["source"] == "Harbour Authority" and attr.attributes["source_kind"] == "organization"


def test_a_headline_in_title_case_names_nobody():
    text = "Mayor Grace Obi Defends Budget Against Council Critics\n\n\u201cThe numbers add up,\u201d she said."
    assert _speakers(text) != ["Budget Against Council Critics"]


# --- sentence boundaries and noun phrases ---------------------------------------------------


def test_no_source_from_the_next_sentence_after_a_quote_that_ends_its_own():
    text = 'Lagos Mensah spoke first. "We will not back down." The agency said the talks had ended without a deal.'
    sugs = suggest(text)
    direct = [q for q in _quotes(sugs) if q.attributes["type"] == "direct"]
    assert all(_speaker(sugs, q) != "agency" and "agency" not in (_speaker(sugs, q) or "") for q in direct)


def test_the_source_is_the_noun_phrase_not_the_clause_before_it():
    text = "In closing, the CNN host said, \u201cGoodnight and good luck.\u201d"
    assert _speakers(text) == ["the CNN host"]
    text = "As a phone rang, the announcer said, \u201cIt is three in the morning.\u201d"
    assert _speakers(text) == ["the announcer"]
    text = "\u201cWe print what we can prove,\u201d the daily said in an editorial."
    assert _speakers(text) == ["the daily"]


def test_an_appositive_after_the_name_leaves_the_name():
    text = "Kerr Putney, the city's police chief, said: \u201cThe footage does not settle it.\u201d"
    assert _speakers(text) == ["Kerr Putney"]


def test_a_participle_takes_the_subject_of_its_clause():
    text = "Sanders spoke for an hour on Friday, saying, \u201cNobody here wants that debate again.\u201d"
    sugs = suggest(text)
    (q,) = _quotes(sugs)
    (attr,) = _attrs_of(sugs, q)
    assert attr.attributes["source"] == "Sanders" and attr.attributes["cue"] == "saying"


def test_titles_and_places_after_a_name_are_trimmed():
    text = '"This is a waste of time," said Del. Stacey Plaskett of the Virgin Islands.'
    assert _speakers(text) == ["Stacey Plaskett"]
    text = "Sen. Claire Morton (D-Mo.) told him: \u201cThe science is against you.\u201d"
    assert _speakers(text) == ["Claire Morton"]


def test_a_signed_quote_after_a_dash():
    text = "\u201cHe does not speak for me.\u201d \u2015 Pamela Ruiz"
    sugs = suggest(text)
    (q,) = _quotes(sugs)
    (attr,) = _attrs_of(sugs, q)
    assert attr.attributes["source"] == "Pamela Ruiz" and attr.attributes["cue"] == "\u2015"


def test_a_paragraph_ending_with_a_colon_introduces_the_next_quote():
    text = 'Ruth Caddell continued:\n\n"The health issue is a partisan issue, and the numbers show it."'
    assert _speakers(text) == ["Ruth Caddell"]


def test_transcript_lines_name_their_speakers():
    text = (
        'Partial transcript as follows:\n\n"HOST: Will she be there tomorrow?\n\n'
        '"GUEST: She will not be attending.\n\n"HOST: Thank you."'
    )
    assert _speakers(text) == ["HOST", "GUEST", "HOST"]


# --- agencies ---------------------------------------------------------------------------------


def test_agency_reporting_credits_the_person_and_chains_the_agency():
    text = 'Minister Wang Lihua was quoted by Xinhua as saying that the talks would "open a new chapter".'
    sugs = suggest(text)
    (q,) = _quotes(sugs)
    person, agency = _attrs_of(sugs, q)
    assert person.attributes["source"] == "Wang Lihua" and person.attributes["source_kind"] == "person"
    assert agency.attributes == {"source": "Xinhua", "cue": "quoted by", "source_kind": "media"}
    assert text[agency.fragments[0][0] : agency.fragments[0][1]] == "Xinhua"


# --- cues ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cue",
    [
        ('Critics called the plan "a blank cheque for developers".', "called"),
        ('Residents referred to the tower as "the filing cabinet".', "referred to"),
        ('Ortiz boasted that the bridge was "ahead of schedule".', "boasted"),
        ('Ortiz vowed that the bridge would open "before the first snow".', "vowed"),
        ('Unions criticized the council for its "secret deals".', "criticized"),
    ],
)
def test_cue_lexicon_covers_what_attribution_corpora_annotate(text, cue):
    sugs = suggest(text)
    assert [s.attributes["cue"] for s in sugs if s.label == "ATTRIBUTION"] == [cue]


@pytest.mark.parametrize(
    "text",
    [
        "The claims were false, and several states voted against the plan.",
        "Voters in battleground states could decide the race.",
        "The Post has learned that the mayor's plans changed.",
        "Trump's comments came as the campaign faced tough questions about its tweets.",
        "The so-called \u201cpeace plan\u201d was unveiled last week.",
    ],
)
def test_nouns_are_never_cues(text):
    assert [s for s in suggest(text) if s.label == "ATTRIBUTION"] == []


def test_verb_use_is_judged_from_the_neighbours():
    assert is_verb_use("claims", "trump", "that", False, prev_cap=True)
    assert not is_verb_use("claims", "false", "were", False)
    assert not is_verb_use("states", "battleground", "could", False)
    assert not is_verb_use("Post", "the", "has", False)
    assert is_verb_use("stated", "the", "", False)  # an -ed form is a verb
    assert is_verb_use("said", "", "", True)


# --- wire copy --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        '(ATTN: UPDATES throughout with "strong" response from Seoul; ADDS photo)',
        '(Reporting by Jane Doe; Editing by "Sam" Lee)',
        'Editor\'s note: an earlier version misquoted the "mayor", who said nothing.',
        'FILE PHOTO: Protesters hold signs reading "No more cuts" outside the hall.',
        'Protesters hold signs reading "No more cuts" outside the hall. (AP Photo/Lee Park)',
    ],
)
def test_wire_furniture_is_not_quoted(line):
    text = f"Talks resumed on Monday, officials said.\n\n{line}\n\nThe next round is in May."
    sugs = suggest(text)
    start = text.index(line)
    assert not [s for s in sugs if s.label == "QUOTE" and start <= s.fragments[0][0] < start + len(line)]


def test_a_dateline_is_not_the_speaker():
    text = "SEOUL, Sept. 9 (Yonhap) -- North Korea said on Friday it had carried out a fifth nuclear test."
    sugs = suggest(text)
    assert [s.attributes["source"] for s in sugs if s.label == "ATTRIBUTION"] == ["North Korea"]


# --- Korean -------------------------------------------------------------------------------------


def _korean(text: str) -> list[tuple[str, str, str, str]]:
    sugs = suggest(text)
    out = []
    for q in _quotes(sugs):
        (a,) = _attrs_of(sugs, q)
        out.append((q.attributes["type"], a.attributes["source"], a.attributes["cue"], text[slice(*q.fragments[0])]))
    return out


def test_korean_direct_quote_with_goh_malhaetda():
    text = '교육청 이민호 대변인은 "다음 주부터 급식 시간을 10분 늘리겠다"고 말했다.'
    assert _korean(text) == [("direct", "교육청 이민호 대변인", "말했다", '"다음 주부터 급식 시간을 10분 늘리겠다"')]


def test_korean_speaker_after_the_quote_and_a_pronoun():
    text = '"예산이 부족하다"고 구청 최은영 과장은 설명했다. 그는 "내년에는 다르다"라고 강조했다.'
    assert _korean(text) == [
        ("direct", "구청 최은영 과장", "설명했다", '"예산이 부족하다"'),
        ("direct", "구청 최은영 과장", "강조했다", '"내년에는 다르다"'),
    ]


def test_korean_two_quotes_one_verb_share_one_attribution():
    text = '김수아 교수는 "시간이 걸린다"며 "그래도 가야 할 길"이라고 전했다.'
    sugs = suggest(text)
    quotes = _quotes(sugs)
    (attr,) = [s for s in sugs if s.label == "ATTRIBUTION"]
    assert len(quotes) == 2 and set(attr.links) == {q.id for q in quotes}
    assert attr.attributes["source"] == "김수아 교수" and attr.attributes["cue"] == "전했다"
    assert [text[slice(*f)] for f in attr.fragments] == ["김수아 교수", "전했다"]


def test_korean_indirect_speech_with_dago_balkhyeotda():
    text = "환경부는 올해 미세먼지 경보가 지난해보다 줄었다고 3일 밝혔다."
    assert _korean(text) == [("indirect", "환경부", "밝혔다", "올해 미세먼지 경보가 지난해보다 줄었다")]
    sugs = suggest(text)
    assert [s.attributes["source_kind"] for s in sugs if s.label == "ATTRIBUTION"] == ["organization"]


# --- one table of quotation marks -----------------------------------------------------------


def test_guillemets_and_single_guillemets_are_in_the_one_table():
    for opener, closer in (("\u00ab", "\u00bb"), ("\u2039", "\u203a")):
        assert opener in OPENERS and closer in OPENERS[opener]
    assert set(DOUBLE) | set(SINGLE) == set(OPENERS)
    text = "Il a dit \u2039non merci\u203a hier."
    assert [text[q.start : q.end] for q in find_quotations(text)] == ["\u2039non merci\u203a"]
    assert in_quotes(text, text.index("non"), text.index("\u203a"))


@pytest.mark.parametrize(
    "text, span, kind",
    [
        ("\u00abNous verrons\u00bb, a-t-il dit.", "Nous verrons", "direct"),
        ("\u2039Nous verrons\u203a, a-t-il dit.", "Nous verrons", "direct"),
        ('She said the plan was "a disgrace" and must go.', 'the plan was "a disgrace" and must go', "mixed"),
        ("She said the plan would work.", "the plan would work", None),
    ],
)
def test_quote_type_default(text, span, kind):
    start = text.index(span)
    assert quote_type(text, start, start + len(span)) == kind


def test_the_session_defaults_a_partial_quote_to_mixed(session, make_doc):
    text = 'Ortiz said the plan was "a disgrace" and would be withdrawn.'
    doc = make_doc(text)
    start = text.index("the plan")
    span = session.add_span(doc, "QUOTE", [(start, text.index(" and would"))])
    assert span.attributes.get("type") == "mixed"
    guil = make_doc("\u2039Nous verrons\u203a, a-t-il dit.")
    span = session.add_span(guil, "QUOTE", [(1, 13)])
    assert span.attributes.get("type") == "direct"
