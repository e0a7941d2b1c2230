"""Reporting cues: verbs in all inflections and multiword phrases."""

from __future__ import annotations

__all__ = ["CUE_FORMS", "MULTIWORD", "PASSIVE", "inflections"]

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
}
_REGULAR = (
    "add note stress insist warn claim argue explain announce acknowledge report state confirm "
    "suggest assert maintain contend conclude declare observe remark recall reveal promise "
    "pledge vow urge caution concede complain comment emphasise emphasize estimate allege "
    "agree disclose mention recount boast lament threaten counter retort reiterate underline "
    "underscore speculate answer respond ask continue explain demand insist quote cite "
    "acknowledge point hint indicate whisper shout joke scoff"
).split()


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
    "went on",
)
# "was quoted by X as saying"
PASSIVE = ("was quoted by", "were quoted by")
