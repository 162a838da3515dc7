"""The Textual app: a session picker, the card, help and the command palette."""

from __future__ import annotations

import time
from typing import Iterable

from textual import events
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from kaart_tui.demo import create_demo, find_demo
from kaart_tui.domain import people
from kaart_tui.dutch import decimal, parse_minutes, parse_percentage, percent
from kaart_tui.errors import KaartError
from kaart_tui.keyboard import GAP, TypingGuard
from kaart_tui.responsiveness import IdleCollector, release_memory, tune_collector
from kaart_tui.screens.card import CardScreen
from kaart_tui.screens.common import apply_change
from kaart_tui.screens.dialogs import TextPrompt
from kaart_tui.screens.help import HelpScreen
from kaart_tui.screens.picker import PickerScreen
from kaart_tui.store import DataFolder
from kaart_tui.store.base import SessionStore
from kaart_tui.strips import install as lazy_strip_caches
from kaart_tui.workshop import Workshop

# Before the first frame, for every app in the process (strips.py).
lazy_strip_caches()


class KaartApp(App):
    TITLE = "Partnerschapskaart"
    CSS_PATH = "kaart.tcss"
    BINDINGS = [
        Binding("q,ctrl+q", "quit", "Stoppen", show=False),
        Binding("ctrl+p", "command_palette", "Opdrachten", show=False),
    ]
    ENABLE_COMMAND_PALETTE = True

    # How long a printable key waits to see whether it is part of a sentence (keyboard.py).
    TYPING_GAP = GAP

    def __init__(self, folder: DataFolder, workshop: Workshop | None = None,
                 typing_gap: float | None = None, room: bool = False,
                 room_address: str | None = None, room_port: int = 0) -> None:
        super().__init__()
        self.folder = folder
        self.workshop = workshop
        # De zaal doet mee: the phones' server, started by Z or --zaal (screens/room_control).
        self.room_server = None
        self.open_room_at_start = room
        self.room_address = room_address  # --adres; None: the laptop's first network
        self.room_port = room_port  # --poort; 0: any free port
        self.typing_guard = TypingGuard(self, self.TYPING_GAP if typing_gap is None
                                        else typing_gap)
        self.idle_collector = IdleCollector()
        self.sessions_opened = 0  # from the second on, the one before is released first
        self.vocabulary = None  # the data folder's labels, read when first needed
        # Every message shown, in order (severity, text): an error leaves the screen at
        # the next key, but what was said can still be looked up (and tested).
        self.told: list[tuple[str, str]] = []
        self.refusals = 0  # warnings and errors told so far (the typing guard asks)

    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = True) -> None:
        self.told.append((severity, str(message)))
        del self.told[:-500]
        if severity in ("warning", "error"):
            self.refusals += 1
        super().notify(message, title=title, severity=severity, timeout=timeout,
                       markup=markup)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.idle_collector.touched()
            if isinstance(event, events.Key):
                if self.typing_guard.intercepts(event):
                    return  # held to see whether it is typing (keyboard.py)
                self._dismiss_read_errors()
        await super().on_event(event)

    @property
    def _background_screens(self) -> list:
        # Textual counts the screen under the top one as visible even when the top one is
        # opaque. The card always has one under it (Textual's default screen or the
        # picker), and each repaint of that hidden screen repainted the whole card (a full
        # frame per key instead of the changed lines). Only a screen that lets the one
        # under it show through (a dialog) has screens in the background.
        try:
            if self.screen.styles.background.a == 1:
                return []
        except ScreenStackError:
            return []
        return super()._background_screens

    def _dismiss_read_errors(self) -> None:
        """An error stays until the next key: by then the facilitator has seen it."""
        now = time.time()
        for notification in list(self._notifications):
            if notification.severity == "error" and now - notification.raised_at > 0.3:
                self._unnotify(notification)

    # -- sessions ------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.set_interval(1.0, self.idle_collector.tick)
        if self.workshop is not None:
            # After Textual's start-up batch, not inside it: a screen pushed inside is
            # drawn once for nothing (the batch throws the frame away) and then again.
            self.call_later(self._show_card)
        elif not self.folder.slugs():
            self.open_demo()  # a newcomer sees a filled card at once
        else:
            self.push_screen(PickerScreen(self.folder))

    async def _show_card(self) -> None:
        assert self.workshop is not None
        await self.push_screen(CardScreen(self.workshop))
        if self.open_room_at_start:  # kaart open SESSIE --zaal
            await self.action_open_room()

    def open_session(self, name: str) -> None:
        try:
            store = self.folder.open(name)
        except KaartError as error:
            self.notify(error.message, severity="error", markup=False, timeout=15)
            return
        self.open_store(store)

    def open_store(self, store: SessionStore) -> None:
        if self.sessions_opened or self.workshop is not None:
            # A session before this one: a full collection (and trim) only then, not on
            # the way to the first card, where there is nothing to release yet.
            release_memory()
        try:
            workshop = Workshop(store, templates_dir=self.folder.templates_dir)
        except KaartError as error:
            store.close()
            self.notify(error.message, severity="error", markup=False, timeout=15)
            return
        self.sessions_opened += 1
        self._close_workshop()
        self.workshop = workshop
        self.push_screen(CardScreen(workshop))

    def open_demo(self) -> None:
        try:
            existing = find_demo(self.folder)
            if existing:
                self.open_session(existing)
            else:
                self.open_store(create_demo(self.folder))
        except KaartError as error:
            self.notify(error.message, severity="error", markup=False, timeout=15)

    def load_vocabulary(self):
        if self.vocabulary is None:
            try:
                self.vocabulary = self.folder.labels.load()
            except KaartError as error:
                self.notify(error.message, severity="error", markup=False, timeout=15)
                return None
        return self.vocabulary

    def add_labels(self, names) -> tuple[str, ...]:
        """New labels in the data folder's vocabulary; their ids, in the order of names."""
        from kaart_tui.domain.labels import add_label

        def with_new(vocabulary):
            for name in names:
                vocabulary, _ = add_label(vocabulary, name)
            return vocabulary

        self.vocabulary = self.folder.labels.update(with_new)
        return tuple(self.vocabulary.by_name(name).id for name in names)

    def action_analysis(self) -> None:
        from kaart_tui.screens.analysis import AnalysisScreen, SessionsDialog

        def chosen(slugs) -> None:
            if slugs:
                self.push_screen(AnalysisScreen(self.folder, slugs))

        self.push_screen(SessionsDialog(self.folder), chosen)

    def action_labels(self) -> None:
        from kaart_tui.screens.labels import LabelsScreen

        self.push_screen(LabelsScreen(self.folder))

    def action_switch_session(self) -> None:
        """Back to the session picker: the one under the card if the app began there
        (it reloads its list when it shows again), else a new one."""
        self._close_workshop()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, PickerScreen):
            self.pop_screen()
        if not isinstance(self.screen, PickerScreen):
            self.push_screen(PickerScreen(self.folder))

    def _close_workshop(self) -> None:
        if self.room_server is not None:
            from kaart_tui.screens.room_control import close_room_soon

            close_room_soon(self)  # its gateway is this workshop: it closes with it
        if self.workshop is not None:
            self.workshop.close()
            self.workshop = None
        forget_drawn_widgets()

    async def on_unmount(self) -> None:
        if self.room_server is not None:
            from kaart_tui.screens.room_control import stop_room

            await stop_room(self)
        self._close_workshop()

    # -- the room (De zaal doet mee) -----------------------------------------------------
    async def action_open_room(self) -> None:
        from kaart_tui.screens.room_control import open_room

        await open_room(self)

    async def action_stop_room(self) -> None:
        from kaart_tui.screens.room_control import stop_room

        if self.room_server is None:
            self.notify("De zaal is niet open.", severity="warning")
            return
        await stop_room(self)
        self.notify("De zaal is gesloten; de telefoons zien dat de bijeenkomst gesloten is.")

    # -- help and commands ---------------------------------------------------------------
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="Zoek een opdracht…",
                                            id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Rarely used actions live here instead of on a key (in Dutch, like the rest)."""
        if isinstance(screen, CardScreen):
            yield SystemCommand("Bijeenkomst wisselen", "Kies een andere of nieuwe bijeenkomst",
                                screen.action_switch_bijeenkomst)
            yield SystemCommand("Presenteren (beamer)", "Alleen de kaart, groot en zonder "
                                "menu's (F5)", screen.action_presentation)
            yield SystemCommand("Leesrichting omdraaien", "Papier (5→1) of stap 1→5 (o)",
                                screen.action_order)
            yield SystemCommand("Hulpvragen tonen", "De hulpvragen van de gekozen stap (v)",
                                screen.action_guiding)
            yield SystemCommand("Timer: start of pauze", "Aftellen voor de gekozen stap (s)",
                                screen.action_timer)
            yield SystemCommand("Timer: duur instellen", "Minuten voor de gekozen stap",
                                self._ask_timer_minutes)
            yield SystemCommand("Timer: terugzetten", "Begin opnieuw (S)",
                                screen.action_timer_reset)
            yield SystemCommand("Opnieuw (redo)", "Herhaal wat ongedaan is gemaakt (U)",
                                screen.action_redo)
            yield SystemCommand("Verslag maken (Word)", "Het verslag van deze bijeenkomst "
                                "in exports/ (E)", screen.action_export)
            yield SystemCommand("Verslag maken, anoniem", "Zonder namen van deelnemers: "
                                "organisatie en voorletter", lambda: screen.action_export(True))
            yield SystemCommand("Poster maken (A3)", "De ingevulde kaart als PDF om op te "
                                "hangen, in exports/", screen.action_poster)
            yield SystemCommand("Poster maken, anoniem", "De poster zonder namen van "
                                "deelnemers", lambda: screen.action_poster(True))
            yield from self._room_commands(screen)
            yield SystemCommand("Acties", "Individuele, collectieve en externe acties (A)",
                                screen.action_actions)
            yield SystemCommand("Terugblik acties", "Wat staat nog open uit eerdere "
                                "bijeenkomsten?", screen.action_review)
            yield SystemCommand("Evaluatiebijeenkomst starten", "Nieuwe bijeenkomst met de "
                                "Evaluatiekaart: toen en nu", screen.action_start_evaluation)
            yield SystemCommand("Aanwezigheid en deelnemers", "Het aanwezigheidsrooster (g)",
                                screen.action_attendance)
            yield SystemCommand("Quorum instellen", "Hoeveel procent aanwezig moet zijn",
                                self._ask_quorum)
            yield SystemCommand("Volgende bijeenkomst vastleggen", "Datum en plaats, voor de "
                                "afspraken in het verslag (ook v bij de acties)",
                                screen.action_next_meeting)
            yield SystemCommand("Andere sessie openen", "Terug naar de sessiekeuze",
                                self.action_switch_session)
        if isinstance(screen, CardScreen):
            yield SystemCommand("Labels geven", "Labels op het thema of punt waarop u staat (L)",
                                screen.action_labels)
        yield SystemCommand("Labels beheren", "Nieuw, hernoemen, samenvoegen (gedeeld door "
                            "alle sessies)", self.action_labels)
        yield SystemCommand("Analyse: kaarten naast elkaar", "Welke thema's keren terug, per "
                            "stap en over stappen heen", self.action_analysis)
        yield SystemCommand("Hulp", "Alle toetsen (?)", self.action_help)
        yield SystemCommand("Kleurenthema", "Kies een ander kleurenthema",
                            self.action_change_theme)
        yield SystemCommand("Stoppen", "Alles is al opgeslagen", self.action_quit)

    def _room_commands(self, screen: CardScreen) -> Iterable[SystemCommand]:
        if self.room_server is None:
            yield SystemCommand("Zaal openen", "De deelnemers doen mee met hun telefoon, "
                                "zonder internet (Z)", self.action_open_room)
            return
        yield SystemCommand("Zaal beheren", "Wachtrij, aanmeldingen, telefoons (Z)",
                            screen.action_room)
        yield SystemCommand("Zaal: bijdragen voor deze stap", "De telefoons sturen "
                            "bijdragen voor de gekozen stap, met naam",
                            screen.action_room_contribute)
        yield SystemCommand("Zaal: bijdragen zonder naam", "De telefoons sturen bijdragen "
                            "voor de gekozen stap, zonder naam",
                            lambda: screen.action_room_contribute(True))
        yield SystemCommand("Zaal sluiten", "De telefoons kunnen niets meer insturen",
                            self.action_stop_room)

    def _ask_quorum(self) -> None:
        workshop = self.workshop
        if workshop is None:
            return

        def chosen(quorum: float | None) -> None:
            if quorum is not None:
                applied = apply_change(self.screen, workshop,
                                       lambda: people.set_quorum(workshop.card, quorum))
                if applied is not None:
                    self.notify(applied.label, markup=False)

        self.push_screen(TextPrompt("Quorum: hoeveel procent moet aanwezig zijn?",
                                    str(round(workshop.card.quorum * 100)),
                                    parse=parse_percentage, preview=percent), chosen)

    def _ask_timer_minutes(self) -> None:
        screen = self.screen
        if not isinstance(screen, CardScreen):
            return

        def chosen(minutes: float | None) -> None:
            if minutes is not None:
                screen.set_timer_minutes(minutes)

        self.push_screen(TextPrompt("Timer: hoeveel minuten?", "10", parse=parse_minutes,
                                    preview=lambda m: f"{decimal(m, 1)} minuten"), chosen)


def forget_drawn_widgets() -> None:
    """Let the closed session's widgets go. Textual (8.2) caches a style lookup with
    functools.lru_cache(1024) on StylesCache, and its key holds the widget's StylesCache,
    with every line drawn: each session switch kept ~3,000 drawn lines (32,000 objects)
    alive, up to 1,024 widgets' worth. Clearing it costs one lookup per widget later."""
    from textual._styles_cache import StylesCache

    clear = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if clear is not None:
        clear()


def run_app(folder: DataFolder, name: str | None = None, room: bool = False,
            room_address: str | None = None, room_port: int = 0) -> int:
    """Start the app; a named session is opened (and locked) before the screen appears,
    so a refusal is a one-line message on the terminal, not a flash in the app."""
    tune_collector()
    workshop = Workshop(folder.open(name), templates_dir=folder.templates_dir) if name else None
    try:
        KaartApp(folder, workshop, room=room, room_address=room_address,
                 room_port=room_port).run()
    finally:
        if workshop is not None:
            workshop.close()
    return 0
