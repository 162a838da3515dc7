"""Card templates: the texts of the five steps, read from TOML data files.

The templates ship in ``kaart_tui/templates/``; a facilitator may load a file of their own
(every team phrases the evaluation questions differently).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from kaart_tui.domain.steps import FILL_ORDER, MAX_TOP_N, Step
from kaart_tui.errors import DomainError


@dataclass(frozen=True, slots=True)
class StepText:
    step: Step
    name: str
    subtitle: str
    question: str
    guiding: tuple[str, ...]
    top_n: int

    @property
    def heading(self) -> str:
        return f"Stap {self.step.number}: {self.name}"


@dataclass(frozen=True, slots=True)
class CardTemplate:
    id: str
    name: str
    description: str
    steps: dict[Step, StepText]

    def step(self, step: Step) -> StepText:
        return self.steps[step]


def line_of(text: str, section: str, key: str | None = None) -> int | None:
    """The line (1-based) of ``[section]``, or of ``key`` inside it, in TOML text."""
    current = None
    header_line = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.split("#", 1)[0].strip()  # "[steps.relaties]  # stap 2" is a header
        if stripped.startswith("[") and stripped.endswith("]"):
            current = stripped.strip("[]").strip()
            if current == section:
                header_line = number
            continue
        if current == section and key and stripped.split("=", 1)[0].strip() == key:
            return number
    return header_line


def _step_text(step: Step, raw: object, source: str, text: str = "") -> StepText:
    section = f"steps.{step.value}"

    def where(key: str | None = None) -> str:
        line = line_of(text, section, key)
        return f"{source}, regel {line}, [{section}]" if line else f"{source}, [{section}]"

    if not isinstance(raw, dict):
        raise DomainError(f"{where()}: ontbreekt of is geen tabel.")
    unknown = set(raw) - {"name", "subtitle", "question", "guiding", "top_n"}
    if unknown:
        bad = sorted(unknown)[0]
        raise DomainError(f"{where(bad)}: onbekende sleutel '{bad}'.")

    def text_value(key: str, required: bool = True) -> str:
        value = raw.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise DomainError(f"{where(key)}: '{key}' moet een niet-lege tekst zijn.")
        return value.strip()

    guiding = raw.get("guiding", [])
    if not isinstance(guiding, list) or not all(isinstance(g, str) for g in guiding):
        raise DomainError(f"{where('guiding')}: 'guiding' moet een lijst van teksten zijn.")
    top_n = raw.get("top_n", 3)
    if not isinstance(top_n, int) or isinstance(top_n, bool) or not 1 <= top_n <= MAX_TOP_N:
        raise DomainError(f"{where('top_n')}: 'top_n' moet een getal van 1 tot en met "
                          f"{MAX_TOP_N} zijn.")
    return StepText(step, text_value("name"), text_value("subtitle", required=False),
                    text_value("question"), tuple(g.strip() for g in guiding if g.strip()),
                    top_n)


def parse_template(text: str, source: str) -> CardTemplate:
    """Parse template TOML, or raise DomainError naming the file and, for syntax, the line."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib ends its messages with "(at line N, column M)".
        detail = str(error).replace("at line", "op regel").replace("column", "kolom")
        raise DomainError(f"Kaartsjabloon {source} is geen geldige TOML: {detail}") from None
    for key in ("id", "name"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise DomainError(f"{source}: '{key}' moet een niet-lege tekst zijn.")
    unknown_top = set(raw) - {"id", "name", "description", "steps"}
    if unknown_top:  # most likely a typo that would otherwise be ignored silently
        raise DomainError(f"{source}: onbekende sleutel '{sorted(unknown_top)[0]}'.")
    steps = raw.get("steps")
    if not isinstance(steps, dict):
        raise DomainError(f"{source}: de tabel [steps] ontbreekt.")
    unknown = set(steps) - {s.value for s in FILL_ORDER}
    if unknown:
        bad = sorted(unknown)[0]
        line = line_of(text, f"steps.{bad}")
        raise DomainError(f"{source}{f', regel {line}' if line else ''}: onbekende stap "
                          f"[steps.{bad}].")
    return CardTemplate(
        id=raw["id"].strip(),
        name=raw["name"].strip(),
        description=str(raw.get("description", "")).strip(),
        steps={step: _step_text(step, steps.get(step.value), source, text)
               for step in FILL_ORDER},
    )
