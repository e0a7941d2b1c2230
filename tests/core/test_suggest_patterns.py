"""One test per pattern the rule-based suggester must handle."""

from __future__ import annotations

from annotator.core.suggest.quotes import find_quotations
from annotator.core.suggest.suggester import Suggestion, suggest
from annotator.core.text import fragment_text


def _quotes(text: str) -> list[str]:
    return [fragment_text(text, q.fragments) for q in find_quotations(text)]


def _by_label(sugs: list[Suggestion], label: str) -> list[Suggestion]:
    return [s for s in sugs if s.label == label]


def _speaker(sugs: list[Suggestion], quote: Suggestion) -> str | None:
    return next((s.attributes["source"] for s in sugs if quote.id in s.links), None)


def test_straight_and_curly_double_quotes():
    assert _quotes('He said: "Go home." Then: \u201cStay.\u201d') == ['"Go home."', "\u201cStay.\u201d"]


def test_guillemets_german_and_cjk_marks():
    assert _quotes("Elle a dit : \u00ab Non merci. \u00bb") == ["\u00ab Non merci. \u00bb"] or _quotes(
        "Elle a dit : \u00abNon merci.\u00bb"
    ) == ["\u00abNon merci.\u00bb"]
    assert _quotes("Er sagte: \u201eWir kommen.\u201c Sie sagte: \u00bbNein.\u00ab") == [
        "\u201eWir kommen.\u201c",
        "\u00bbNein.\u00ab",
    ]
    assert _quotes("\u5f7c\u306f\u300c\u884c\u304f\u300d\u3068\u8a00\u3063\u305f\u3002") == ["\u300c\u884c\u304f\u300d"]


def test_nested_single_quotes_stay_inside():
    text = "\u201cShe told me \u2018never again\u2019, and I believed her,\u201d he said."
    assert _quotes(text) == ["\u201cShe told me \u2018never again\u2019, and I believed her,\u201d"]


def test_apostrophes_are_not_quotes_in_single_quote_stories():
    text = "'I don't care about rock 'n' roll or the '90s or the Joneses' house,' she said."
    assert _quotes(text) == [text[: text.index(" she said")]]
    assert _quotes("It's the Joneses' dog and rock 'n' roll from the '90s.") == []


def test_multi_paragraph_quote_is_one_quotation_with_a_fragment_per_paragraph():
    text = "\u201cWe lost everything in the flood.\n\n\u201cNow we start again,\u201d Chen said."
    (q,) = find_quotations(text)
    assert [text[s:e] for s, e in q.fragments] == [
        "\u201cWe lost everything in the flood.",
        "\u201cNow we start again,\u201d",
    ]
    sugs = suggest("Maria Chen runs the bakery.\n" + text)
    (quote,) = _by_label(sugs, "QUOTE")
    assert len(quote.fragments) == 2 and _speaker(sugs, quote) == "Maria Chen"


def test_unclosed_quote_without_continuation_ends_at_paragraph():
    (q,) = find_quotations("\u201cThis never closes, said nobody.\nNext paragraph.")
    assert not q.closed and len(q.fragments) == 1


def test_split_quote_becomes_one_quote_with_two_fragments():
    text = "Mayor Elena Ortiz spoke first. \u201cWe will rebuild,\u201d she said, \u201cbut not this year.\u201d"
    sugs = suggest(text)
    (quote,) = _by_label(sugs, "QUOTE")
    assert fragment_text(text, quote.fragments) == "\u201cWe will rebuild,\u201d \u201cbut not this year.\u201d"
    (attr,) = _by_label(sugs, "ATTRIBUTION")
    assert fragment_text(text, attr.fragments) == "she said"
    assert attr.attributes == {"source": "Elena Ortiz", "cue": "said", "source_kind": "person"}


def test_inverted_attribution_with_appositive():
    text = "\u201cThe water came in at night,\u201d said Maria Chen, a retired teacher."
    sugs = suggest(text)
    (attr,) = _by_label(sugs, "ATTRIBUTION")
    assert fragment_text(text, attr.fragments) == "said Maria Chen"
    assert attr.attributes["source"] == "Maria Chen"


def test_partial_quote_inside_reported_clause_is_mixed():
    text = "Xi said China \u201chighly\u201d values its ties with the region."
    sugs = suggest(text)
    (quote,) = _by_label(sugs, "QUOTE")
    assert quote.attributes["type"] == "mixed"
    assert fragment_text(text, quote.fragments) == "China \u201chighly\u201d values its ties with the region"
    assert _speaker(sugs, quote) == "Xi"


