"""Card templates: the texts of the five steps, read from TOML data files.

The templates ship in ``kaart_tui/templates/``; a facilitator may load a file of their own
(every team phrases the evaluation questions differently).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

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


def _step_text(step: Step, raw: object, source: str) -> StepText:
    where = f"{source}, [steps.{step.value}]"
    if not isinstance(raw, dict):
        raise DomainError(f"{where}: ontbreekt of is geen tabel.")
    unknown = set(raw) - {"name", "subtitle", "question", "guiding", "top_n"}
    if unknown:
        raise DomainError(f"{where}: onbekende sleutel '{sorted(unknown)[0]}'.")

    def text(key: str, required: bool = True) -> str:
        value = raw.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise DomainError(f"{where}: '{key}' moet een niet-lege tekst zijn.")
        return value.strip()

    guiding = raw.get("guiding", [])
    if not isinstance(guiding, list) or not all(isinstance(g, str) for g in guiding):
        raise DomainError(f"{where}: 'guiding' moet een lijst van teksten zijn.")
    top_n = raw.get("top_n", 3)
    if not isinstance(top_n, int) or isinstance(top_n, bool) or not 1 <= top_n <= MAX_TOP_N:
        raise DomainError(f"{where}: 'top_n' moet een getal van 1 tot en met {MAX_TOP_N} zijn.")
    return StepText(step, text("name"), text("subtitle", required=False), text("question"),
                    tuple(g.strip() for g in guiding if g.strip()), top_n)


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
        raise DomainError(f"{source}: onbekende stap [steps.{sorted(unknown)[0]}].")
    return CardTemplate(
        id=raw["id"].strip(),
        name=raw["name"].strip(),
        description=str(raw.get("description", "")).strip(),
        steps={step: _step_text(step, steps.get(step.value), source) for step in FILL_ORDER},
    )


def load_template(template_id: str) -> CardTemplate:
    """A template shipped with the package, by id (``partnerschapskaart``, ``evaluatiekaart``)."""
    resource = resources.files("kaart_tui") / "templates" / f"{template_id}.toml"
    if not resource.is_file():
        raise DomainError(f"Onbekend kaartsjabloon '{template_id}'.")
    return parse_template(resource.read_text(encoding="utf-8"), f"{template_id}.toml")


def load_template_file(path: Path) -> CardTemplate:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DomainError(f"Kaartsjabloon {path} is niet te lezen: {error}") from None
    return parse_template(text, str(path))
