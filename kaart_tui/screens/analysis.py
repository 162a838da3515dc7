"""Cards side by side: the analysis of several sessions' labelled themes."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kaart_tui.domain.analysis import Analysis, Presence, Team, analyse, presence_text
from kaart_tui.domain.steps import FILL_ORDER
from kaart_tui.dutch import decimal
from kaart_tui.errors import KaartError
from kaart_tui.screens.base import KaartModal, KaartScreen
from kaart_tui.store import DataFolder
from kaart_tui.teams import load_teams, write_team_analysis
from kaart_tui.widgets.footer import QuietFooter

CELL_STYLE = {Presence.TOP: "bold green", Presence.PRESENT: "yellow", Presence.ABSENT: "dim"}


class SessionsDialog(KaartModal):
    """Pick two or more sessions: space marks, Enter goes."""

    BINDINGS = [Binding("space", "toggle", "Kiezen"), Binding("enter", "done", "Analyseren"),
                Binding("escape", "cancel", "Annuleren")]

    def __init__(self, folder: DataFolder) -> None:
        super().__init__()
        self.folder = folder
        self.chosen: list[str] = []
        self.listings = [s for s in folder.list_sessions() if not s.problem]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Welke kaarten naast elkaar?", style="bold"), classes="dialog-title")
            yield Static(Text("spatie: kiezen · Enter: analyseren (twee of meer) · Esc: terug",
                              style="dim"), classes="dialog-hint")
            yield OptionList(id="session-choices", markup=False)

    def on_mount(self) -> None:
        self._draw()
        self.query_one(OptionList).focus()

    def _draw(self) -> None:
        option_list = self.query_one(OptionList)
        index = option_list.highlighted or 0
        option_list.set_options([
            Option(Text(("✓ " if s.slug in self.chosen else "  ") + (s.title or s.slug)),
                   id=s.slug) for s in self.listings])
        if self.listings:
            option_list.highlighted = min(index, len(self.listings) - 1)

    def action_toggle(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is None:
            return
        if option.id in self.chosen:
            self.chosen.remove(option.id)
        else:
            self.chosen.append(option.id)
        self._draw()

    def action_done(self) -> None:
        if len(self.chosen) < 2:
            self.notify("Kies twee of meer sessies met spatie.", severity="warning")
            return
        self.dismiss(list(self.chosen))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_done()

    def action_cancel(self) -> None:
        self.dismiss(None)


def render(analysis: Analysis, teams: list[Team]) -> Group:
    parts: list = [Text("Kaarten naast elkaar: " + ", ".join(analysis.teams), style="bold"),
                   Text("")]
    template = teams[0].template
    for step in FILL_ORDER:
        table = Table(title=template.step(step).heading, title_justify="left",
                      title_style="bold", expand=True)
        table.add_column("Label")
        for name in analysis.teams:
            table.add_column(name)
        table.add_column("teams", justify="right")
        for row in analysis.per_step[step]:
            table.add_row(row.label.name,
                          *(Text(presence_text(cell, template.step(step).top_n),
                                 style=CELL_STYLE[cell]) for cell in row.cells),
                          str(row.teams))
        if not analysis.per_step[step]:
            table.add_row(Text("(geen labels)", style="dim"), *("" for _ in analysis.teams), "")
        parts += [table, Text("")]
    tops = Table(title="De top per team", title_justify="left", title_style="bold", expand=True)
    tops.add_column("Stap")
    for name in analysis.teams:
        tops.add_column(name)
    for step in FILL_ORDER:
        tops.add_row(template.step(step).name,
                     *("\n".join(f"{place}. {title}" for place, title in column) or "—"
                       for column in analysis.tops[step]))
    parts += [tops, Text("")]
    crossing = Table(title="Overstijgende labels", title_justify="left", title_style="bold",
                     expand=True)
    for heading in ("Label", "Stappen", "Teams", "Waar"):
        crossing.add_column(heading)
    for item in analysis.cross_cutting:
        crossing.add_row(item.label.name,
                         ", ".join(template.step(s).name for s in item.steps),
                         ("alle teams" if item.in_every_team else ", ".join(item.teams)),
                         "; ".join(f"{team}: {template.step(s).name}" for team, s in item.where))
    parts += [crossing, Text("")]
    presence = Table(title="Aanwezigheid en scores", title_justify="left", title_style="bold",
                     expand=True)
    for heading in ("Team", "Bijeenkomst", "Aanwezig", "Score"):
        presence.add_column(heading)
    for team in analysis.presence:
        for number, text, score in team.bijeenkomsten:
            presence.add_row(team.team, str(number), text,
                             decimal(score) if score is not None else "")
    parts.append(presence)
    return Group(*parts)


class AnalysisScreen(KaartScreen):
    BINDINGS = [Binding("E", "export", "Naar Word en CSV"),
                Binding("escape", "app.pop_screen", "Terug")]

    def __init__(self, folder: DataFolder, slugs: list[str]) -> None:
        super().__init__(id="analysis")
        self.folder = folder
        self.slugs = slugs

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="analysis-body"):
            yield Static(id="analysis-content")
        yield QuietFooter()

    def on_mount(self) -> None:
        try:
            teams, vocabulary = load_teams(self.folder, self.slugs)
        except KaartError as error:
            self.notify(error.message, severity="error", markup=False, timeout=15)
            return
        if not vocabulary.labels:
            self.notify("Er zijn nog geen labels: geef thema's labels met L op de kaart.",
                        severity="warning", timeout=10)
        self.query_one("#analysis-content", Static).update(
            render(analyse(teams, vocabulary), teams))
        self.query_one("#analysis-body").focus()

    def action_export(self) -> None:
        def job() -> None:
            try:
                paths = write_team_analysis(self.folder, self.slugs, None)
            except KaartError as error:
                self.app.call_from_thread(self.notify, error.message, severity="error",
                                          markup=False, timeout=15)
            else:
                self.app.call_from_thread(self.notify, "Analyse geschreven: " + ", ".join(
                    str(p) for p in paths), markup=False, timeout=15)

        self.run_worker(job, thread=True, exclusive=True, group="analysis",
                        exit_on_error=False)
