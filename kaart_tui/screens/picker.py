"""The session picker: recent sessions, a new session, the demo."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kaart_tui.domain.model import Card, SessionInfo
from kaart_tui.errors import KaartError
from kaart_tui.screens.base import KaartScreen
from kaart_tui.screens.dialogs import ConfirmDialog, TextPrompt
from kaart_tui.store import DataFolder, SessionListing
from kaart_tui.widgets.footer import QuietFooter


class PickerScreen(KaartScreen):
    BINDINGS = [
        Binding("enter", "open", "Openen", show=False),
        Binding("n", "new", "Nieuwe sessie"),
        Binding("d", "demo", "Demo"),
        Binding("h", "restore", "Reservekopie terugzetten"),
        Binding("question_mark", "app.help", "Hulp", key_display="?"),
        Binding("q", "app.quit", "Stoppen"),
    ]

    def __init__(self, folder: DataFolder) -> None:
        super().__init__(id="picker")
        self.folder = folder
        self.listings: dict[str, SessionListing] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-body"):
            yield Static(Text("Partnerschapskaart: kies een sessie", style="bold"),
                         id="picker-title")
            yield Static(Text(f"Sessies in {self.folder.sessions_dir}", style="dim"))
            yield OptionList(id="sessions", markup=False)
        yield QuietFooter()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        options = []
        self.listings = {}
        for listing in self.folder.list_sessions():
            self.listings[listing.slug] = listing
            if listing.problem:
                label = Text(f"⚠ {listing.slug}: onleesbaar", style="bold red")
                label.append(f"\n   {listing.problem}", style="red")
            else:
                label = Text(listing.title or listing.slug, style="bold")
                meetings = "1 bijeenkomst" if listing.bijeenkomsten == 1 else \
                    f"{listing.bijeenkomsten} bijeenkomsten"
                label.append(f"\n   {listing.team} · {meetings} · gewijzigd "
                             f"{listing.modified.strftime('%d-%m-%Y %H:%M')}", style="dim")
            options.append(Option(label, id=listing.slug))
        sessions = self.query_one(OptionList)
        sessions.set_options(options)
        if options:
            sessions.highlighted = 0
        else:
            sessions.set_options([Option(Text("Nog geen sessies. n: nieuwe sessie, d: demo."),
                                         disabled=True)])
        sessions.focus()

    def _highlighted(self) -> str | None:
        option = self.query_one(OptionList).highlighted_option
        return option.id if option and option.id in self.listings else None

    @on(OptionList.OptionSelected)
    def action_open(self) -> None:
        slug = self._highlighted()
        if slug is None:
            return
        listing = self.listings[slug]
        if listing.problem:
            self.notify(listing.problem, severity="error", markup=False, timeout=15)
            return
        self.app.open_session(slug)

    def action_new(self) -> None:
        def titled(title: str | None) -> None:
            if not title:
                return

            def teamed(team: str | None) -> None:
                if team is None:
                    return
                try:
                    info = SessionInfo.create(title, team or title)
                    store = self.folder.create(Card(info))
                except KaartError as error:
                    self.notify(error.message, severity="error", markup=False)
                    return
                self.app.open_store(store)

            self.app.push_screen(TextPrompt("Naam van het team", placeholder="bv. "
                                            "Uitvoeringsteam Kamperpoort (Enter: zelfde als "
                                            "titel)"), teamed)

        self.app.push_screen(TextPrompt("Nieuwe sessie: titel",
                                        placeholder="bv. Partnerschapskaart Kamperpoort"),
                             titled)

    def action_demo(self) -> None:
        self.app.open_demo()

    def action_restore(self) -> None:
        slug = self._highlighted()
        if slug is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                _, kept, _ = self.folder.restore_backup(slug)
            except KaartError as error:
                self.notify(error.message, severity="error", markup=False, timeout=10)
                return
            self.notify(f"Reservekopie teruggezet. Het beschadigde bestand staat in {kept}.",
                        markup=False, timeout=10)
            self.reload()

        self.app.push_screen(ConfirmDialog(
            "Reservekopie terugzetten?",
            f"De laatst opgeslagen goede versie van '{slug}' wordt teruggezet. Het huidige "
            "bestand wordt bewaard, niet gewist."), confirmed)
