"""The language tables stay in step, and each language writes dates, numbers and cadences its way."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from vaultkit.i18n import EN, ES, TABLES, words
from vaultkit.names import clash_key, safe_name
from vaultkit.pages.naming import BALANCE_FOLDER
from vaultkit.values import Cadence


def placeholders(template: str) -> set[str]:
    return {field for _text, field, _spec, _conv in string.Formatter().parse(template) if field is not None}


def test_spanish_has_exactly_the_english_keys():
    assert sorted(set(EN) - set(ES)) == []
    assert sorted(set(ES) - set(EN)) == []


@pytest.mark.parametrize("key", sorted(EN))
def test_spanish_fills_the_same_placeholders(key):
    assert placeholders(ES[key]) == placeholders(EN[key])


def test_every_table_is_known_by_its_code():
    assert TABLES == {"en": EN, "es": ES}


@pytest.mark.parametrize("language", sorted(TABLES))
def test_page_file_names_are_safe_distinct_and_not_the_balance_folder(language):
    say = words(language)
    names = [say(key) for key in sorted(EN) if key.startswith("file.")]
    assert all(safe_name(name) == name for name in names)
    assert len({clash_key(n) for n in names + [BALANCE_FOLDER]}) == len(names) + 1


def test_spanish_words_have_their_accents():
    say = words("es")
    assert [say(f"group.{g}") for g in ("overdue", "today", "next_7_days", "later", "undated")] == [
        "Vencidos", "Hoy", "Próximos 7 días", "Más adelante", "Sin fecha"]
    assert say("reason.cadence") == "mantener el contacto"
    assert say("verdict.give_more") == "Das más."
    assert say("verdict.even") == "Equilibrado."
    assert say("file.followups") == "Seguimientos"


def test_an_unknown_language_speaks_english():
    assert words("fr")("group.today") == "Today"
    assert words("fr").date(dt.date(2026, 3, 5)) == "2026-03-05"


@pytest.mark.parametrize("day, en, es", [
    (dt.date(2026, 11, 22), "2026-11-22", "22/11/2026"),
    (dt.date(2027, 1, 5), "2027-01-05", "05/01/2027"),
    (dt.date(999, 3, 9), "0999-03-09", "09/03/0999"),
])
def test_dates(day, en, es):
    assert words("en").date(day) == en == day.isoformat()
    assert words("es").date(day) == es


def test_chart_axis_labels():
    assert words("en").day_month(dt.date(2026, 1, 5)) == "01-05"
    assert words("es").day_month(dt.date(2026, 1, 5)) == "05/01"


@pytest.mark.parametrize("value, en, es", [
    (3, "3", "3"), (3.0, "3", "3"), (2.5, "2.5", "2,5"), (15.66, "15.7", "15,7"), (-0.5, "-0.5", "-0,5"), (0, "0", "0"),
])
def test_numbers(value, en, es):
    assert words("en").number(value) == en
    assert words("es").number(value) == es


def test_signed_numbers_and_percentages():
    assert [words("en").signed(v) for v in (2.5, 0, -2)] == ["+2.5", "0", "-2"]
    assert [words("es").signed(v) for v in (2.5, 0, -2)] == ["+2,5", "0", "-2"]
    assert words("en").percent(54.16) == "54.2%"
    assert words("es").percent(54.16) == "54,2 %"
    assert words("es").percent(100) == "100 %"


@pytest.mark.parametrize("cadence, en, es", [
    (Cadence(1, "d"), "1d", "día"), (Cadence(30, "d"), "30d", "30 días"),
    (Cadence(1, "w"), "1w", "semana"), (Cadence(2, "w"), "2w", "2 semanas"),
    (Cadence(1, "m"), "1m", "mes"), (Cadence(3, "m"), "3m", "3 meses"),
    (Cadence(1, "y"), "1y", "año"), (Cadence(2, "y"), "2y", "2 años"),
])
def test_cadences(cadence, en, es):
    assert words("en").cadence(cadence) == en == str(cadence)
    assert words("es").cadence(cadence) == es
    assert words("es")("why.cadence_never", cadence=words("es").cadence(cadence)) == f"cada {es}, aún sin contacto"
