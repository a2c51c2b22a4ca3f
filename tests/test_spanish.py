"""``language = "es"``: Spanish pages, page names and terminal views; JSON and front matter stay neutral;
switching language leaves no page of the old language behind unreported."""

from __future__ import annotations

import json
import unicodedata

import pytest
from click.testing import CliRunner
from conftest import TODAY, write_vault

from vaultkit.cli import main
from vaultkit.vault import load_vault

OUT = "VaultKit"
DAY = "2026-11-22"

NOTES = {
    "Contacts/Ana.md": "---\ntype: contact\ncadence: 2w\ninterests: [ajedrez, ciclismo]\n---\n",
    "Contacts/Ben.md": "---\ntype: contact\n---\n",
    "Meetings/2026-11-01 Café.md": """\
        ---
        type: meeting
        date: 2026-11-01
        with: ["[[Ana]]", "[[Ben]]"]
        goals: ["[[Conocer gente]]"]
        ---
        ## Aporté
        - un libro
        ## Pedí
        - una recomendación [weight:: 2.5]
        """,
    "Meetings/2026-11-05 Llamada.md": """\
        ---
        type: call
        date: 2026-11-05
        with: ["[[Ben]]"]
        ---
        ## Pedí
        - una referencia
        - [ ] enviar las diapositivas 📅 2026-11-25
        """,
    "Goals/Conocer gente.md": "---\ntype: goal\nmetric: contacts\ntarget: 3\nstart: 2026-09-01\ndeadline: 2027-02-28\n"
                              "review: never\n---\n",
}
ENGLISH_PAGES = ["Balance.md", "Balance/Ana.md", "Balance/Ben.md", "Dashboard.md", "Follow-ups.md", "Goals.md",
                 "Goals/Conocer gente.md", "Problems.md"]
