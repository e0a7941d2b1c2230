"""Who is speaking: names next to a cue, pronouns and short forms resolved to full names."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["Entities", "source_kind", "clean_source"]

_NAME = re.compile(
    r"(?:[A-Z][\w'\u2019.-]*)(?:[ \t]+(?:(?:de|da|van|von|bin|al|del|la|le|di|of)[ \t]+)?[A-Z][\w'\u2019.-]*)*"
)
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+[ \t]+[A-Z][a-z]+")
_SENT_CUT = re.compile(r"\b(?!(?:Mr|Mrs|Ms|Dr|Prof|St|Gov|Sen|Rep)\.)\w\w+\.\s+")
_TITLES = {
    "mr": "m",
    "mr.": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "dr": "",
    "dr.": "",
    "president": "",
    "mayor": "",
    "minister": "",
    "governor": "",
    "senator": "",
    "sen.": "",
    "judge": "",
    "chief": "",
    "prof.": "",
    "professor": "",
}
_ORG = set(
    "ministry department agency office council committee commission authority bureau service police "
    "inc inc. corp corp. corporation company co. ltd llc group bank university institute foundation "
    "association union party government parliament congress senate court board fund organization "
    "organisation federation league hospital airlines network centre center coalition army embassy "
    "administration cabinet assembly trust society chamber".split()
)
_MEDIA = {"reuters", "xinhua", "kcna", "ap", "afp", "bloomberg", "bbc", "cnn", "tass", "yonhap", "kyodo", "nhk"}
_MEDIA_END = ("times", "post", "journal", "herald", "gazette", "tribune", "news", "daily", "radio", "press")
_DOCS = set(
    "report statement study survey document memo letter filing ruling release audit analysis review poll data".split()
)
_ANON = (
    "official",
    "source",
    "familiar with",
    "insider",
    "diplomat",
    "people",
    "person",
    "witness",
    "resident",
    "analyst",
    "expert",
)
_STOP = {
    "the",
    "a",
    "an",
    "but",
    "and",
    "in",
    "on",
    "at",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "this",
    "that",
    "when",
    "after",
    "for",
    "some",
}
_FEMALE = ("she", "her", "hers", "herself")
_MALE = ("he", "him", "his", "himself")
_PRONOUNS = set(_FEMALE + _MALE + ("they", "it", "we", "i"))


@dataclass
class Entity:
    name: str
    kind: str
    gender: str = ""
    roles: set[str] = field(default_factory=set)
    spoke: bool = False


def _kind(name: str) -> str:
    low = name.lower()
    words = low.split()
    if low in _MEDIA or low.split()[-1] in _MEDIA_END or low in ("associated press",):
        return "media"
    if any(w.strip(".,") in _ORG for w in words) or (name.isupper() and 2 <= len(name) <= 6):  # "I" is no acronym
        return "organization"
    return "person"


class Entities:
    """Named mentions of one story, in order, for resolving 'she', 'Ortiz', 'the mayor'."""

    def __init__(self, text: str, quoted: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        inside = sorted(quoted or [])
        starts = [a for a, _ in inside]
        self.mentions: list[tuple[int, Entity]] = []
        by_name: dict[str, Entity] = {}
        for m in _NAME.finditer(text):
            k = bisect_right(starts, m.start()) - 1
            if k >= 0 and m.start() < inside[k][1]:
                continue  # names inside quotes are talked about, not speaking
            raw = m.group()
            # A run may cross a sentence end ("in January. Stallholder Grace Nwosu").
            cuts = [x.end() for x in _SENT_CUT.finditer(raw)]
            start_at = m.start() + (cuts[-1] if cuts else 0)
            raw = raw[cuts[-1] :] if cuts else raw
            if re.search(
                r"\b(?:at|in|on|from|to|near|into|across|outside)\s+(?:the\s+)?$",
                text[max(0, start_at - 12) : start_at],
            ):
                continue  # a place
            raw = raw.rstrip(".")

            words = raw.split()
            title = ""
            cut = max((i for i, w in enumerate(words[:3]) if w.lower() in _TITLES), default=-1)
            if cut >= 0 and len(words) > cut + 1:
                title, words = words[cut].lower(), words[cut:]  # "Police Chief Dana Reyes"
            while words and (words[0].lower() in _TITLES or words[0].lower() in _STOP):
                if words[0].lower() in _TITLES:
                    title = words[0].lower()
                words = words[1:]
            if not words:
                continue
            poss = [i for i, w in enumerate(words[:-1]) if w.endswith(("'s", "\u2019s"))]
            if poss:  # "South Korea's Joint Chiefs of Staff"
                words = words[poss[-1] + 1 :]
            name = " ".join(words)
            short = next(
                (e for e in by_name.values() if e.kind == "person" and len(words) == 1 and e.name.split()[-1] == name),
                None,
            )
            if short is not None:
                self.mentions.append((start_at, short))
                continue
            if len(words) < 2 and title == "" and _kind(name) == "person":
                continue
            ent = by_name.get(name)
            if ent is None:
                ent = Entity(name, _kind(name), _TITLES.get(title, ""))
                if title and title not in ("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss"):
                    ent.roles.add(title)
                by_name[name] = ent
                after = text[m.end() : m.end() + 60]
                role = re.match(r",\s+(?:a|an|the)\s+([^,.;]+)", after)
                if role:
                    ent.roles.update(role.group(1).lower().split())
            if ent.kind == "person" and not ent.gender:
                # The first pronoun after the name, before the next name, tells the gender.
                nxt = _FULL_NAME.search(text, m.end(), m.end() + 300)
                stop = nxt.start() if nxt else m.end() + 300
                tail = re.search(r"\b(she|her|he|his|him)\b", text[m.end() : stop].lower())
                if tail:
                    ent.gender = "f" if tail.group(1) in _FEMALE else "m"
            self.mentions.append((start_at, ent))

    def resolve(self, phrase: str, pos: int) -> tuple[str, str]:
        """Normalised source name and its kind for a phrase found at ``pos``."""
        low = phrase.lower().strip()
        before = [e for p, e in reversed(self.mentions) if p < pos]
        if low in _FEMALE + _MALE:
            want = "f" if low in _FEMALE else "m"
            people = [e for e in before if e.kind == "person"]
            hit = (
                next((e for e in people if e.gender == want), None)
                or next((e for e in people if not e.gender and e.spoke), None)
                or next((e for e in people if not e.gender), None)
            )
            if hit is None:
                return phrase, "person"
            hit.gender, hit.spoke = want, True
            return hit.name, "person"
        if low in ("it", "they"):
            hit = next((e for e in before if e.kind != "person"), None)
            if hit:
                return hit.name, hit.kind
        words = low.split()
        if words and words[0] == "the" and len(words) > 1 and phrase.split()[1][:1].isupper():
            phrase, words = " ".join(phrase.split()[1:]), words[1:]
        elif words and words[0] in ("the", "a", "an", "its", "their"):
            head = words[-1]
            hit = next((e for e in before if head in e.roles or head in e.name.lower().split()), None)
            if hit:
                return hit.name, hit.kind
            return clean_source(phrase), source_kind(phrase)
        cleaned = clean_source(phrase)
        if cleaned.isupper() and len(cleaned) >= 2:  # "JCS" for "Joint Chiefs of Staff"
            for _p, e in reversed(self.mentions):
                if "".join(w[0] for w in e.name.split() if w[0].isupper()) == cleaned:
                    return e.name, e.kind
        for _p, e in reversed(self.mentions):
            if e.name == cleaned or (e.kind == "person" and e.name.split()[-1] == cleaned):
                e.spoke = True
                return e.name, e.kind
        return cleaned, source_kind(cleaned)


def clean_source(phrase: str) -> str:
    words = phrase.strip(" ,.").split()
    # "council leader Priya Nair", "baker Omar Haddad": the name is what counts.
    caps = [i for i, w in enumerate(words) if w[:1].isupper()]
    lower = [i for i, w in enumerate(words) if w[:1].islower()]
    if caps and lower and caps[-1] == len(words) - 1 and lower[-1] < caps[-1]:
        start = caps[-1]
        while start - 1 in caps:
            start -= 1
        words = words[start:]
    cut = max((i for i, w in enumerate(words[:3]) if w.lower() in _TITLES), default=-1)
    if 0 <= cut < len(words) - 1:
        words = words[cut + 1 :]
    return " ".join(words)


def source_kind(phrase: str) -> str:
    low = phrase.lower()
    if any(a in low for a in _ANON):
        return "anonymous"
    if any(w.strip(".,") in _DOCS for w in low.split()):
        return "document"
    return _kind(phrase)
