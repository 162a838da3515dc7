"""Making a verslag for a session: the one entry point the CLI and the app share."""

from __future__ import annotations

from pathlib import Path

from kaart_tui.domain.model import Card
from kaart_tui.export.verslag import ExportError, Progress, Verslag, default_name, write_verslag
from kaart_tui.template_files import load_with_override


def choose_bijeenkomst(card: Card, number: int | None) -> str:
    """The bijeenkomst by number, or the latest one."""
    if not card.bijeenkomsten:
        raise ExportError("Deze sessie heeft nog geen bijeenkomst; er is niets te verslaan.")
    if number is None:
        return card.latest_bijeenkomst().id
    for bijeenkomst in card.bijeenkomsten.values():
        if bijeenkomst.number == number:
            return bijeenkomst.id
    known = ", ".join(str(b.number) for b in card.bijeenkomsten_in_order())
    raise ExportError(f"Bijeenkomst {number} bestaat niet in deze sessie (wel: {known}).")


def export_verslag(card: Card, slug: str, exports_dir: Path, templates_dir: Path | None,
                   number: int | None = None, output: Path | None = None,
                   anonymous: bool = False, progress: Progress | None = None,
                   into_folder: bool = False) -> Path:
    """Build and write the verslag; returns the path written (never overwrites a file).

    ``exports_dir`` is where it goes unless ``output`` says otherwise; ``templates_dir``
    may hold the facilitator's own card templates.
    """
    bijeenkomst_id = choose_bijeenkomst(card, number)
    template, _ = load_with_override(card.session.template, templates_dir)
    evaluation, _ = load_with_override("evaluatiekaart", templates_dir)
    document = Verslag(card, template, bijeenkomst_id, anonymous, evaluation, progress).build()
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
    return write_verslag(document, target)

