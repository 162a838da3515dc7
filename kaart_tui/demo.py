"""The built-in demo session: a filled card of a fictional neighbourhood team.

It is a kaart-bundle shipped as data, imported like any other bundle, so a newcomer sees
a complete card at once and the import path is exercised on every first start.
"""

from __future__ import annotations

import json
from importlib import resources

from kaart_tui.bundle import card_from_data
from kaart_tui.domain.model import Card
from kaart_tui.store import DataFolder, SessionStore


def demo_card() -> Card:
    text = (resources.files("kaart_tui") / "data" / "demo_bundle.json").read_text("utf-8")
    return card_from_data(json.loads(text))


def find_demo(folder: DataFolder) -> str | None:
    title = demo_card().session.title
    for listing in folder.list_sessions():
        if listing.title == title:
            return listing.slug
    return None


def create_demo(folder: DataFolder) -> SessionStore:
    return folder.create(demo_card())
