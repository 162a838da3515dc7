"""Card templates: the shipped TOML files and a facilitator's own file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaart_tui.domain.steps import FILL_ORDER, Step
from kaart_tui.domain.templates import parse_template
from kaart_tui.errors import DomainError
from kaart_tui.template_files import load_template, load_template_file

STEP_BLOCK = """
[steps.{key}]
name = "{name}"
subtitle = "sub"
question = "Vraag bij {key}?"
guiding = ["Hulpvraag A?", "  ", "Hulpvraag B?"]
top_n = {top_n}
"""


def template_text(*, skip: str | None = None, extra_in: str | None = None,
                  extra_line: str = "", top_n: str = "3") -> str:
    text = 'id = "eigen"\nname = "Eigen kaart"\ndescription = "Voor ons team"\n'
    for step in FILL_ORDER:
        if step.value == skip:
            continue
        text += STEP_BLOCK.format(key=step.value, name=step.value.title(),
                                  top_n=top_n if step is Step.ACTIES else "3")
        if step.value == extra_in:
            text += extra_line + "\n"
    return text


# -- shipped templates ------------------------------------------------------------------------
@pytest.mark.parametrize("template_id", ["partnerschapskaart", "evaluatiekaart"])
def test_shipped_templates_load_with_five_steps(template_id: str) -> None:
    template = load_template(template_id)
    assert template.id == template_id
    assert list(template.steps) == list(FILL_ORDER)
    for step in FILL_ORDER:
        text = template.step(step)
        assert text.step is step
        assert text.name and text.question
        assert 1 <= text.top_n <= 5
    assert template.step(Step.ACTIES).top_n == 5


def test_partnerschapskaart_has_the_guiding_questions_of_the_reports() -> None:
    template = load_template("partnerschapskaart")
    assert template.step(Step.WAARDEN).question == "De samenwerking is geslaagd als ..."
    assert template.step(Step.RELATIES).guiding == (
        "Hoe delen we kennis?",
        "Hoe delen we zeggenschap?",
        "Hoe blijft ieder in zijn eigen kracht?",
        "Hoe beslissen we samen?",
        "Hoe gaan we met elkaar om?",
    )
    assert template.step(Step.HANDELEN).guiding == (
        "Wat moeten we kunnen?", "Hoe communiceren we?", "Hoe betrekken we iedereen?",
    )
    assert template.step(Step.VOORWAARDEN).guiding == (
        "Wat vragen we van mensen?", "Wat hebben we nodig?", "Wat vragen we van de omgeving?",
    )
    assert template.step(Step.ACTIES).guiding == (
        "Wat ga ik doen (individueel)?",
        "Wat gaan we doen als team (collectief)?",
        "Wat vragen we anderen te doen (extern)?",
    )
    assert template.step(Step.ACTIES).top_n == 5
    for step in (Step.WAARDEN, Step.RELATIES, Step.HANDELEN, Step.VOORWAARDEN):
        assert template.step(step).top_n == 3


def test_partnerschapskaart_step_names_and_headings() -> None:
    template = load_template("partnerschapskaart")
    assert [template.step(s).name for s in FILL_ORDER] == [
        "Waarden", "Relaties", "Handelen", "Voorwaarden", "Acties",
    ]
    assert template.step(Step.WAARDEN).heading == "Stap 1: Waarden"
    assert template.step(Step.ACTIES).heading == "Stap 5: Acties"


def test_unknown_shipped_template_is_refused_naming_it() -> None:
    with pytest.raises(DomainError) as raised:
        load_template("kwartetkaart")
    assert "kwartetkaart" in raised.value.message


# -- parse_template ---------------------------------------------------------------------------
def test_parse_template_reads_a_valid_text() -> None:
    template = parse_template(template_text(top_n="4"), "eigen.toml")
    assert (template.id, template.name, template.description) == (
        "eigen", "Eigen kaart", "Voor ons team")
    assert template.step(Step.HANDELEN).guiding == ("Hulpvraag A?", "Hulpvraag B?")
    assert template.step(Step.ACTIES).top_n == 4


def test_parse_template_top_n_defaults_to_3_and_subtitle_is_optional() -> None:
    text = template_text().replace("top_n = 3\n", "").replace('subtitle = "sub"\n', "")
    template = parse_template(text, "eigen.toml")
    assert all(template.step(s).top_n == 3 for s in FILL_ORDER)
    assert template.step(Step.WAARDEN).subtitle == ""


def test_parse_template_syntax_error_names_the_file_and_line() -> None:
    text = 'id = "eigen"\nname = "Eigen kaart"\nquestion = = "kapot"\n'
    with pytest.raises(DomainError) as raised:
        parse_template(text, "eigen.toml")
    message = raised.value.message
    assert "eigen.toml" in message
    assert "regel 3" in message


def test_parse_template_syntax_error_line_number_is_the_real_line() -> None:
    lines = template_text().splitlines()
    lines.insert(20, "dit is geen toml")
    with pytest.raises(DomainError) as raised:
        parse_template("\n".join(lines), "eigen.toml")
    assert "regel 21" in raised.value.message


@pytest.mark.parametrize("step", [s.value for s in FILL_ORDER])
def test_parse_template_refuses_a_missing_step(step: str) -> None:
    with pytest.raises(DomainError) as raised:
        parse_template(template_text(skip=step), "eigen.toml")
    assert f"[steps.{step}]" in raised.value.message
    assert "eigen.toml" in raised.value.message


def test_parse_template_refuses_an_unknown_key_in_a_step() -> None:
    text = template_text(extra_in="relaties", extra_line='vraag = "typo"')
    with pytest.raises(DomainError) as raised:
        parse_template(text, "eigen.toml")
    assert "'vraag'" in raised.value.message
    assert "[steps.relaties]" in raised.value.message


def test_parse_template_refuses_an_unknown_step() -> None:
    text = template_text() + '\n[steps.evaluatie]\nname = "X"\nquestion = "Y"\n'
    with pytest.raises(DomainError) as raised:
        parse_template(text, "eigen.toml")
    assert "evaluatie" in raised.value.message


def test_parse_template_refuses_a_missing_steps_table() -> None:
    with pytest.raises(DomainError) as raised:
        parse_template('id = "eigen"\nname = "Eigen"\n', "eigen.toml")
    assert "[steps]" in raised.value.message


@pytest.mark.parametrize("key", ["id", "name"])
def test_parse_template_refuses_a_missing_id_or_name(key: str) -> None:
    text = template_text().replace(f'{key} = "', f'x{key} = "', 1)
    with pytest.raises(DomainError) as raised:
        parse_template(text, "eigen.toml")
    assert f"'{key}'" in raised.value.message


@pytest.mark.parametrize("top_n", ["0", "6", '"3"', "true", "2.5", "-1"])
def test_parse_template_refuses_a_bad_top_n(top_n: str) -> None:
    with pytest.raises(DomainError) as raised:
        parse_template(template_text(top_n=top_n), "eigen.toml")
    message = raised.value.message
    assert "top_n" in message and "[steps.acties]" in message


@pytest.mark.parametrize(("old", "new", "key"), [
    ('question = "Vraag bij waarden?"', 'question = "  "', "question"),
    ('name = "Waarden"', "name = 3", "name"),
    ('guiding = ["Hulpvraag A?", "  ", "Hulpvraag B?"]\ntop_n = 3\n\n[steps.relaties]',
     'guiding = "Hulpvraag A?"\ntop_n = 3\n\n[steps.relaties]', "guiding"),
])
def test_parse_template_refuses_bad_step_texts(old: str, new: str, key: str) -> None:
    text = template_text()
    assert old in text
    with pytest.raises(DomainError) as raised:
        parse_template(text.replace(old, new, 1), "eigen.toml")
    assert f"'{key}'" in raised.value.message
    assert "[steps.waarden]" in raised.value.message


# -- load_template_file -----------------------------------------------------------------------
def test_load_template_file_reads_a_custom_file(tmp_path: Path) -> None:
    path = tmp_path / "onze kaart.toml"
    path.write_text(template_text().replace("Vraag bij handelen?", "Wat doen we al? 👍"),
                    encoding="utf-8")
    template = load_template_file(path)
    assert template.id == "eigen"
    assert template.step(Step.HANDELEN).question == "Wat doen we al? 👍"


def test_load_template_file_error_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "kapot.toml"
    path.write_text(template_text(skip="acties"), encoding="utf-8")
    with pytest.raises(DomainError) as raised:
        load_template_file(path)
    assert str(path) in raised.value.message


def test_load_template_file_refuses_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "bestaat-niet.toml"
    with pytest.raises(DomainError) as raised:
        load_template_file(path)
    assert str(path) in raised.value.message


def test_load_template_file_refuses_a_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(template_text().replace("Eigen kaart", "Één kaart").encode("cp1252"))
    with pytest.raises(DomainError) as raised:
        load_template_file(path)
    assert str(path) in raised.value.message
