"""A real client opens the verslag: LibreOffice converts it to PDF without error.

python-docx reading back what python-docx wrote proves little about whether an office
suite accepts the file; LibreOffice does. All verslagen are converted in one soffice run
(module-scoped) with a private user profile, so the test neither clashes with an open
LibreOffice nor costs a start-up per file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kaart_tui.demo import demo_card
from kaart_tui.export.run import export_verslag
from kaart_tui.store import DataFolder
from tests.test_export_verslag import edge_case_card

TIMEOUT = 180


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is niet geïnstalleerd")
    root = tmp_path_factory.mktemp("libreoffice")
    folder = DataFolder(root / "data").ensure()
    docs = {
        "demo": export_verslag(demo_card(), "demo", folder.exports_dir, folder.templates_dir, 2),
        "anoniem": export_verslag(demo_card(), "demo", folder.exports_dir,
                                  folder.templates_dir, 2, anonymous=True),
        "randgevallen": export_verslag(edge_case_card(), "rand", folder.exports_dir,
                                       folder.templates_dir, 1),
    }
    out = root / "pdf"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{root / 'lo-profile'}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(out),
         *(str(p) for p in docs.values())],
        capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stdout + result.stderr, result.stdout + result.stderr
    return {key: (docx, out / f"{docx.stem}.pdf") for key, docx in docs.items()}


def pdf_pages(pdf: Path) -> list[tuple[float, float]] | None:
    """Width and height (points) of every page, or None without pdfinfo."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return None
    info = subprocess.run([pdfinfo, "-f", "1", "-l", "999", str(pdf)], capture_output=True,
                          text=True, timeout=60, check=True).stdout
    return [(float(w), float(h)) for w, h in
            re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)]


def pdf_text(pdf: Path, page: int | None = None) -> str | None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return None
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run([pdftotext, *pages, str(pdf), "-"], capture_output=True, text=True,
                          timeout=60, check=True).stdout


@pytest.mark.parametrize("key", ["demo", "anoniem", "randgevallen"])
def test_libreoffice_converts_the_verslag_to_a_pdf(converted, key) -> None:
    _, pdf = converted[key]
    assert pdf.is_file(), f"LibreOffice wrote no PDF for {key}"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pages = pdf_pages(pdf)
    if pages is not None:
        assert len(pages) >= 1


def test_libreoffice_lays_out_a4_with_a_landscape_card_and_page_numbers(converted) -> None:
    _, pdf = converted["demo"]
    pages = pdf_pages(pdf)
    if pages is None:
        pytest.skip("pdfinfo (poppler-utils) ontbreekt; alleen de conversie is getest")
    a4 = {(595, 842), (842, 595)}
    assert {(round(w), round(h)) for w, h in pages} <= a4, pages
    assert pages[0][0] < pages[0][1], "the report starts upright"
    landscape = [i + 1 for i, (w, h) in enumerate(pages) if w > h]
    assert landscape == [len(pages)], "the whole card: one landscape page, at the end"
    text = pdf_text(pdf, landscape[0])
    if text is not None:
        assert "Bijlage 2: De hele kaart" in text and "Stap 5: Acties" in text
        assert f"Pagina {landscape[0]}" in text
        assert "Pagina 2" in pdf_text(pdf, 2)
        assert "Stap 1: Waarden" in pdf_text(pdf)


def test_libreoffice_sees_no_names_in_the_anonymous_verslag(converted) -> None:
    _, pdf = converted["anoniem"]
    text = pdf_text(pdf)
    if text is None:
        pytest.skip("pdftotext (poppler-utils) ontbreekt")
    flat = " ".join(text.split())
    assert "Stap 5: Acties" in flat
    assert not [p.name for p in demo_card().participants.values() if p.name in flat]
    plain = " ".join(pdf_text(converted["demo"][1]).split())
    assert "Sanne Bakker" in plain


def test_libreoffice_shows_the_end_of_a_5000_character_entry(converted) -> None:
    _, pdf = converted["randgevallen"]
    text = pdf_text(pdf)
    if text is None:
        pytest.skip("pdftotext (poppler-utils) ontbreekt")
    assert "EINDE" in text and "Geen bijdragen." in text
