"""Dutch formatting shared by the screens and the verslag (no locale needed)."""

from __future__ import annotations

from datetime import date

DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def long_date(day: date) -> str:
    """"woensdag 12 oktober 2022", as the reports write it."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def minutes_seconds(seconds: float) -> str:
    whole = max(0, int(round(seconds)))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def parse_date(text: str, today: date | None = None) -> date:
    """A date as a facilitator types it: 3-11-2026, 03/11/2026, 2026-11-03 or "vandaag"."""
    import re

    from kaart_tui.errors import DomainError

    value = text.strip().lower()
    if value in ("", "vandaag"):
        return today or date.today()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", value)
        if not match:
            raise DomainError(f"'{text}' is geen datum; typ bijvoorbeeld 3-11-2026.")
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DomainError(f"'{text}' bestaat niet als datum.") from None


def percent(fraction: float) -> str:
    return f"{round(fraction * 100)}%"


def decimal(number: float, places: int = 1) -> str:
    """6.75 -> "6,8": the Dutch decimal comma."""
    return f"{number:.{places}f}".replace(".", ",")


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def parse_percentage(text: str) -> float:
    """"70", "70%", "62,5 %" -> 0.7, 0.625; refused with what is expected."""
    from kaart_tui.errors import DomainError

    number = _number(text.strip().rstrip("%"))
    if number is None or not 0 < number <= 100:
        raise DomainError(f"'{text.strip()}' is geen percentage; typ een getal van 1 tot en "
                          "met 100, bijvoorbeeld 70.")
    return number / 100


def parse_minutes(text: str) -> float:
    from kaart_tui.errors import DomainError

    minutes = _number(text)
    if minutes is None or not 0 < minutes <= 240:
        raise DomainError(f"'{text.strip()}' is geen aantal minuten; typ een getal van 1 tot "
                          "en met 240, bijvoorbeeld 10 of 7,5.")
    return minutes
