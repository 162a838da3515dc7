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


MONTH_ABBREVIATIONS = {name[:3]: number for number, name in enumerate(MONTHS, start=1)}
MONTH_ABBREVIATIONS["mrt"] = 3


def _month(word: str) -> int | None:
    word = word.rstrip(".")
    for number, name in enumerate(MONTHS, start=1):
        if word == name:
            return number
    if len(word) >= 3 and word[:3] in MONTH_ABBREVIATIONS and (
            MONTHS[MONTH_ABBREVIATIONS[word[:3]] - 1].startswith(word) or word == "mrt"):
        return MONTH_ABBREVIATIONS[word[:3]]
    return None


def _quoted(text: str) -> str:
    """What was typed, short enough to fit a message (a pasted paragraph is not repeated)."""
    value = " ".join(text.split())
    return value if len(value) <= 40 else value[:39] + "…"


def _year(text: str, today: date) -> int:
    year = int(text)
    if len(text) == 2:
        # "27" is this century: nobody plans a bijeenkomst or an action in 1927.
        return 2000 + year
    return year


def _build(text: str, year: int | None, month: int, day: int, today: date) -> date:
    from kaart_tui.errors import DomainError

    if year is None:
        # A date without a year is the next such day: on 20 december, "3-1" is next January.
        for candidate_year in (today.year, today.year + 1):
            try:
                candidate = date(candidate_year, month, day)
            except ValueError:
                continue
            if candidate >= today:
                return candidate
        if month == 2 and day == 29:
            for candidate_year in range(today.year + 1, today.year + 9):
                try:
                    return date(candidate_year, 2, 29)
                except ValueError:
                    continue
        raise DomainError(f"'{_quoted(text)}' bestaat niet als datum.")
    try:
        return date(year, month, day)
    except ValueError:
        raise DomainError(f"'{_quoted(text)}' bestaat niet als datum; typ bijvoorbeeld "
                          "1-2-2027 of 1 februari 2027.") from None


def parse_date(text: str, today: date | None = None) -> date:
    """A date as Dutch people write it.

    1-2-2027, 01-02-27, 1/2, 1.2.2027, 1 februari 2027, 1 feb, 1 februari, zondag 1 februari
    2027, 2027-02-01 and "vandaag"/"morgen". A year left out means the next such date.
    """
    import re

    from kaart_tui.errors import DomainError

    today = today or date.today()
    value = " ".join(text.strip().lower().replace(",", " ").split())
    if value in ("", "vandaag"):
        return today
    if value == "morgen":
        return date.fromordinal(today.toordinal() + 1)
    weekday = None
    first, _, rest = value.partition(" ")
    day_name = first.rstrip(".")
    for number, name in enumerate(DAYS):
        if day_name == name or day_name == name[:2]:
            weekday, value = number, rest
    result = None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        result = _build(text, year, month, day, today)
    if result is None:
        match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{4}|\d{2}))?", value)
        if match:
            day, month = int(match[1]), int(match[2])
            year = _year(match[3], today) if match[3] else None
            result = _build(text, year, month, day, today)
    if result is None:
        match = re.fullmatch(r"(\d{1,2}) ([a-z.]+)(?: (\d{4}|\d{2}))?", value)
        month = _month(match[2]) if match else None
        if match and month:
            year = _year(match[3], today) if match[3] else None
            result = _build(text, year, month, int(match[1]), today)
    if result is None:
        raise DomainError(f"'{_quoted(text)}' is geen datum; typ bijvoorbeeld 1-2-2027, 1/2 "
                          "of 1 februari 2027.")
    if weekday is not None and result.weekday() != weekday:
        raise DomainError(f"{long_date(result)} is geen {DAYS[weekday]}; kijk de dag of de "
                          "datum na.")
    return result


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
        raise DomainError(f"'{_quoted(text)}' is geen percentage; typ een getal van 1 tot en "
                          "met 100, bijvoorbeeld 70.")
    return number / 100


def parse_minutes(text: str) -> float:
    from kaart_tui.errors import DomainError

    minutes = _number(text)
    if minutes is None or not 0 < minutes <= 240:
        raise DomainError(f"'{_quoted(text)}' is geen aantal minuten; typ een getal van 1 tot "
                          "en met 240, bijvoorbeeld 10 of 7,5.")
    return minutes
