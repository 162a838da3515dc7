"""Generate the benchmark sessions: a large one (2,000 entries, 60 participants,
10 bijeenkomsten) and a small one (20 entries), deterministic from a seed."""

from __future__ import annotations

import random
from datetime import date, timedelta

from kaart_tui.domain.model import (
    Action,
    ActionScope,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Entry,
    Participant,
    Score,
    SessionInfo,
    Theme,
    Vote,
)
from kaart_tui.domain.steps import FILL_ORDER

ORGANISATIONS = ["Sociaal wijkteam", "Handhaving", "Wijkagent", "Gemeente", "Welzijn",
                 "Woningcorporatie", "Vrijwilligers", "GGD"]
WORDS = ("elkaar vertrouwen samen wijk bewoners overleg afspraken kennis delen ruimte "
         "tijd mandaat leren zichtbaar aanspreken veilig plan doelen korte lijnen").split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 18))).capitalize()


def generate(entries: int, participants: int, bijeenkomsten: int, seed: int = 7) -> Card:
    rng = random.Random(seed)
    card = Card(SessionInfo.create(f"Benchmark {entries}", "Benchmarkteam", "Wijk"))
    people = [Participant(f"p{i}", f"Deelnemer {i}", rng.choice(ORGANISATIONS))
              for i in range(participants)]
    meetings = [Bijeenkomst(f"b{i}", i + 1, date(2026, 1, 5) + timedelta(weeks=4 * i))
                for i in range(bijeenkomsten)]
    for record in (*people, *meetings):
        card.put(record)
    for meeting in meetings:
        for person in people:
            status = AttendanceStatus.AANWEZIG if rng.random() < 0.8 else AttendanceStatus.AFWEZIG
            card.put(Attendance(person.id, meeting.id, status))
            if status is AttendanceStatus.AANWEZIG:
                card.put(Score(person.id, meeting.id, rng.randint(4, 9)))
    themes = []
    for meeting in meetings:
        for step in FILL_ORDER:
            for _ in range(3):
                theme = Theme(f"t{len(themes)}", step, sentence(rng)[:60], meeting.id)
                themes.append(theme)
                card.put(theme)
    for index in range(entries):
        meeting = rng.choice(meetings)
        step = rng.choice(FILL_ORDER)
        candidates = [t for t in themes if t.step is step and t.bijeenkomst == meeting.id]
        theme = rng.choice(candidates).id if rng.random() < 0.6 else None
        card.put(Entry(f"e{index}", step, sentence(rng), meeting.id,
                       rng.choice(people).id if rng.random() < 0.5 else None, theme))
    for index, theme in enumerate(themes):
        for _ in range(rng.randint(0, 4)):
            card.put(Vote(f"v{index}-{_}", theme.bijeenkomst, rng.randint(1, 2),
                          rng.choice(people).id, theme=theme.id))
    for index in range(min(participants, 60)):
        card.put(Action(f"a{index}", ActionScope.INDIVIDUEEL, sentence(rng),
                        rng.choice(meetings).id, people[index].id, None, ActionStatus.OPEN))
    return card
