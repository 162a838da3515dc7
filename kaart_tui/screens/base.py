"""The base of every kaart screen: Textual's Screen and ModalScreen, drawn once per change
(kaart_tui/frames.py)."""

from __future__ import annotations

from textual.screen import ModalScreen, Screen

from kaart_tui.frames import DrawsOnce


class KaartScreen(DrawsOnce, Screen):
    pass


class KaartModal(DrawsOnce, ModalScreen):
    pass
