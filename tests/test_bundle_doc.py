"""docs/bundle.md describes version 2 exactly: every collection and every key the codec
reads is in its shape, and nothing else is."""

from __future__ import annotations

import re
from pathlib import Path

from kaart_tui.bundle import VERSION
from kaart_tui.codec import CODECS

DOC = (Path(__file__).resolve().parent.parent / "docs" / "bundle.md").read_text("utf-8")
SHAPE = DOC[DOC.index("## Vorm"):DOC.index("## Regels")]


def test_the_documented_version_is_the_one_written() -> None:
    assert f'"version": {VERSION}' in SHAPE
    assert DOC.startswith(f"# De kaart-bundle (versie {VERSION})")


def test_every_collection_and_key_is_documented_and_no_other() -> None:
    block = SHAPE[SHAPE.index("```") + 3:SHAPE.rindex("```")]
    for collection, (_, keys, _) in CODECS.items():
        start = block.index(f'"{collection}": [')
        end = block.find("}]", start)
        documented = re.findall(r'"(\w+)":', block[start:end])[1:]
        assert documented == list(keys), collection
    top = re.findall(r'^ ?\{?"(\w+)": ', block, flags=re.M)
    assert set(top) == {"format", "session", *CODECS, "labels"}
