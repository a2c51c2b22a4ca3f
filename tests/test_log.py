"""``vaultkit log CONTACT``: an interaction recorded as a new note that ``build`` then counts."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from authoring_helpers import run, snapshot
from conftest import TODAY, write_vault

from vaultkit.vault import load_vault

DAY = "2026-11-22"
PEOPLE = {
    "Contacts/José Núñez.md": "---\ntype: contact\naliases: [Pepe]\ninterests: [chess]\n---\n",
    "Contacts/Ana García.md": "---\ntype: contact\nname: Ana María García\n---\n",
    "Goals/Find a job.md": "---\ntype: goal\ntitle: Land a staff role\nmetric: interactions\ntarget: 3\n"
                           "start: 2026-11-01\n---\n",
    "Meetings/2026-11-01 Coffee.md": '---\ntype: meeting\ndate: 2026-11-01\nwith: ["[[José Núñez]]"]\n---\n'
                                     "## Asked\n- advice\n",
}




@pytest.fixture
def vault(tmp_path):
    return write_vault(tmp_path / "vault", PEOPLE)


def test_log_writes_a_meeting_note_with_gives_asks_goal_channel_and_date(vault):
    result = run("log", "josé núñez", vault, "--today", DAY, "--gave", "intro to Ana", "--gave", "a book [weight:: 2]",
                 "--asked", "feedback on my CV", "--channel", "coffee", "--date", "2026-11-20",
                 "--goal", "land a staff role", "--note", "Talked about\nchess clubs.")
    assert result.exit_code == 0
    assert result.stdout == "created Meetings/2026-11-20 José Núñez coffee.md\n"
    assert (vault / "Meetings/2026-11-20 José Núñez coffee.md").read_text(encoding="utf-8") == (
        "---\n"
        "type: meeting\n"
        "date: 2026-11-20\n"
        "with:\n"
        "- '[[José Núñez]]'\n"
        "channel: coffee\n"
        "goals:\n"
        "- '[[Find a job]]'\n"
        "---\n"
        "\n"
        "Talked about\nchess clubs.\n"
        "\n"
        "## Gave\n"
        "- intro to Ana\n"
        "- a book [weight:: 2]\n"
        "\n"
        "## Asked\n"
        "- feedback on my CV\n"
    )
    loaded = load_vault(vault, TODAY)
    assert loaded.problems == ()
    logged = [i for i in loaded.interactions if i.date == dt.date(2026, 11, 20)]
    assert [(i.participants, i.channel, i.goals) for i in logged] == [
        (("Contacts/José Núñez.md",), "coffee", ("Goals/Find a job.md",))]
    assert [(e.kind, e.text, e.weight) for e in loaded.exchanges if e.date == dt.date(2026, 11, 20)] == [
        ("give", "intro to Ana", 1), ("give", "a book", 2), ("ask", "feedback on my CV", 1)]
    assert loaded.progress["Goals/Find a job.md"].value == 1


def test_log_defaults_to_today_and_a_meeting_and_never_reuses_a_name(vault):
    first = run("log", "Pepe", vault, "--today", DAY)
    second = run("log", "PEPE", vault, "--today", DAY)
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert first.stdout == "created Meetings/2026-11-22 José Núñez meeting.md\n"
    assert second.stdout == "created Meetings/2026-11-22 José Núñez meeting (2).md\n"
    text = (vault / "Meetings/2026-11-22 José Núñez meeting.md").read_text(encoding="utf-8")
    assert text == "---\ntype: meeting\ndate: 2026-11-22\nwith:\n- '[[José Núñez]]'\n---\n"
    assert (vault / "Meetings/2026-11-22 José Núñez meeting (2).md").read_text(encoding="utf-8") == text


def test_log_finds_a_contact_by_name_and_links_its_file_name(vault):
    result = run("log", "ana maría garcía", vault, "--today", DAY, "--channel", "call")
    assert result.stdout == "created Meetings/2026-11-22 Ana María García call.md\n"
    assert "- '[[Ana García]]'\n" in (vault / "Meetings/2026-11-22 Ana María García call.md").read_text(encoding="utf-8")


def test_a_name_typed_without_accents_finds_the_contact_and_says_so(vault):
    plain = run("log", "jose nunez", vault, "--today", DAY)
    assert plain.exit_code == 0
    assert plain.stderr == "'jose nunez' is José Núñez (Contacts/José Núñez.md)\n"
    assert plain.stdout == "created Meetings/2026-11-22 José Núñez meeting.md\n"
    decomposed = unicodedata.normalize("NFD", "JOSÉ NÚÑEZ")  # an exact name (case and normalisation aside): no notice
    done = run("log", decomposed, vault, "--today", DAY)
    assert (done.stdout, done.stderr) == ("created Meetings/2026-11-22 José Núñez meeting (2).md\n", "")


@pytest.mark.parametrize("typed", ["Jose", "josé", "ana maría", "Ana"])
def test_a_first_name_or_the_start_of_a_name_finds_the_one_contact(vault, typed):
    result = run("log", typed, vault, "--today", DAY, "--gave", "a book")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"'{typed}' is ")


def test_a_first_name_two_contacts_share_lists_them_and_creates_nothing(vault):
    write_vault(vault, {"Contacts/José Vidal.md": "---\ntype: contact\n---\n"})
    before = snapshot(vault)
    result = run("log", "jose", vault, "--today", DAY)
    assert result.exit_code == 1
    assert result.stderr == "Error: 'jose' could be 2 contacts: José Núñez, José Vidal; give more of the name\n"
    assert snapshot(vault) == before


def test_log_records_an_outcome_and_a_follow_up_date(vault):
    result = run("log", "Pepe", vault, "--today", DAY, "--channel", "email", "--outcome", "awaiting",
                 "--follow-up", "2026-11-29")
    assert result.exit_code == 0
    text = (vault / "Meetings/2026-11-22 José Núñez email.md").read_text(encoding="utf-8")
    assert "channel: email\noutcome: awaiting\nfollow_up: 2026-11-29\n" in text
    vault_now = load_vault(vault, TODAY)
    logged = [i for i in vault_now.interactions if i.id.endswith("email.md")]
    assert [(i.outcome, i.follow_up) for i in logged] == [("awaiting", dt.date(2026, 11, 29))]


@pytest.mark.parametrize("args, message", [
    (["Zebulon", "--gave", "x"], "no contact named 'Zebulon'"),
    (["Pepe", "--goal", "land a staf role"], "no goal named 'land a staf role'; did you mean 'Land a staff role'?"),
])
def test_an_unknown_contact_or_goal_creates_nothing(vault, args, message):
    before = snapshot(vault)
    result = run("log", *args, vault, "--today", DAY)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert snapshot(vault) == before


def test_an_ambiguous_contact_lists_the_candidates_and_creates_nothing(vault):
    write_vault(vault, {"Contacts/Ana Ruiz.md": "---\ntype: contact\naliases: [Ana]\n---\n",
                        "People/Ana Vidal.md": "---\ntype: contact\naliases: [Ana]\n---\n"})
    before = snapshot(vault)
    result = run("log", "ana", vault, "--today", DAY)
    assert result.exit_code == 1
    assert result.stderr == ("Error: 'ana' names 2 contacts: Contacts/Ana Ruiz.md, People/Ana Vidal.md; "
                             "give its vault path (like 'Contacts/Ana Ruiz') to choose\n")
    assert snapshot(vault) == before


def test_a_file_name_shared_by_two_contacts_is_chosen_by_vault_path(vault):
    write_vault(vault, {"People/José Núñez.md": "---\ntype: contact\n---\n"})
    ambiguous = run("log", "José Núñez", vault, "--today", DAY)
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr.startswith("Error: 'José Núñez' names 2 contacts: Contacts/José Núñez.md, People/José Núñez.md")
    chosen = run("log", "people/josé núñez", vault, "--today", DAY)
    assert chosen.stdout == "created Meetings/2026-11-22 José Núñez meeting.md\n"
    text = (vault / "Meetings/2026-11-22 José Núñez meeting.md").read_text(encoding="utf-8")
    assert "- '[[People/José Núñez]]'\n" in text
    logged = [i for i in load_vault(vault, TODAY).interactions if i.date == TODAY]
    assert [i.participants for i in logged] == [("People/José Núñez.md",)]


def test_a_stem_beats_another_contacts_alias_as_in_links(vault):
    write_vault(vault, {"Contacts/Other.md": "---\ntype: contact\naliases: [José Núñez]\n---\n"})
    result = run("log", "José Núñez", vault, "--today", DAY)
    assert result.stdout == "created Meetings/2026-11-22 José Núñez meeting.md\n"


@pytest.mark.parametrize("option", ["--gave", "--asked", "--channel"])
def test_empty_text_is_refused(vault, option):
    before = snapshot(vault)
    result = run("log", "Pepe", vault, "--today", DAY, option, "  ")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {option} needs some text\n"
    assert snapshot(vault) == before


def test_a_bad_date_is_a_usage_error(vault):
    result = run("log", "Pepe", vault, "--today", DAY, "--date", "2026-02-30")
    assert result.exit_code == 2
    assert "'2026-02-30' is not a date (use YYYY-MM-DD)" in result.stderr


def test_spanish_vault_logs_with_spanish_headings(vault):
    write_vault(vault, {"vaultkit.toml": 'language = "es"\n[folders]\ninteractions = ["Reuniones"]\n'})
    result = run("log", "Pepe", vault, "--today", DAY, "--gave", "un libro", "--asked", "consejo")
    assert result.stdout == "created Reuniones/2026-11-22 José Núñez reunión.md\n"
    text = (vault / "Reuniones/2026-11-22 José Núñez reunión.md").read_text(encoding="utf-8")
    assert text.endswith("---\n\n## Di\n- un libro\n\n## Pedí\n- consejo\n")
    loaded = load_vault(vault, TODAY)
    assert [(e.kind, e.text) for e in loaded.exchanges if e.date == TODAY] == [("give", "un libro"), ("ask", "consejo")]


def test_logging_changes_last_contact_and_balance_in_build(vault):
    before = load_vault(vault, TODAY)
    jose = "Contacts/José Núñez.md"
    assert (before.last_contact[jose], before.balance(jose)) == (dt.date(2026, 11, 1), -1)
    run("log", "Pepe", vault, "--today", DAY, "--date", "2026-11-21", "--gave", "intro", "--gave", "a book")
    after = load_vault(vault, TODAY)
    assert (after.last_contact[jose], after.balance(jose)) == (dt.date(2026, 11, 21), 1)


def test_a_future_meeting_is_upcoming_not_contact(vault):
    result = run("log", "Pepe", vault, "--today", DAY, "--date", "2026-11-25", "--channel", "lunch")
    assert result.stdout == "created Meetings/2026-11-25 José Núñez lunch.md\n"
    build = run("build", vault, "--today", DAY)
    assert build.exit_code == 0
    followups = (vault / "VaultKit/Follow-ups.md").read_text(encoding="utf-8")
    assert ("- **[[Contacts/José Núñez|José Núñez]]** · upcoming: prepare for 2026-11-25 José Núñez lunch · "
            "due 2026-11-25\n") in followups
    assert "  - from [[Meetings/2026-11-25 José Núñez lunch|2026-11-25 José Núñez lunch]], line 1\n" in followups
    assert load_vault(vault, TODAY).last_contact["Contacts/José Núñez.md"] == dt.date(2026, 11, 1)


def test_end_to_end_from_an_empty_folder(tmp_path):
    root = tmp_path / "notes"
    assert run("init", root).exit_code == 0
    assert run("new", "contact", "Ana García", root, "--today", DAY).stdout == (
        "created Contacts/Ana García.md from Templates/Contact.md\n")
    assert run("new", "goal", "Meet people", root, "--today", DAY).exit_code == 0
    logged = run("log", "ana garcía", root, "--today", DAY, "--date", "2026-11-20", "--gave", "salary survey",
                 "--asked", "intro to her CTO", "--asked", "CV review", "--goal", "meet people")
    assert logged.stdout == "created Meetings/2026-11-20 Ana García meeting.md\n"
    upcoming = run("log", "Ana García", root, "--today", DAY, "--date", "2026-11-24", "--channel", "call")
    assert upcoming.stdout == "created Meetings/2026-11-24 Ana García call.md\n"
    build = run("build", root, "--today", DAY)
    assert build.exit_code == 0, build.output
    followups = (root / "VaultKit/Follow-ups.md").read_text(encoding="utf-8")
    balance = (root / "VaultKit/Balance/Ana García.md").read_text(encoding="utf-8")
    overview = (root / "VaultKit/Balance.md").read_text(encoding="utf-8")
    assert ("- **[[Contacts/Ana García|Ana García]]** · upcoming: prepare for 2026-11-24 Ana García call · "
            "due 2026-11-24\n") in followups
    assert ("  - last: [[Meetings/2026-11-20 Ana García meeting|2026-11-20 Ana García meeting]] (meeting, 2026-11-20)"
            " · [[VaultKit/Balance/Ana García|balance -1]] · goals: [[Goals/Meet people|Meet people]]") in followups
    assert "[[Contacts/Ana García|Ana García]] · Given 1 · Asked 2 · Balance **-1**\n" in balance
    for what, running in (("salary survey", "+1"), ("intro to her CTO", "0"), ("CV review", "-1")):
        assert f"| {what} | 1 | {running} | [[Meetings/2026-11-20 Ana García meeting\\|" in balance
    assert "1 people helped · 1 given · 2 asked\n" in overview
    assert "| [[VaultKit/Balance/Ana García\\|Ana García]] | 1 | 2 | -1 |" in overview
    contact_note = (root / "Contacts/Ana García.md").read_text(encoding="utf-8")
    assert "![[VaultKit/Balance/Ana García]]" in contact_note  # the embed names the page build wrote
