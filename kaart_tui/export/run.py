"""Making a verslag for a session: the one entry point the CLI and the app share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kaart_tui.domain.model import Card
from kaart_tui.export.choose import choose_bijeenkomst as choose
from kaart_tui.export.verslag import (
    ExportError,
    PrivacyReport,
    Progress,
    Verslag,
    default_name,
    write_verslag,
)
from kaart_tui.template_files import load_with_override


def choose_bijeenkomst(card: Card, number: int | None) -> str:
    """The bijeenkomst by number, or the latest one."""
    return choose(card, number, ExportError,
                  "Deze sessie heeft nog geen bijeenkomst; er is niets te verslaan.")


@dataclass(frozen=True)
class Exported:
    """The verslag written, and with ``anonymous`` what was done to the names."""

    path: Path
    privacy: PrivacyReport | None = None

    def messages(self) -> list[str]:
        """Dutch lines for the facilitator: where it went, and what to check."""
        lines = [f"Verslag geschreven: {self.path}"]
        if self.privacy is not None:
            count = self.privacy.replacements
            lines.append(f"Anoniem: {count} {'naam' if count == 1 else 'namen'} in de tekst "
                         "vervangen door organisatie en voorletter.")
            if self.privacy.suspects:
                lines.append("Kijk deze woorden na; ze lijken op een naam maar staan niet in "
                             "de deelnemerslijst: " + "; ".join(self.privacy.suspects[:20])
                             + (" …" if len(self.privacy.suspects) > 20 else ""))
        return lines


def export_verslag(card: Card, slug: str, exports_dir: Path, templates_dir: Path | None,
                   number: int | None = None, output: Path | None = None,
                   anonymous: bool = False, progress: Progress | None = None,
                   into_folder: bool = False) -> Path:
    """Build and write the verslag; returns the path written (never overwrites a file).

    ``exports_dir`` is where it goes unless ``output`` says otherwise; ``templates_dir``
    may hold the facilitator's own card templates.
    """
    return export_verslag_report(card, slug, exports_dir, templates_dir, number, output,
                                 anonymous, progress, into_folder).path


def export_verslag_report(card: Card, slug: str, exports_dir: Path,
                          templates_dir: Path | None, number: int | None = None,
                          output: Path | None = None, anonymous: bool = False,
                          progress: Progress | None = None, into_folder: bool = False
                          ) -> Exported:
    """As export_verslag, and say what ``anonymous`` replaced and what to check."""
    bijeenkomst_id = choose_bijeenkomst(card, number)
    template, _ = load_with_override(card.session.template, templates_dir)
    evaluation, _ = load_with_override("evaluatiekaart", templates_dir)
    verslag = Verslag(card, template, bijeenkomst_id, anonymous, evaluation, progress)
    document = verslag.build()
    bijeenkomst = card.bijeenkomsten[bijeenkomst_id]
    suffix = "-anoniem" if anonymous else ""
    name = default_name(slug, bijeenkomst.number, bijeenkomst.date).replace(".docx",
                                                                            f"{suffix}.docx")
    if output is None:
        target = exports_dir / name
    elif output.is_dir() or into_folder:
        target = output / name  # a missing folder is refused by write_verslag
    else:
        target = output if output.suffix.lower() == ".docx" else output.with_suffix(".docx")
    return Exported(write_verslag(document, target), verslag.privacy)

