"""Labels: a shared vocabulary per data folder, to compare teams' cards.

Researchers lay several teams' cards side by side and count which themes recur per step
and across steps ("overstijgende thema's", seeds 000 and 001). A label names such a
recurring theme ("veiligheid en vertrouwen"); themes and entries of any session carry
label ids. A rename is one change in the vocabulary and shows everywhere; a merge keeps
the merged id as an alias of the one it went into, so no session file needs rewriting.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field, replace

from kaart_tui.domain.model import MAX_SHORT_TEXT_LENGTH, clean_text, new_id
from kaart_tui.errors import DomainError

SUGGESTION_CUTOFF = 0.55
MAX_SUGGESTIONS = 3


@dataclass(frozen=True, slots=True)
class Label:
    id: str
    name: str


@dataclass(frozen=True)
class Vocabulary:
    labels: tuple[Label, ...] = ()
    # A merged label's id -> the id it was merged into.
    aliases: dict[str, str] = field(default_factory=dict)

    def resolve(self, label_id: str) -> str | None:
        """The live id for ``label_id`` (following merges), or None if unknown."""
        seen = set()
        while label_id in self.aliases and label_id not in seen:
            seen.add(label_id)
            label_id = self.aliases[label_id]
        return label_id if any(label.id == label_id for label in self.labels) else None

    def get(self, label_id: str) -> Label | None:
        live = self.resolve(label_id)
        return next((label for label in self.labels if label.id == live), None)

    def by_name(self, name: str) -> Label | None:
        wanted = normalise(name)
        return next((label for label in self.labels if normalise(label.name) == wanted), None)


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: for comparing wordings."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _name(text: str) -> str:
    return clean_text(text, "De naam van het label", multiline=False,
                      max_length=MAX_SHORT_TEXT_LENGTH)


def add_label(vocabulary: Vocabulary, name: str) -> tuple[Vocabulary, Label]:
    cleaned = _name(name)
    if vocabulary.by_name(cleaned):
        raise DomainError(f"Het label '{cleaned}' bestaat al.")
    label = Label(new_id("l"), cleaned)
    return replace(vocabulary, labels=(*vocabulary.labels, label)), label


def rename_label(vocabulary: Vocabulary, label_id: str, name: str) -> Vocabulary:
    label = vocabulary.get(label_id)
    if label is None:
        raise DomainError("Dit label bestaat niet (meer).")
    cleaned = _name(name)
    other = vocabulary.by_name(cleaned)
    if other is not None and other.id != label.id:
        raise DomainError(f"Er is al een label '{other.name}'; voeg ze samen in plaats van "
                          "hernoemen.")
    return replace(vocabulary, labels=tuple(
        replace(lab, name=cleaned) if lab.id == label.id else lab for lab in vocabulary.labels))


def merge_labels(vocabulary: Vocabulary, source_id: str, target_id: str) -> Vocabulary:
    """``source`` goes into ``target``: every use of source now counts as target."""
    source, target = vocabulary.get(source_id), vocabulary.get(target_id)
    if source is None or target is None:
        raise DomainError("Dit label bestaat niet (meer).")
    if source.id == target.id:
        raise DomainError("Kies een ander label om mee samen te voegen.")
    aliases = {**vocabulary.aliases, source.id: target.id}
    return Vocabulary(tuple(lab for lab in vocabulary.labels if lab.id != source.id), aliases)


def suggest(vocabulary: Vocabulary, wording: str, exclude: tuple[str, ...] = ()
            ) -> list[Label]:
    """Existing labels whose wording resembles ``wording``, most alike first.

    Offline and explainable: the best of the whole-text similarity (difflib) and the
    share of the label's words that occur in the wording.
    """
    text = normalise(wording)
    if not text:
        return []
    words = set(text.split())
    scored = []
    for label in vocabulary.labels:
        if label.id in exclude:
            continue
        name = normalise(label.name)
        ratio = difflib.SequenceMatcher(None, text, name).ratio()
        label_words = {w for w in name.split() if len(w) > 3} or set(name.split())
        overlap = len(label_words & words) / len(label_words) if label_words else 0.0
        score = max(ratio, overlap)
        if score >= SUGGESTION_CUTOFF:
            scored.append((score, label))
    scored.sort(key=lambda pair: -pair[0])
    return [label for _, label in scored[:MAX_SUGGESTIONS]]


# -- labels on a card ---------------------------------------------------------------------
def target_key(kind: str, record_id: str) -> str:
    return f"{kind}:{record_id}"


def set_labels(card, kind: str, record_id: str, label_ids: tuple[str, ...]):
    """The Change that gives a theme or entry exactly these labels."""
    from kaart_tui.domain.changes import Change
    from kaart_tui.domain.model import Labeling

    collection = card.themes if kind == "theme" else card.entries
    if record_id not in collection:
        raise DomainError("Dit thema of deze bijdrage bestaat niet (meer).")
    key = target_key(kind, record_id)
    existing = card.labelings.get(key)
    unique = tuple(dict.fromkeys(label_ids))
    if not unique:
        return Change("Labels weggehaald", remove=(existing,) if existing else ())
    return Change("Labels gezet", put=(Labeling(key, unique),))


def labels_on(card, vocabulary: Vocabulary, kind: str, record_id: str) -> list[Label]:
    labeling = card.labelings.get(target_key(kind, record_id))
    if labeling is None:
        return []
    found = [vocabulary.get(label_id) for label_id in labeling.labels]
    return list({label.id: label for label in found if label is not None}.values())


def take_in(vocabulary: Vocabulary, incoming: tuple[Label, ...]
            ) -> tuple[Vocabulary, dict[str, str], list[str]]:
    """Labels from another data folder (an imported bundle) taken into this vocabulary.

    Asks nothing: a label already here (by id, or by name) is used as it is; a new one is
    added. Returns the new vocabulary, how the incoming ids map to ids here, and the
    conflicts worth telling (the same id under another name: the name here is kept).
    """
    mapping: dict[str, str] = {}
    conflicts: list[str] = []
    labels = list(vocabulary.labels)
    for label in incoming:
        here = vocabulary.get(label.id)
        if here is not None:
            mapping[label.id] = here.id
            if normalise(here.name) != normalise(label.name):
                conflicts.append(f"label '{label.name}' heet hier '{here.name}'")
            continue
        same_name = next((lab for lab in labels if normalise(lab.name) == normalise(label.name)),
                         None)
        if same_name is not None:
            mapping[label.id] = same_name.id
            continue
        labels.append(label)
        mapping[label.id] = label.id
    return replace(vocabulary, labels=tuple(labels)), mapping, conflicts


def used_labels(card, vocabulary: Vocabulary) -> tuple[Label, ...]:
    """The labels a card's labelings name, as they are called in ``vocabulary``."""
    seen: dict[str, Label] = {}
    for labeling in card.labelings.values():
        for label_id in labeling.labels:
            label = vocabulary.get(label_id)
            if label is not None:
                seen.setdefault(label.id, label)
    return tuple(seen.values())


def relabelled(card, mapping: dict[str, str], vocabulary: Vocabulary):
    """The card's labelings with ids mapped (and merged ids resolved) to ``vocabulary``."""
    from kaart_tui.domain.model import Labeling

    for key, labeling in list(card.labelings.items()):
        ids = tuple(dict.fromkeys(vocabulary.resolve(mapping.get(i, i)) or mapping.get(i, i)
                                  for i in labeling.labels))
        card.labelings[key] = Labeling(labeling.target, ids)
    return card
