"""A field that gets focus never lets the next key wipe out what the facilitator typed.

Found by CI: the typing guard handed "Md" (a refused key and the first letter of a
sentence) to the add field, focus selected it, and the next letter replaced it. The same
held for every field kaart focuses by itself: a form's next field after Enter, a field a
refusal points at, a sentence handed to the action form. A value kaart offered (the "3" of
a prompt) is still selected, so that typing replaces it as people expect.
"""

from __future__ import annotations

from kaart_tui.screens.actions import ActionsScreen
from kaart_tui.screens.dialogs import TextPrompt
from kaart_tui.screens.forms import FormDialog
from tests.ui_helpers import demo_app, run

SIZE = (120, 40)


def test_text_handed_to_the_add_field_survives_the_next_key(tmp_path):
    async def inner():
        _, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card = app.screen
            card.typed_text("Md")  # what the guard hands over when a sentence pauses
            await pilot.press(*"e gemeente")
            await pilot.pause()
            assert card.column(card.active).add_input.value == "Mde gemeente"

    run(inner())


def test_a_form_field_typed_in_keeps_its_text_when_the_facilitator_comes_back(tmp_path):
    async def inner():
        _, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("A")
            await pilot.pause()
            assert isinstance(app.screen, ActionsScreen)
            await pilot.press("n")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FormDialog)
            await pilot.press("1", *"Ik bel", "enter")  # scope, the text, on to the owner
            await pilot.press("shift+tab")  # back to the text
            await pilot.press(*" de wijkagent")
            await pilot.pause()
            assert form.query_one("#field-text").value == "Ik bel de wijkagent"

    run(inner())


def test_a_sentence_handed_to_the_action_form_survives_the_move_to_its_field(tmp_path):
    async def inner():
        _, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("A")
            await pilot.pause()
            app.screen.typed_text("Ik bel de wijkagent")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FormDialog)
            await pilot.press("1")  # the scope; the form moves on to the text by itself
            await pilot.pause()
            assert app.focused is form.query_one("#field-text")
            await pilot.press(*" morgen")
            await pilot.pause()
            assert form.query_one("#field-text").value == "Ik bel de wijkagent morgen"

    run(inner())


def test_a_value_kaart_offered_is_still_replaced_by_typing(tmp_path):
    async def inner():
        _, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            prompt = TextPrompt("Quorum", value="3")
            app.push_screen(prompt)
            await pilot.pause()
            await pilot.press("5")
            await pilot.pause()
            assert prompt.query_one("#prompt-input").value == "5"

    run(inner())


def test_a_long_text_scrolls_so_the_cursor_stays_in_sight(tmp_path):
    """The field lays nothing out when its text grows (speed, issue 15), and still
    scrolls its text itself: the letter just typed is on screen, at the cursor."""
    async def inner():
        _, app = demo_app(tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            card = app.screen
            field = card.column(card.active).add_input
            card.typed_text("lang " * 60)
            await pilot.press("Z")
            await pilot.pause()
            assert field.value.endswith("Z") and field.scroll_x > 0
            shown = field.render_line(0).text
            assert "Z" in shown and shown.count("lang") < 60

    run(inner())
