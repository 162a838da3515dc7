"""The verslag laid out by LibreOffice, page by page (issue 19): no page ends with a
heading, and no page ends with a table's header row alone.

The PDF's words are read with their positions (``pdftotext -bbox``) and grouped into
lines; the lowest line above the page number is what the page ends with. One soffice run
converts every verslag (module-scoped, private profile).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from kaart_tui.demo import demo_card
from kaart_tui.export.run import export_verslag
from kaart_tui.store import DataFolder
from tests.docx_reading import blocks
from tests.test_verslag_layout import rich_card

TIMEOUT = 180
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">'
                  r"(.*?)</word>")
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("LibreOffice (soffice) of pdftotext (poppler-utils) ontbreekt")
    root = tmp_path_factory.mktemp("pages")
    folder = DataFolder(root / "data").ensure()
    docs = {
        "demo-1": export_verslag(demo_card(), "demo", folder.exports_dir, None, 1),
        "demo-2": export_verslag(demo_card(), "demo", folder.exports_dir, None, 2),
        "rijk-2": export_verslag(rich_card(), "rijk", folder.exports_dir, None, 2),
        "rijk-2-anoniem": export_verslag(rich_card(), "rijk", folder.exports_dir, None, 2,
                                         anonymous=True),
    }
    out = root / "pdf"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{root / 'lo-profile'}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(out),
         *(str(p) for p in docs.values())],
        capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    return {key: (docx, out / f"{docx.stem}.pdf") for key, docx in docs.items()}


def page_endings(pdf: Path) -> list[tuple[bool, str]]:
    """(landscape, the lowest line of text above the page number) of every page."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60, check=True).stdout
    endings = []
    for width, height, body in PAGE.findall(bbox):
        words = [(float(y_max), float(x), html.unescape(text))
                 for x, _, y_max, text in WORD.findall(body)]
        lines: list[list[tuple[float, float, str]]] = []
        for word in sorted(words):
            if lines and abs(lines[-1][0][0] - word[0]) < 2.5:
                lines[-1].append(word)
            else:
                lines.append([word])
        texts = [" ".join(w[2] for w in sorted(line, key=lambda w: w[1])) for line in lines]
        texts = [t for t in texts if not re.fullmatch(r"Pagina \d+", t)]
        endings.append((float(width) > float(height), texts[-1] if texts else ""))
    return endings


def headings_and_header_rows(docx: Path) -> tuple[set[str], list[set[str]]]:
    document = Document(str(docx))
    headings = {b.text for b in blocks(document)
                if b.style and (b.style == "Title" or b.style.startswith("Heading"))}
    header_rows = [set(" ".join(c.text for c in t.rows[0].cells).split())
                   for t in document.tables]
    return headings, header_rows


@pytest.mark.parametrize("key", ["demo-1", "demo-2", "rijk-2", "rijk-2-anoniem"])
def test_no_page_ends_with_a_heading_or_a_lone_header_row(laid_out, key) -> None:
    docx, pdf = laid_out[key]
    headings, header_rows = headings_and_header_rows(docx)
    endings = page_endings(pdf)
    assert len(endings) >= 8
    for number, (landscape, last) in enumerate(endings[:-1], start=1):
        assert last, f"page {number} is empty"
        if not landscape:  # the card's cells repeat theme titles; its heading is on top
            assert not any(h == last or (len(last) > 12 and h.endswith(last))
                           for h in headings), f"page {number} ends with heading {last!r}"
        words = set(last.split())
        assert not (len(words) >= 2 and any(words <= row for row in header_rows)), \
            f"page {number} ends with a header row: {last!r}"


def test_the_demo_card_fits_one_landscape_page(laid_out) -> None:
    _, pdf = laid_out["demo-1"]
    endings = page_endings(pdf)
    assert [landscape for landscape, _ in endings].count(True) == 1
    assert endings[-1][0], "the card is the last page"