SPANISH_PAGES = ["Balance.md", "Balance/Ana.md", "Balance/Ben.md", "Objetivos.md", "Objetivos/Conocer gente.md",
                 "Panel.md", "Problemas.md", "Seguimientos.md"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def vault(tmp_path, language: str, name: str = "vault"):
    return write_vault(tmp_path / name, {**NOTES, "vaultkit.toml": f'language = "{language}"\n'})


def set_language(root, language: str) -> None:
    (root / "vaultkit.toml").write_text(f'language = "{language}"\n', encoding="utf-8")


def pages(root) -> list[str]:
    return sorted(p.relative_to(root / OUT).as_posix() for p in (root / OUT).rglob("*.md"))


# -- terminal views ---------------------------------------------------------------------------


def test_followups_view_in_spanish(tmp_path):
    result = run("followups", vault(tmp_path, "es"), "--today", DAY)
    assert result.exit_code == 0
    assert result.stdout == (
        "Vencidos (1)\n"
        "  Ana - mantener el contacto: cada 2 semanas, último contacto el 01/11/2026\n"
        "    venció el 15/11/2026, hace 7 días · Contacts/Ana.md:1\n"
        "\n"
        "Próximos 7 días (1)\n"
        "  Ben - tarea: enviar las diapositivas\n"
        "    vence el 25/11/2026 · Meetings/2026-11-05 Llamada.md:8\n")


def test_goals_view_in_spanish(tmp_path):
    result = run("goals", vault(tmp_path, "es"), "--today", DAY)
    assert result.exit_code == 0
    assert result.stdout == "Conocer gente: 2/3 (previsto 1,4), adelantado\n"


def test_balance_view_in_spanish(tmp_path):
    result = run("balance", vault(tmp_path, "es"), "--today", DAY)
    assert result.exit_code == 0
    assert result.stdout == (
        "Personas ayudadas: 2 · Aportado: 1 · Pedido: 3,5\n"
        "\n"
        "Ben   -2,5  Has pedido más: la próxima vez, da tú primero.\n"
        "    Añade `interests:` a su nota para tener ideas de qué ofrecer.\n"
        "Ana   -1,5  Has pedido más: la próxima vez, da tú primero.\n"
        "    Según sus intereses (ajedrez, ciclismo), un artículo, una presentación o un\n"
        "    evento sobre alguno de ellos sería un buen gesto.\n")


def test_a_review_due_in_the_goals_view_shows_a_spanish_date(tmp_path):
    root = vault(tmp_path, "es")
    write_vault(root, {"Goals/Conocer gente.md": NOTES["Goals/Conocer gente.md"].replace("never", "monthly")})
    result = run("goals", root, "--today", DAY)
    assert result.stdout == ("Conocer gente: 2/3 (previsto 1,4), adelantado\n"
                             "    Revisión: pendiente desde el 01/10/2026\n")  # never reviewed: a month after the start


def json_of(root, command: str) -> dict:
    result = run(command, root, "--today", DAY, "--json")
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_json_is_the_same_in_both_languages(tmp_path):
    english, spanish = vault(tmp_path, "en", "en"), vault(tmp_path, "es", "es")
    for command in ("followups", "goals"):
        assert json_of(english, command) == json_of(spanish, command)
    followups = json_of(spanish, "followups")
    assert [(f["reason"], f["group"], f["due"]) for f in followups["followups"]] == [
        ("cadence", "overdue", "2026-11-15"), ("task", "next_7_days", "2026-11-25")]
    assert followups["followups"][0]["context"]["last_interaction"]["date"] == "2026-11-01"
    goals = json_of(spanish, "goals")["goals"]
    assert [(g["state"], g["start"], g["deadline"]) for g in goals] == [("ahead", "2026-09-01", "2027-02-28")]


def test_balance_json_differs_only_in_the_suggestion_sentence(tmp_path):
    english = json_of(vault(tmp_path, "en", "en"), "balance")
    spanish = json_of(vault(tmp_path, "es", "es"), "balance")
    assert [c["suggestion"] for c in english["contacts"]] == [
        "Give first: add `interests:` to their note to get ideas.",
        "Give first: they care about ajedrez, ciclismo; an article, an intro or an event on one of those would do."]
    assert [c["suggestion"] for c in spanish["contacts"]] == [
        "Añade `interests:` a su nota para tener ideas de qué ofrecer.",
        "Según sus intereses (ajedrez, ciclismo), un artículo, una presentación o un evento sobre alguno de ellos "
        "sería un buen gesto."]
    for document in (english, spanish):
        for contact in document["contacts"]:
            contact.pop("suggestion")
    assert english == spanish
    assert [(c["verdict"], c["balance"]) for c in spanish["contacts"]] == [("asked_more", -2.5), ("asked_more", -1.5)]
    assert spanish["contacts"][0]["entries"][0]["date"] == "2026-11-01"


# -- pages ------------------------------------------------------------------------------------


def test_spanish_pages_have_spanish_names_and_iso_front_matter(tmp_path):
    root = vault(tmp_path, "es")
    result = run("build", root, "--today", DAY)
    assert result.exit_code == 0
    assert pages(root) == SPANISH_PAGES
    for page in SPANISH_PAGES:  # ISO as_of on the pages whose text depends on the date
        undated = page.startswith("Balance") or page == "Problemas.md"
        assert (root / OUT / page).read_text(encoding="utf-8").startswith(
            "---\nvaultkit: generated\n" + ("" if undated else "as_of: 2026-11-22\n") + "---\n\n# ")
    dashboard = (root / OUT / "Panel.md").read_text(encoding="utf-8")
    assert "- [[VaultKit/Objetivos/Conocer gente|Conocer gente]]: 2 / 3 (66,7 %), **adelantado**" in dashboard
    assert "Todos los seguimientos: [[VaultKit/Seguimientos|Seguimientos]]" in dashboard
    assert "Personas ayudadas: 2 · Aportado: 1 · Pedido: 3,5 · [[VaultKit/Balance|Da antes de pedir]]" in dashboard


def test_the_contact_ledger_keeps_its_place_for_embeds(tmp_path):
    root = vault(tmp_path, "es")
    run("build", root, "--today", DAY)
    ledger = (root / OUT / "Balance" / "Ben.md").read_text(encoding="utf-8")
    assert "[[Contacts/Ben|Ben]] · Aportado 1 · Pedido 3,5 · Balance **-2,5**" in ledger
    assert "| 01/11/2026 | aporte | un libro | 1 | +1 | [[Meetings/2026-11-01 Café\\|2026-11-01 Café:8]] |" in ledger
    assert "| 01/11/2026 | petición | una recomendación | 2,5 | -1,5 |" in ledger
    assert ledger.rstrip().endswith("Volver a [[VaultKit/Balance|Da antes de pedir]]")


def test_switching_language_deletes_the_old_pages_and_says_so(tmp_path):
    root = vault(tmp_path, "en")
    assert run("build", root, "--today", DAY).exit_code == 0
    assert pages(root) == ENGLISH_PAGES

    set_language(root, "es")
    result = run("build", root, "--today", DAY)
    assert result.exit_code == 0
    assert result.stderr == "built 8 pages from 5 notes: 8 written, 0 unchanged, 5 deleted: 0 errors, 0 warnings\n"
    assert pages(root) == SPANISH_PAGES
    assert not (root / OUT / "Goals").exists()  # the emptied folder goes too

    set_language(root, "en")
    result = run("build", root, "--today", DAY)
    assert result.stderr == "built 8 pages from 5 notes: 8 written, 0 unchanged, 5 deleted: 0 errors, 0 warnings\n"
    assert pages(root) == ENGLISH_PAGES


def test_switching_language_keeps_an_old_page_edited_by_hand_and_reports_it(tmp_path):
    root = vault(tmp_path, "en")
    run("build", root, "--today", DAY)
    dashboard = root / OUT / "Dashboard.md"
    edited = dashboard.read_text(encoding="utf-8") + "\nMis notas.\n"
    dashboard.write_text(edited, encoding="utf-8")

    set_language(root, "es")
    result = run("build", root, "--today", DAY)
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if "generated-edited" in line] == [
        "VaultKit/Dashboard.md:1: warning[generated-edited] this page is no longer generated, but it was edited by "
        "hand, so it was kept as yours"]
    assert dashboard.read_text(encoding="utf-8") == edited
    assert pages(root) == sorted([*SPANISH_PAGES, "Dashboard.md"])


