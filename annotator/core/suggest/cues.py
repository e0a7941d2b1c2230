"""Reporting cues: verbs in all inflections and multiword phrases."""

from __future__ import annotations

__all__ = ["CUE_FORMS", "MULTIWORD", "PASSIVE", "inflections", "is_verb_use", "INVERTING"]

# base -> irregular forms (third person, past, participle, -ing); the rest are regular.
_IRREGULAR = {
    "say": ("says", "said", "said", "saying"),
    "tell": ("tells", "told", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "tweet": ("tweets", "tweeted", "tweeted", "tweeting"),
    "post": ("posts", "posted", "posted", "posting"),
    "admit": ("admits", "admitted", "admitted", "admitting"),
    "deny": ("denies", "denied", "denied", "denying"),
    "reply": ("replies", "replied", "replied", "replying"),
    "testify": ("testifies", "testified", "testified", "testifying"),
    "quip": ("quips", "quipped", "quipped", "quipping"),
    "predict": ("predicts", "predicted", "predicted", "predicting"),
    "forecast": ("forecasts", "forecast", "forecast", "forecasting"),
    "rebut": ("rebuts", "rebutted", "rebutted", "rebutting"),
    "think": ("thinks", "thought", "thought", "thinking"),
    "feel": ("feels", "felt", "felt", "feeling"),
    "plan": ("plans", "planned", "planned", "planning"),
    "criticize": ("criticizes", "criticized", "criticized", "criticizing"),
    "criticise": ("criticises", "criticised", "criticised", "criticising"),
    "chant": ("chants", "chanted", "chanted", "chanting"),
    "sing": ("sings", "sang", "sung", "singing"),
    "describe": ("describes", "described", "described", "describing"),
    "blame": ("blames", "blamed", "blamed", "blaming"),
    "accuse": ("accuses", "accused", "accused", "accusing"),
    "refer": ("refers", "referred", "referred", "referring"),
    "show": ("shows", "showed", "shown", "showing"),
    "find": ("finds", "found", "found", "finding"),
}
_REGULAR = (
    "add note stress insist warn claim argue explain announce acknowledge report state confirm "
    "suggest assert maintain contend conclude declare observe remark recall reveal promise "
    "pledge vow urge caution concede complain comment emphasise emphasize estimate allege "
    "agree disclose mention recount boast lament threaten counter retort reiterate underline "
    "underscore speculate answer respond ask continue explain demand insist quote cite "
    "acknowledge point hint indicate whisper shout joke scoff believe hope want call "
    "echo attack question insist urge expect know fear doubt wonder recommend propose "
    "praise slam blast mock dismiss tout brag vow pledge charge contend decry scold lambast lambaste "
    "proclaim characterize characterise identify bark beam yell scream exclaim snap gush muse marvel"
).split()

# Bases whose plain and -s forms are common nouns ("the state", "false claims", "The Post"):
# those forms count as cues only where the words around them make a verb (is_verb_use).
_NOUNISH = set(
    "state claim report post tweet note stress comment answer promise estimate quote forecast remark reply "
    "counter boast vow pledge call plan hope want question charge demand joke whisper shout hint point cite "
    "attack echo doubt fear praise slam blast mock tout brag recall review respond continue write decry "
    "feel sing chant blame refer expect show find mention urge retort".split()
)
_BEFORE_NOUN = set(
    "the a an his her its their our my your this these those of in on for with by from about several many some "
    "any no new false recent such two three first last latest own which whose into over under against between "
    "united red blue swing battleground other each every both all more most personal democratic republican "
    "conservative liberal american federal public private political only strong poor good bad big great "
    "deadly old weekly popular highest best worst friendly wishful creative trigger terrorist early western "
    "eastern southern northern second-place latest same whole".split()
)
_AFTER_NOUN = set(
    "is are was were has have had could would will can may might should must do does did of 's \u2019s "
    "department".split()
)
_SUBJECT_WORDS = set("he she they we i you who it that which".split())


def is_verb_use(form: str, prev: str, nxt: str, sentence_start: bool, *, prev_cap: bool = False) -> bool:
    """Is this cue form a verb here, judged from its neighbours (no tagger needed)?

    ``prev``/``nxt`` are the neighbouring words (lower case, '' at an edge); ``prev_cap``
    says the previous word is capitalised (a name: "Trump claims")."""
    base = CUE_FORMS.get(form.lower())
    if base is None:
        return False
    if form[:1].isupper() and not sentence_start:
        return False  # "The Post", "Secretary of State"
    low = form.lower()
    if low.endswith("ing") and prev in _BEFORE_NOUN:
        return False  # "that kind of thinking"
    if base not in _NOUNISH or low.endswith("ing"):
        return True  # said, told, insisted: verbs whatever the neighbours
    if low not in (base, inflections(base)[1]):
        return True  # stated, claimed: verbs
    if prev in _SUBJECT_WORDS or prev in _AUX_BEFORE or prev.endswith("ly"):
        return True
    if prev in _BEFORE_NOUN or nxt in _AFTER_NOUN or prev.endswith(("'s", "\u2019s")):
        return False
    if (low == base and prev in ("that", "this")) or nxt in _VERB_AFTER or (nxt.endswith("ed") and len(nxt) > 4):
        return False  # "that comment was", "comments came", "the question posed", "think tank"
    # A bare noun-like form needs a subject right before it: a name ("Trump claims") will do,
    # a lower-case word ("tough questions", "raising questions") will not.
    return prev_cap and low != base


_VERB_AFTER = set("came come comes loomed serves serve start starts tank mark was were is are".split())
_AUX_BEFORE = {"to", "will", "would", "can", "could", "may", "might", "also", "did", "not", "never", "often"}


# Cue forms that may come before their source ("said Ortiz", "told the mayor"): not -ing forms.
INVERTING = {
    *"said says added asked wrote told explained noted continued replied stated declared observed quipped".split(),
    *"countered insisted beamed barked exclaimed".split(),
}


def inflections(base: str) -> tuple[str, ...]:
    if base in _IRREGULAR:
        return (base, *_IRREGULAR[base])
    third = base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")
    stem = base[:-1] if base.endswith("e") else base
    return (base, third, stem + "ed", stem + "ing")


CUE_FORMS: dict[str, str] = {}
for _b in (*_IRREGULAR, *_REGULAR):
    for _f in inflections(_b):
        CUE_FORMS[_f] = _b
CUE_FORMS.pop("point", None)  # only as "point out"
for _f in inflections("point"):
    CUE_FORMS.pop(_f, None)

# Phrases that are cues on their own (lower case, space separated).
MULTIWORD = (
    "according to",
    "was quoted as saying",
    "were quoted as saying",
    "is quoted as saying",
    "told reporters",
    "told journalists",
    "said in a statement",
    "said in an interview",
    "said in a speech",
    "wrote in a post",
    "said at a news conference",
    "said at a press conference",
    "in a statement",
    "pointed out",
    "points out",
    "called for",
    "calls for",
    "called on",
    "calls on",
    "pointed to",
    "referred to",
    "refers to",
    "refer to",
    "said in a tweet",
    "said on twitter",
    "declined to comment",
    "went on",
)
# "was quoted by X as saying"
PASSIVE = ("was quoted by", "were quoted by")
