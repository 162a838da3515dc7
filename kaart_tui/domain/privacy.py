"""Participants' names taken out of free text, for a verslag that leaves the room (AVG).

The records already say who wrote or owns what; people also type names into the text
itself ("Samen met Frank Bosch", "Bij Ruben Jansen thuis"). ``Anonymiser`` replaces a
participant's whole name, and a first or last name alone when only one participant has
it, by the label used for that person elsewhere (organisation and initial). A first or
last name shared by two participants cannot be told apart: it becomes "(naam)".

``suspects`` lists what still looks like a name afterwards (two or more capitalised
words in a row that are not the card's own words), for the facilitator to check.
Pure: no files, no docx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from kaart_tui.domain.model import Card, Participant

AMBIGUOUS = "(naam)"
# Dutch name particles ("Anna de Vries", "Mohamed el Amrani"): never a name on their own.
PARTICLES = frozenset({"van", "de", "der", "den", "del", "el", "ten", "ter", "te", "la",
                       "le", "het", "'t", "op", "in", "d'", "da", "dos", "di", "du", "al"})
# Capitalised at the start of a sentence, never part of a name.
FUNCTION_WORDS = frozenset("""
de het een en of in op bij met van voor naar om aan als dan door er ik we wij je jij u
zij ze hij dit dat die deze wat wie waar hoe waarom wanneer ook niet nog geen alle elke
samen na tot over onder uit zonder samenwerking stap top bijeenkomst thema actie
""".split())
_WORD = r"[^\W\d_][\w'’-]*"
_CAPITALISED = re.compile(r"[^\W\d_]")


def _forms(person: Participant) -> tuple[str, list[str]]:
    """(whole name, the shorter forms it may be written in: first name, last name with
    and without its particles)."""
    whole = " ".join(person.name.split())
    words = whole.split()
    if len(words) < 2:
        return whole, []
    first = words[0]
    rest = words[1:]
    while len(rest) > 1 and rest[0].lower() in PARTICLES:
        rest = rest[1:]
    last = " ".join(rest)
    with_particles = " ".join(words[1:])
    shorter = [first, last, with_particles]
    if with_particles != last:  # "De Vries" at the start of a sentence
        shorter.append(with_particles[:1].upper() + with_particles[1:])
    return whole, [f for f in dict.fromkeys(shorter) if f.lower() not in PARTICLES]


def _alternative(form: str, ignore_case: bool) -> str:
    body = r"\s+".join(re.escape(word) for word in form.split())
    if ignore_case:
        body = f"(?i:{body})"
    return rf"(?<![\w@]){body}(?!\w)"


@dataclass
class Anonymiser:
    """Replaces participants' names in text by ``label(participant)``; counts replacements."""

    card: Card
    label: Callable[[Participant], str]
    replacements: int = 0
    _pattern: re.Pattern | None = None
    _exact: dict[str, str] = field(default_factory=dict)
    _whole: dict[str, str] = field(default_factory=dict)
    _vocabulary: set[str] = field(default_factory=set)
    _seen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        owners: dict[str, set[str]] = {}
        for person in self.card.participants.values():
            if person.removed or not person.name.strip():
                continue
            whole, shorter = _forms(person)
            # A whole name is a name whatever its case ("frank bosch" typed in a hurry).
            self._whole[whole.lower()] = self.label(person)
            for form in shorter:
                owners.setdefault(form, set()).add(person.id)
        for form, ids in owners.items():
            if form.lower() in self._whole:
                continue
            only = next(iter(ids)) if len(ids) == 1 else None
            self._exact[form] = self.label(self.card.participants[only]) if only \
                else AMBIGUOUS
        # One pass, longest first ("Anna de Vries" before "de Vries" before "Anna"), so a
        # replacement is never itself searched again.
        forms = [(w, True) for w in self._whole] + [(f, False) for f in self._exact]
        forms.sort(key=lambda item: -len(item[0]))
        if forms:
            self._pattern = re.compile("|".join(_alternative(f, i) for f, i in forms))
        self._vocabulary = _vocabulary(self.card)

    def _replace(self, match: re.Match) -> str:
        found = " ".join(match.group(0).split())
        self.replacements += 1
        if found in self._exact:
            return self._exact[found]
        return self._whole[found.lower()]

    def text(self, value: str | None) -> str | None:
        """``value`` with every participant's name replaced (None stays None)."""
        if not value:
            return value
        if self._pattern is not None:
            value = self._pattern.sub(self._replace, value)
        self._seen.append(value)
        return value

    def suspects(self) -> list[str]:
        """Word groups in the anonymised texts that still look like a name, each once."""
        found: dict[str, None] = {}
        for text in self._seen:
            for group in name_like(text, self._vocabulary):
                found.setdefault(group, None)
        return list(found)


def _vocabulary(card: Card) -> set[str]:
    """The card's own capitalised words: its title, team, wijk, organisations, opdrachtgever
    and facilitators (not participants), which may stand in any text."""
    session = card.session
    texts: list[str] = [session.title, session.team, session.wijk or "",
                        session.opdrachtgever or "", *session.facilitators,
                        *card.organisations()]
    words = set()
    for text in texts:
        words.update(word.casefold() for word in re.findall(_WORD, text))
    return words


def name_like(text: str, vocabulary: Iterable[str] = ()) -> list[str]:
    """Runs of two or more capitalised words (particles allowed inside) that are neither
    sentence-opening function words nor the card's own words: "Ruben Jansen", "Fatima el
    Amrani"; not "De Kapel" (article), not "Gemeente Oosterveld" (the opdrachtgever)."""
    known = set(vocabulary)
    groups: list[str] = []
    run: list[str] = []

    def close() -> None:
        while run and run[-1].lower() in PARTICLES:
            run.pop()
        capitalised = [w for w in run if w.lower() not in PARTICLES]
        if len(capitalised) >= 2:
            groups.append(" ".join(run))
        run.clear()

    for word in re.findall(rf"{_WORD}|[^\w\s]+", text):
        is_word = bool(_CAPITALISED.match(word))
        if is_word and word[0].isupper() and word.casefold() not in known \
                and (run or word.lower() not in FUNCTION_WORDS):
            run.append(word)
        elif is_word and run and word.lower() in PARTICLES:
            run.append(word)
        else:
            close()
    close()
    return groups
