"""The card templates on disk: the shipped ones in the package, and a facilitator's own
copy in the data folder's templates/ (the domain only parses their text)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from kaart_tui.domain.templates import CardTemplate, parse_template
from kaart_tui.errors import DomainError


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


# The folder in a data folder where a facilitator's own templates go.
OVERRIDE_FOLDER = "templates"


def load_with_override(template_id: str, override_dir: Path | None
                       ) -> tuple[CardTemplate, str | None]:
    """The shipped template, or the facilitator's own ``<override_dir>/<id>.toml``.

    A broken own file is refused: the shipped template is used and the message (naming
    the file and the line) is returned, so the session can go on and the facilitator
    knows why their wording is not shown.
    """
    if override_dir is not None:
        own = override_dir / f"{template_id}.toml"
        if own.is_file():
            try:
                return load_template_file(own), None
            except DomainError as error:
                return load_template(template_id), (f"{error.message} Het ingebouwde "
                                                    "sjabloon wordt gebruikt.")
    return load_template(template_id), None
