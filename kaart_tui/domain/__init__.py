"""The pure domain: records, rules and templates. Imports nothing of Textual or TinyDB."""

from kaart_tui.domain.model import (  # noqa: F401
    Action,
    ActionScope,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Bijeenkomst,
    Card,
    Entry,
    Participant,
    Record,
    Score,
    SessionInfo,
    Theme,
    Vote,
    clean_text,
    new_id,
)
from kaart_tui.domain.steps import FILL_ORDER, PAPER_ORDER, Step  # noqa: F401