def test_scare_quotes_without_cue_are_not_suggested():
    assert _by_label(suggest("The so-called \u201cpeace plan\u201d was unveiled last week."), "QUOTE") == []


def test_indirect_speech_yields_indirect_quote():
    text = "Police Chief Dana Reyes said that the road would stay closed until Friday."
    sugs = suggest(text)
    (quote,) = _by_label(sugs, "QUOTE")
    assert quote.attributes == {"type": "indirect"}
    assert fragment_text(text, quote.fragments) == "the road would stay closed until Friday"
    assert _speaker(sugs, quote) == "Dana Reyes"


def test_according_to_after_the_clause():
    text = "Forty homes were flooded, according to the Interior Ministry."
    sugs = suggest(text)
    (attr,) = _by_label(sugs, "ATTRIBUTION")
    assert attr.attributes == {"source": "Interior Ministry", "cue": "according to", "source_kind": "organization"}


def test_pronoun_resolves_to_most_recent_compatible_name():
    text = (
        "Mr. Tom Alvarez, the harbour master, closed the port. Ms. Ines Park runs the ferry.\n"
        "\u201cIt was the right call,\u201d he said.\n"
        "\u201cWe lose a week,\u201d she said.\n"
        "\u201cSafety first,\u201d Alvarez said."
    )
    sugs = suggest(text)
    speakers = [_speaker(sugs, q) for q in _by_label(sugs, "QUOTE")]
    assert speakers == ["Tom Alvarez", "Ines Park", "Tom Alvarez"]


def test_role_description_resolves_to_named_person():
    text = "Elena Ortiz, the mayor of Riverton, opened the bridge.\n\u201cFinally,\u201d the mayor said."
    sugs = suggest(text)
    (q,) = _by_label(sugs, "QUOTE")
    assert _speaker(sugs, q) == "Elena Ortiz"


def test_story_without_quotes_has_no_quotes_but_claims():
    text = "The council met on Tuesday. Turnout rose by 12 percent compared with 2022, the highest in a decade."
    sugs = suggest(text)
    assert _by_label(sugs, "QUOTE") == [] and _by_label(sugs, "ATTRIBUTION") == []
    (claim,) = _by_label(sugs, "CLAIM")
    assert claim.attributes == {"checkworthy": "unsure"} and claim.confidence < 0.5


def test_offsets_are_code_points_with_astral_text():
    text = "\U0001d518\U0001f600 \u201cWe won \U0001f389,\u201d said Ana Lima."
    sugs = suggest(text)
    (quote,) = _by_label(sugs, "QUOTE")
    assert fragment_text(text, quote.fragments) == "\u201cWe won \U0001f389,\u201d"


def test_empty_and_plain_text():
    assert suggest("") == []
    assert suggest("Nothing here at all") == []


def test_multiword_cues():
    text = "Finance Minister Rosa Diaz was quoted by a local radio station as saying that taxes would not rise."
    sugs = suggest(text)
    (attr,) = _by_label(sugs, "ATTRIBUTION")
    assert attr.attributes["cue"] == "was quoted by a local radio station as saying"
    assert attr.attributes["source"] == "Rosa Diaz"
    text2 = "\u201cThe line is open,\u201d the Transport Ministry said in a statement."
    (attr2,) = _by_label(suggest(text2), "ATTRIBUTION")
    assert attr2.attributes == {
        "source": "Transport Ministry",
        "cue": "said in a statement",
        "source_kind": "organization",
    }


def test_media_source_kind():
    text = "\u201cThe launch was a success,\u201d Xinhua reported."
    (attr,) = _by_label(suggest(text), "ATTRIBUTION")
    assert attr.attributes["source_kind"] == "media" and attr.attributes["source"] == "Xinhua"


def test_a_double_quote_closed_by_two_single_marks_gets_its_attribution():
    text = "“The Minister has not spoken to anyone on the issue, hence this report is fake news,’’ he said."
    (q,) = find_quotations(text)
    assert text[q.start : q.end].endswith("news,’’") and q.closed
    got = suggest(text)
    quote = next(s for s in got if s.label == "QUOTE")
    attr = next(s for s in got if s.label == "ATTRIBUTION")
    assert fragment_text(text, attr.fragments) == "he said" and quote.id in attr.links


def test_a_negated_speech_verb_leaves_the_speaker_not_the_auxiliaries():
    # (without a trailing ", the minister insisted", which is now the sentence's own attribution)
    text = "I did not say the return may be hampered by a faulty aircraft.\n"
    attr = next(s for s in suggest(text) if s.label == "ATTRIBUTION" and s.attributes["cue"] == "say")
    assert attr.attributes["source"] == "I" and attr.attributes["source_kind"] == "person"
