"""Who is speaking: names next to a cue, pronouns and short forms resolved to full names."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .wire import dateline_end

__all__ = ["Entities", "source_kind", "clean_source"]

_NAME = re.compile(
    r"(?:[A-Z][\w'\u2019.-]*)(?:[ \t]+(?:(?:de|da|van|von|bin|al|del|la|le|di|of)[ \t]+)?[A-Z][\w'\u2019.-]*)*"
)
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+[ \t]+[A-Z][a-z]+")
_SENT_CUT = re.compile(r"\b(?!(?:Mr|Mrs|Ms|Dr|Prof|St|Gov|Sen|Rep|Del|Rev|Lt|Gen|Col|Sgt|Capt)\.)\w\w+\.\s+")
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
    "del.": "",
    "rev.": "",
    "gen.": "",
    "professor": "",
}
_ORG = set(
    "ministry department agency office council committee commission authority bureau service police "
    "inc inc. corp corp. corporation company co. ltd llc group bank university institute foundation "
    "association union party government parliament congress senate court board fund organization "
    "organisation federation league hospital airlines network centre center coalition army embassy "
    "administration cabinet assembly trust society chamber".split()
)
_ORG |= set(
    "campaign strategies warriors convention circuit nations states republicans democrats democratic republican "
    "house pentagon kremlin fbi cia nato gop times ministry school schools college museum alliance caucus "
    "movement institution industry network initiative project center".split()
)
_PLACES = set(
    "america europe asia africa china russia japan korea india iran iraq syria israel mexico canada britain "
    "france germany ukraine washington york florida ohio texas california virginia pennsylvania michigan "
    "iowa carolina nevada arizona colorado georgia wisconsin minnesota chicago east west north south "
    "middle city county state island islands valley street avenue road square".split()
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
    "even",
    "though",
    "although",
    "as",
    "while",
    "if",
    "because",
    "since",
    "so",
    "yet",
    "still",
    "now",
    "meanwhile",
    "however",
    "during",
    "before",
    "with",
    "by",
    "of",
    "to",
    "from",
    "what",
    "why",
    "how",
    "who",
    "where",
    "there",
    "his",
    "their",
    "these",
    "those",
    "asked",
    "speaking",
    "former",
    "retired",
}
_TIME_WORDS = set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july august "
    "september october november december today tonight yesterday".split()
)
_MALE_NAMES = set(
    "donald bill barack joe mike michael tim bernie john james robert david richard thomas charles chris "
    "christopher daniel matthew mark paul steven steve george kevin brian jeff jeffrey ron ronald gary eric "
    "jason frank scott peter ted marco rand jeb ben newt mitt rudy reince corey paul rick "
    "vladimir xi bashar benjamin recep justin francois emmanuel shinzo tony andrew "
    "anthony jack henry harry larry lester chuck mitch harry al gordon howard jim jimmy bob nick sam "
    "sean stephen roger dennis wayne carl keith raymond patrick alan juan jose carlos luis jorge pedro "
    "ahmed mohammed muhammad ali omar hassan ivan sergei dmitry kerr tom edward ed "
    "martin brandon phil ray lou dan doug greg jerry walter nathan adam aaron ryan kyle josh joshua "
    "jonathan jon matt pat luke will william elijah isaac ian evan bruce frederick fred hugh neil "
    "".split()
)
_FEMALE_NAMES = set(
    "hillary melania ivanka chelsea michelle elizabeth mary patricia jennifer linda barbara susan jessica "
    "sarah karen nancy lisa betty margaret sandra ashley kimberly emily donna carol michelle amanda melissa "
    "deborah stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna brenda pamela "
    "nicole samantha katherine christine debra rachel carolyn janet catherine maria heather diane julie "
    "joyce victoria kelly christina joan evelyn lauren judith olivia martha cheryl megan andrea hannah "
    "jacqueline ann jean alice kathryn gloria teresa sara janice doris julia grace judy theresa beverly "
    "denise marilyn amber danielle rose brittany diana abigail natalie jane lori alexis tiffany kayla "
    "kellyanne huma donna tulsi nikki condoleezza madeleine sonia ruth elena angela theresa marine "
    "alicia gennifer sonya jacklyn carla melanie stacey sheryl oprah beyonce katy sally".split()
)
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
    if not words:
        return "person"
    if low in _MEDIA or words[-1] in _MEDIA_END or low in ("associated press",):
        return "media"
    if any(w.strip(".,") in _ORG for w in words) or (name.isupper() and 2 <= len(name) <= 6):  # "I" is no acronym
        return "organization"
    if words[-1].strip(".,") in _PLACES or (len(words) == 1 and low in _PLACES):
        return "place"
    return "person"


class Entities:
    """Named mentions of one story, in order, for resolving 'she', 'Ortiz', 'the mayor'."""

    def __init__(self, text: str, quoted: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        inside = sorted(quoted or [])
        starts = [a for a, _ in inside]
        self.mentions: list[tuple[int, Entity]] = []
        self.subjects: set[int] = set()  # indexes of mentions that may be a subject (not "Obama's", "of Obama")
        by_name: dict[str, Entity] = {}
        by_last: dict[str, Entity] = {}  # "Ortiz" -> Elena Ortiz (the latest one named so)
        headlines = _headline_lines(text)
        for m in _NAME.finditer(text):
            if headlines and any(a <= m.start() < b for a, b in headlines):
                continue  # Title Case Headlines Are Not Who Speaks
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
            while words and words[-1].lower().strip(".,") in _TIME_WORDS:
                words = words[:-1]  # "Florida Friday"
            if words and words[0].lower() in _TIME_WORDS:
                continue
            if not words:
                continue
            poss = [i for i, w in enumerate(words[:-1]) if w.endswith(("'s", "\u2019s"))]
            if poss:  # "South Korea's Joint Chiefs of Staff"
                words = words[poss[-1] + 1 :]
            name = " ".join(words)
            short = by_last.get(name) if len(words) == 1 else None
            if short is not None:
                self.mentions.append((start_at, short))
                continue
            if len(words) < 2 and title == "" and _kind(name) == "person":
                continue
            ent = by_name.get(name)
            if ent is None:
                kind = "person" if title and _kind(name) == "place" else _kind(name)
                ent = Entity(name, kind, _TITLES.get(title, "") or _first_name_gender(words))
                if title and title not in ("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss"):
                    ent.roles.add(title)
                by_name[name] = ent
                if ent.kind == "person" and len(words) > 1:
                    by_last[words[-1]] = ent
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
            if not (raw.endswith(("'s", "\u2019s")) or _OBJECT_BEFORE.search(text, max(0, start_at - 12), start_at)):
                self.subjects.add(len(self.mentions))
            self.mentions.append((start_at, ent))
        self.positions = [p for p, _e in self.mentions]
        self.last_speaker: tuple[int, Entity] | None = None  # set by the suggester after each attribution

    def spoke(self, name: str, pos: int) -> None:
        """Remember who spoke last: 'he said' in the next sentences most often means them."""
        ent = next((e for _p, e in self._before(pos) if e.name == name), None)
        if ent is not None and ent.kind == "person":
            self.last_speaker = (pos, ent)

    def _before(self, pos: int, *, subjects: bool = False, limit: int = 60) -> list[tuple[int, Entity]]:
        """Mentions before ``pos``, nearest first (the last ``limit`` of them)."""
        k = bisect_right(self.positions, pos - 1)
        return [
            self.mentions[i] for i in range(k - 1, max(-1, k - limit - 1), -1) if not subjects or i in self.subjects
        ]

    def _pronoun(self, want: str, pos: int) -> Entity | None:
        """The person 'he'/'she' at ``pos`` most likely means: the last speaker if compatible and
        near, else the most recent compatible mention (known gender first, then unknown)."""
        before = [(p, e) for p, e in self._before(pos, subjects=True) if e.kind == "person"]
        para = self.text.rfind("\n", 0, pos)
        prev_para = self.text.rfind("\n", 0, max(0, para - 1)) if para > 0 else -1
        near_from = self.text.rfind("\n", 0, max(0, prev_para - 1)) if prev_para > 0 else -1
        if self.last_speaker is not None:
            lp, le = self.last_speaker
            if lp > near_from and le.gender in (want, ""):
                # ... unless a compatible person of known gender was named since the last speaker
                newer = [e for p, e in before if p > lp and e.gender == want and e is not le]
                if not newer or le.gender == want:
                    return le
        return next((e for _p, e in before if e.gender == want), None) or next(
            (e for _p, e in before if not e.gender), None
        )

    def resolve(self, phrase: str, pos: int) -> tuple[str, str]:
        """Normalised source name and its kind for a phrase found at ``pos``."""
        low = re.sub(r"['\u2019]s$", "", phrase.lower().strip())
        before = [e for _p, e in self._before(pos)]
        if low in _FEMALE + _MALE:
            want = "f" if low in _FEMALE else "m"
            hit = self._pronoun(want, pos)
            if hit is None:
                return phrase, "person"
            hit.gender, hit.spoke = want, True
            return hit.name, "person"
        if low in ("it", "they"):
            hit = next((e for e in before if e.kind != "person"), None)
            if hit:
                return hit.name, hit.kind
        words = low.split()
        if words and words[0] == "the" and len(words) > 1 and all(w[:1].isupper() for w in phrase.split()[1:]):
            # "the Interior Ministry" is a name; "the CNN host" stays a description
            phrase, words = " ".join(phrase.split()[1:]), words[1:]
        elif words and words[0] in ("the", "a", "an", "its", "their"):
            head = words[-1]
            hit = next((e for e in before if head in e.roles or head in e.name.lower().split()), None)
            if hit:
                return hit.name, hit.kind
            return clean_source(phrase), source_kind(phrase)
        cleaned = clean_source(phrase)
        earlier = self._before(pos, limit=400)
        if cleaned.isupper() and len(cleaned) >= 2:  # "JCS" for "Joint Chiefs of Staff"
            for _p, e in earlier:
                if "".join(w[0] for w in e.name.split() if w[0].isupper()) == cleaned:
                    return e.name, e.kind
        for _p, e in earlier:
            if e.name == cleaned or (e.kind == "person" and e.name.split()[-1] == cleaned):
                e.spoke = True
                return e.name, e.kind
        return cleaned, source_kind(cleaned)


_OBJECT_BEFORE = re.compile(r"\b(?:of|to|for|with|against|by|about|from|than|like|toward|towards|at|on)\s+$")


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Lines whose words are nearly all capitalised (headlines, section titles), and
    datelines opening a paragraph ("SEOUL, Sept. 9 (Yonhap) --"): no one speaks there."""
    out, pos = [], 0
    for line in text.split("\n"):
        words = [w for w in line.split() if w[:1].isalpha()]
        if len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words):
            out.append((pos, pos + len(line)))
        else:
            d = dateline_end(line)
            if d:
                out.append((pos, pos + d))
        pos += len(line) + 1
    return out


def _first_name_gender(words: list[str]) -> str:
    first = words[0].lower().strip(".,") if words else ""
    if len(words) < 2:
        return ""
    return "m" if first in _MALE_NAMES else "f" if first in _FEMALE_NAMES else ""


_NAME_TAIL = re.compile(r"\s*\(|\s+(?:of|from|at|who|with|in|for)\s+")


def clean_source(phrase: str) -> str:
    phrase = re.sub(r"\s*\([^)]*\)", "", phrase)  # "Sen. Claire McCaskill (D-Mo.)"
    tail = _NAME_TAIL.search(phrase)
    if tail and sum(w[:1].isupper() for w in phrase[: tail.start()].split()) >= 2:
        phrase = phrase[: tail.start()]  # "Del. Stacey Plaskett of the Virgin Islands"
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
