"""``vaultkit init``: a commented default config, folders, templates and a .gitignore line; never overwrites."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from authoring_helpers import run, snapshot
from conftest import TODAY, write_vault

from vaultkit.authoring.config_file import config_text
from vaultkit.authoring.templates import fill
from vaultkit.config import ALL_KEYS, DEFAULT_FOLDERS, DEFAULT_HEADINGS, DEFAULT_TIERS, TABLE_KEYS, Config, parse_config
from vaultkit.vault import load_vault

FRESH = [
    "created vaultkit.toml",
    "created Contacts/",
    "created Meetings/",
    "created Goals/",
    "created Templates/",
    "created Templates/Contact.md",
    "created Templates/Meeting.md",
    "created Templates/Goal.md",
    "created .gitignore",
]




def folders(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def test_init_creates_a_missing_folder_and_says_what_it_created(tmp_path):
    root = tmp_path / "new" / "vault"
    result = run("init", root)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == FRESH
    assert result.stderr == f"vault ready in {root}: 9 created, 0 kept\n"
    assert folders(root) == ["Contacts", "Goals", "Meetings", "Templates"]
    assert (root / ".gitignore").read_text() == ".vaultkit/\n"


def test_init_defaults_to_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "-q")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == FRESH
    assert result.stderr == ""
    assert (tmp_path / "vaultkit.toml").is_file()


def test_init_twice_creates_nothing_the_second_time(tmp_path):
    run("init", tmp_path)
    before = snapshot(tmp_path)
    result = run("init", tmp_path)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [line.replace("created", "kept") + " (already there)" for line in FRESH]
    assert result.stderr == f"vault ready in {tmp_path}: 0 created, 9 kept\n"
    assert snapshot(tmp_path) == before


def test_the_written_config_is_exactly_the_defaults(tmp_path):
    run("init", tmp_path)
    text = (tmp_path / "vaultkit.toml").read_text(encoding="utf-8")
    assert text == config_text("en")
    assert parse_config(text) == (Config(), [])


def test_the_written_config_names_every_key_of_the_schema_with_a_comment(tmp_path):
    text = config_text("en")
    assigned = re.findall(r"^(\w+) = .*?  # \S", text, flags=re.MULTILINE)
    tables = re.findall(r"^\[(\w+)\]$", text, flags=re.MULTILINE)
    scalars = [key for key in ALL_KEYS if key not in TABLE_KEYS]
    assert sorted(tables) == sorted(TABLE_KEYS)
    assert {field.name for field in dataclasses.fields(Config)} == set(ALL_KEYS)
    for key in scalars:
        assert re.search(rf"^{key} = .+  # \S", text, flags=re.MULTILINE), key
    for key in [*DEFAULT_FOLDERS, *DEFAULT_HEADINGS]:
        assert key in assigned, key
    for tier in DEFAULT_TIERS:
        assert re.search(rf'^{tier} = "{DEFAULT_TIERS[tier]}"$', text, flags=re.MULTILINE)
    for table in TABLE_KEYS:  # each table is explained on the line above it
        assert re.search(rf"^# \S.*\n\[{table}\]$", text, flags=re.MULTILINE), table


def test_spanish_config_differs_from_the_defaults_only_in_language():
    config, problems = parse_config(config_text("es"))
    assert problems == []
    assert config == dataclasses.replace(Config(), language="es")


def test_templates_follow_the_contract(tmp_path):
    run("init", tmp_path)
    contact = (tmp_path / "Templates/Contact.md").read_text(encoding="utf-8")
    meeting = (tmp_path / "Templates/Meeting.md").read_text(encoding="utf-8")
    goal = (tmp_path / "Templates/Goal.md").read_text(encoding="utf-8")
    assert contact.startswith("---\ntype: contact\n")
    for key in ("company", "role", "email", "phone", "linkedin", "location", "met", "met_at", "status",
                "snooze_until", "last_contact", "cadence", "tier"):
        assert f"\n{key}:\n" in contact, key
    for key in ("aliases", "tags", "strengths", "interests", "goals"):
        assert f"\n{key}: []\n" in contact, key
    assert "\n![[VaultKit/Balance/{{title}}]]\n" in contact
    assert meeting.startswith("---\ntype: meeting\ndate: {{date}}\nwith: []\nchannel:\ngoals: []\n---\n")
    assert "\n## Gave\n" in meeting and "\n## Asked\n" in meeting
    assert goal == ("---\ntype: goal\nmetric:\ntarget:\nstart: {{date}}\ndeadline:\nstatus: active\n"
                    "review: weekly\n---\n## Log\n")


def test_filled_templates_read_as_their_kind_without_problems(tmp_path):
    run("init", tmp_path)
    templates = tmp_path / "Templates"
    now = dt.datetime(2026, 11, 22, 9, 30)
    contact = fill((templates / "Contact.md").read_text(encoding="utf-8"), "Ana", now)
    meeting = fill((templates / "Meeting.md").read_text(encoding="utf-8"), "2026-11-22 Coffee", now)
    meeting = meeting.replace("with: []", 'with: ["[[Ana]]"]').replace("## Gave\n", "## Gave\n- a book\n")
    goal = fill((templates / "Goal.md").read_text(encoding="utf-8"), "Meet people", now)
    goal = goal.replace("metric:", "metric: contacts").replace("target:", "target: 3")
    write_vault(tmp_path, {"Contacts/Ana.md": contact, "Meetings/2026-11-22 Coffee.md": meeting,
                           "Goals/Meet people.md": goal})
    vault = load_vault(tmp_path, TODAY)
    assert vault.problems == ()
    assert list(vault.contacts) == ["Contacts/Ana.md"]
    assert [i.date.isoformat() for i in vault.interactions] == ["2026-11-22"]
    assert [e.text for e in vault.exchanges] == ["a book"]
    assert vault.goals["Goals/Meet people.md"].start.isoformat() == "2026-11-22"


def test_the_templates_folder_is_not_read_as_notes(tmp_path):
    run("init", tmp_path)
    result = run("check", tmp_path, "--today", "2026-11-22")
    assert result.exit_code == 0
    assert result.stderr == "checked 0 notes: 0 errors, 0 warnings\n"


def test_init_in_an_existing_obsidian_vault_keeps_every_byte(tmp_path):
    write_vault(tmp_path, {
        ".obsidian/app.json": '{"newFileLocation": "folder"}',
        ".obsidian/templates.json": '{"folder": "Templates"}',
        "contacts/Ana.md": "---\ntype: contact\n---\nmy note\n",
        "Templates/Contact.md": "---\ntype: contact\n---\n# {{title}}\n",
        "Daily/2026-11-20.md": "- coffee with [[Ana]] #met\n",
        ".gitignore": "node_modules/\r\n*.log",
    })
    before = snapshot(tmp_path)
    result = run("init", tmp_path)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "created vaultkit.toml",
        "kept contacts/ (already there)",
        "created Meetings/",
        "created Goals/",
        "kept Templates/ (already there)",
        "kept Templates/Contact.md (already there)",
        "created Templates/Meeting.md",
        "created Templates/Goal.md",
        "added .vaultkit/ to .gitignore",
    ]
    after = snapshot(tmp_path)
    assert after[".gitignore"] == b"node_modules/\r\n*.log\r\n.vaultkit/\r\n"
    for rel, data in before.items():
        if rel != ".gitignore":
            assert after[rel] == data, rel
    assert "Contacts" not in folders(tmp_path)  # contacts/ is the contacts folder already


def test_init_uses_an_existing_config(tmp_path):
    config = 'output_folder = "CRM"\nlanguage = "es"\n[folders]\ncontacts = ["People"]\ngoals = []\n'
    write_vault(tmp_path, {"vaultkit.toml": config})
    result = run("init", tmp_path)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "kept vaultkit.toml (already there)",
        "created People/",
        "created Meetings/",
        "created Templates/",
        "created Templates/Contacto.md",
        "created Templates/Reunión.md",
        "created Templates/Objetivo.md",
        "created .gitignore",
    ]
    assert (tmp_path / "vaultkit.toml").read_text() == config
    assert "\n![[CRM/Balance/{{title}}]]\n" in (tmp_path / "Templates/Contacto.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("line", [".vaultkit", ".vaultkit/", "/.vaultkit/", "  .vaultkit/  "])
def test_an_ignored_index_leaves_gitignore_alone(tmp_path, line):
    write_vault(tmp_path, {".gitignore": f"*.tmp\n{line}\n"})
    result = run("init", tmp_path)
    assert "kept .gitignore (already there)" in result.stdout.splitlines()
    assert (tmp_path / ".gitignore").read_text() == f"*.tmp\n{line}\n"


def test_spanish_templates_use_spanish_headings(tmp_path):
    result = run("init", tmp_path, "--language", "es")
    assert result.exit_code == 0
    assert 'language = "es"' in (tmp_path / "vaultkit.toml").read_text(encoding="utf-8")
    meeting = (tmp_path / "Templates/Reunión.md").read_text(encoding="utf-8")
    goal = (tmp_path / "Templates/Objetivo.md").read_text(encoding="utf-8")
    assert "\n## Di\n" in meeting and "\n## Pedí\n" in meeting and "Gave" not in meeting
    assert goal.endswith("---\n## Registro\n")
    assert (tmp_path / "Templates/Contacto.md").is_file()
    assert parse_config((tmp_path / "vaultkit.toml").read_text(encoding="utf-8"))[0].language == "es"


def test_spanish_headings_are_read_as_gives_asks_and_log(tmp_path):
    run("init", tmp_path, "--language", "es")
    now = dt.datetime(2026, 11, 1, 8, 0)
    meeting = fill((tmp_path / "Templates/Reunión.md").read_text(encoding="utf-8"), "x", now)
    meeting = (meeting.replace("with: []", 'with: ["[[Ana]]"]').replace("## Di\n", "## Di\n- un libro\n")
               .replace("## Pedí\n", "## Pedí\n- consejo\n"))
    goal = fill((tmp_path / "Templates/Objetivo.md").read_text(encoding="utf-8"), "Escribir", now)
    goal = goal.replace("metric:", "metric: manual").replace("target:", "target: 5") + "- 2026-11-10: 2 dos artículos\n"
    write_vault(tmp_path, {"Contacts/Ana.md": "---\ntype: contact\n---\n", "Meetings/2026-11-01 Ana.md": meeting,
                           "Goals/Escribir.md": goal})
    vault = load_vault(tmp_path, TODAY)
    assert vault.problems == ()
    assert [(e.kind, e.text) for e in vault.exchanges] == [("give", "un libro"), ("ask", "consejo")]
    assert vault.progress["Goals/Escribir.md"].value == 2


def test_a_file_in_the_way_stops_init_before_it_creates_anything(tmp_path):
    write_vault(tmp_path, {"Goals": "not a folder\n"})
    before = snapshot(tmp_path)
    result = run("init", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == "Error: Goals is in the way: it should be a folder; nothing was created\n"
    assert snapshot(tmp_path) == before
    assert folders(tmp_path) == []


def test_init_refuses_a_file_as_the_vault(tmp_path):
    (tmp_path / "notes.md").write_text("x")
    result = run("init", tmp_path / "notes.md")
    assert result.exit_code == 2
    assert (tmp_path / "notes.md").read_text() == "x"


def test_init_rejects_an_unknown_language(tmp_path):
    result = run("init", tmp_path, "--language", "fr")
    assert result.exit_code == 2
    assert "'fr' is not one of 'en', 'es'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_placeholders_are_filled_like_obsidian():
    now = dt.datetime(2026, 3, 5, 14, 7, 9)
    text = "{{title}} {{date}} {{time}} {{date:DD/MM/YYYY}} {{ DATE : dddd D MMMM YY }} {{time:h:mm a}} {{date:[Week of] MMM}}"
    assert fill(text, "Ana", now) == "Ana 2026-03-05 14:07 05/03/2026 Thursday 5 March 26 2:07 pm Week of Mar"
    assert fill("{{unknown}} {title}", "Ana", now) == "{{unknown}} {title}"