# -- headings of both languages, whatever the language ------------------------------------------

SPANISH_HEADINGS = ("## Di", "## Aporté", "## OFRECÍ", "## Pedí", "## PEDÍ", "## " + unicodedata.normalize("NFD", "Pedí"),
                    "## Pido", "## Registro")
ENGLISH_HEADINGS = ("## Gave", "## GIVEN", "## give", "## Asked", "## ASK", "## asked:", "## Ask", "## Log")


def headed_vault(root, language: str, headings: tuple[str, ...]):
    """Three give sections, four ask sections (one item each) and a goal log, under ``headings``."""
    *gives_asks, log = headings
    body = "".join(f"{heading}\n- item {n} [[Ana]]\n" for n, heading in enumerate(gives_asks, start=1))
    return load_vault(write_vault(root, {
        "vaultkit.toml": f'language = "{language}"\n',
        "Contacts/Ana.md": "---\ntype: contact\n---\n",
        "Meetings/2026-11-01 Café.md": "---\ntype: meeting\ndate: 2026-11-01\nwith: ['[[Ana]]']\n---\n" + body,
        "Goals/Charlas.md": "---\ntype: goal\nmetric: manual\ntarget: 5\nstart: 2026-09-01\n---\n"
                            f"{log}\n- 2026-10-01: 1 primera\n- 2026-11-01: 3 tercera\n",
    }), TODAY)


def counted(vault) -> tuple:
    kinds = [(e.kind, e.text) for e in vault.exchanges]
    return kinds, vault.progress["Goals/Charlas.md"].value, list(vault.problems)


EXPECTED = ([("give" if n <= 3 else "ask", f"item {n} [[Ana]]") for n in range(1, 8)], 3.0, [])


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("headings", [SPANISH_HEADINGS, ENGLISH_HEADINGS], ids=["spanish-headings", "english-headings"])
def test_headings_of_both_languages_count_in_every_vault(tmp_path, language, headings):
    found = counted(headed_vault(tmp_path / "v", language, headings))
    assert found == EXPECTED


def test_an_nfd_typed_heading_really_differs_from_the_nfc_one():
    assert SPANISH_HEADINGS[5] != "## Pedí" and unicodedata.normalize("NFC", SPANISH_HEADINGS[5]) == "## Pedí"


def test_problems_page_and_dashboard_in_spanish(tmp_path):
    root = vault(tmp_path, "es")
    write_vault(root, {"Contacts/Carla.md": "---\ntype: contact\nmet: 2026-13-01\n---\n"})
    result = run("build", root, "--today", DAY)
    assert result.exit_code == 0
    problems = (root / OUT / "Problemas.md").read_text(encoding="utf-8")
    assert problems.split("\n# ", 1)[1] == (
        "Problemas\n\nErrores: 0 · Avisos: 1\n\n"
        "- [[Contacts/Carla|Carla]] línea 3: warning[bad-date] met: '2026-13-01' is not a real date\n")
    dashboard = (root / OUT / "Panel.md").read_text(encoding="utf-8")
    assert dashboard.endswith("## Problemas\n\nErrores: 0 · Avisos: 1 · [[VaultKit/Problemas|Problemas]]\n")
