"""The command line through click's CliRunner: exact output and exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from vaultkit.cli import main

CLEAN = {
    "Contacts/Ana.md": "---\ntype: contact\n---\n",
    "Meetings/Coffee.md": '---\ntype: meeting\ndate: 2026-11-01\nwith: ["[[Ana]]"]\n---\n',
}
WARNING_ONLY = {**CLEAN, "Meetings/Call.md": '---\ntype: call\ndate: 2026-11-02\nwith: ["[[Ana]]", "[[Bob]]"]\n---\n'}
ERROR = {**CLEAN, "Meetings/Undated.md": '---\ntype: call\nwith: ["[[Ana]]"]\n---\n'}


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_clean_vault_exits_0_and_says_so(make_vault):
    result = run("check", str(make_vault(CLEAN)), "--today", "2026-11-22")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "checked 2 notes: 0 errors, 0 warnings\n"


def test_warnings_exit_0_unless_strict(make_vault):
    root = str(make_vault(WARNING_ONLY))
    plain = run("check", root, "--today", "2026-11-22")
    assert plain.exit_code == 0
    assert plain.stdout == "Meetings/Call.md:4: warning[unknown-contact] 'Bob' is not a known contact\n"
    assert run("check", root, "--today", "2026-11-22", "--strict").exit_code == 1


def test_errors_exit_1(make_vault):
    result = run("check", str(make_vault(ERROR)), "--today", "2026-11-22")
    assert result.exit_code == 1
    assert result.stdout == ("Meetings/Undated.md:1: error[missing-date] interaction has no date: "
                             "add 'date: YYYY-MM-DD'\n")


def test_quiet_prints_only_problems(make_vault):
    result = run("check", str(make_vault(WARNING_ONLY)), "-q")
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1


def test_verbose_prints_what_was_found(make_vault):
    result = run("check", str(make_vault(CLEAN)), "-v", "--today", "2026-11-22")
    assert "1 contacts, 1 interactions, 0 goals, 0 gives and asks, 0 open tasks" in result.stderr


@pytest.mark.parametrize("args", [
    ["check", "--today", "2026-13-01"],
    ["check", "--today", "tomorrow"],
    ["check", "/no/such/vault"],
    ["check", "--no-such-option"],
    ["no-such-command"],
])
def test_usage_errors_exit_2(args, make_vault, monkeypatch):
    monkeypatch.chdir(make_vault(CLEAN))
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_bad_today_message_names_the_format(make_vault):
    result = run("check", str(make_vault(CLEAN)), "--today", "2026-13-01")
    assert "'2026-13-01' is not a date (use YYYY-MM-DD)" in result.stderr


def test_environment_variables_set_vault_and_today(make_vault, tmp_path, monkeypatch):
    root = make_vault(ERROR)
    monkeypatch.chdir(tmp_path)
    result = run("check", "--json", env={"VAULTKIT_VAULT": str(root), "VAULTKIT_TODAY": "2026-01-31"})
    assert result.exit_code == 1
    assert '"today": "2026-01-31"' in result.stdout
    assert '"missing-date"' in result.stdout


def test_vault_found_from_a_subfolder_by_its_marker(make_vault, monkeypatch):
    root = make_vault({**ERROR, "vaultkit.toml": "", "Deep/Inside/note.md": "hello"})
    monkeypatch.chdir(root / "Deep" / "Inside")
    monkeypatch.delenv("VAULTKIT_VAULT", raising=False)
    result = run("check", "--today", "2026-11-22")
    assert result.exit_code == 1
    assert result.stdout.startswith("Meetings/Undated.md:1: error[missing-date]")


def test_obsidian_folder_marks_the_vault_too(make_vault, monkeypatch):
    root = make_vault({**CLEAN, ".obsidian/app.json": "{}", "Sub/x.md": "x"})
    monkeypatch.chdir(root / "Sub")
    monkeypatch.delenv("VAULTKIT_VAULT", raising=False)
    result = run("check", "--today", "2026-11-22")
    assert result.stderr == "checked 3 notes: 0 errors, 0 warnings\n"


@pytest.mark.parametrize("command", [["build"], ["check"], ["followups"], ["goals"], ["balance"], ["watch"],
                                     ["query", "SELECT 1"], ["export", "ics"], ["new", "contact", "Zoe"]])
def test_outside_a_vault_every_command_stops_with_one_line(make_vault, monkeypatch, command):
    """No vaultkit.toml or .obsidian/ here or above, no --vault, no $VAULTKIT_VAULT: exit 2 and
    say how to point at a vault, reading and writing nothing (not even .vaultkit/)."""
    folder = make_vault({"README.md": "# a code project\n", "docs/notes.md": "[[Ana]]\n"})
    monkeypatch.chdir(folder)
    monkeypatch.delenv("VAULTKIT_VAULT", raising=False)
    before = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
    result = run(*command, "--today", "2026-11-22")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "not inside a vault" in result.stderr
    assert "--vault PATH" in result.stderr and "vaultkit init" in result.stderr
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == before


def test_a_folder_given_by_path_needs_no_marker(make_vault, tmp_path, monkeypatch):
    root = make_vault(CLEAN)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VAULTKIT_VAULT", raising=False)
    assert run("check", str(root), "--today", "2026-11-22").exit_code == 0
    assert run("check", "--vault", str(root), "--today", "2026-11-22").exit_code == 0


def test_every_command_has_help_and_the_common_options():
    import click

    commands = [([name], command) for name, command in main.commands.items()]
    for path, command in commands:
        assert command.help, f"{' '.join(path)} has no help text"
        result = run(*path, "--help")
        assert result.exit_code == 0
        if isinstance(command, click.Group):  # a group (import, export): its subcommands take them
            commands += [([*path, name], sub) for name, sub in command.commands.items()]
            continue
        for option in ("--vault", "--today", "--quiet", "--verbose"):
            assert option in result.stdout, f"{' '.join(path)} lacks {option}"


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("vaultkit, version ")


def test_python_dash_m_runs_the_cli(make_vault):
    completed = subprocess.run([sys.executable, "-m", "vaultkit", "check", str(make_vault(ERROR)),
                                "--today", "2026-11-22"], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 1
    assert completed.stdout.startswith("Meetings/Undated.md:1: error[missing-date]")


def test_reading_progress_is_reported_up_to_the_total(make_vault):
    from vaultkit.build import check

    root = make_vault({f"Contacts/P{i}.md": "---\ntype: contact\n---\n" for i in range(260)})
    calls: list[tuple[int, int]] = []
    check(root, dt.date(2026, 11, 22), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (260, 260)
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)
    assert {total for _done, total in calls} == {260}


def test_no_progress_line_when_not_a_terminal(make_vault):
    result = run("build", str(make_vault(CLEAN)), "--today", "2026-11-22")
    assert "reading notes" not in result.stderr


def test_the_program_exits_with_click_s_codes_and_flushes_everything(make_vault):
    """``vaultkit`` leaves with os._exit after main(): codes and output must be as click's."""
    root = make_vault({f"Contacts/P{i}.md": "---\ntype: contact\n---\n" for i in range(300)} | ERROR)
    ran = subprocess.run([sys.executable, "-m", "vaultkit", "check", str(root), "--json", "--today", "2026-11-22"],
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 1
    assert json.loads(ran.stdout)["notes"] == 300 + len(ERROR)  # the whole document reached the pipe
    usage = subprocess.run([sys.executable, "-m", "vaultkit", "build", "--today", "not-a-date", str(root)],
                           capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and "is not a date" in usage.stderr
    fine = subprocess.run([sys.executable, "-m", "vaultkit", "--version"], capture_output=True, text=True, timeout=60)
    assert fine.returncode == 0 and fine.stdout.startswith("vaultkit, version ")


def test_an_ascii_locale_neither_crashes_nor_loses_a_name(make_vault):
    """``LC_ALL=C PYTHONUTF8=0``: Python would name files in ASCII, so a note called Núñez
    could be neither indexed nor printed (a traceback, and ``check --json`` printed nothing).
    vaultkit runs itself again in UTF-8 mode."""
    root = make_vault({"Contacts/José Núñez.md": "---\ntype: contact\n---\n",
                       "Meetings/Café.md": '---\ntype: meeting\nwith: ["[[José Núñez]]"]\n---\n'})
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    done = subprocess.run([sys.executable, "-m", "vaultkit", "check", "--json", str(root), "--today", "2026-11-22"],
                          capture_output=True, env=env, timeout=120)
    assert b"Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    data = json.loads(done.stdout.decode("utf-8"))
    assert [(p["path"], p["code"]) for p in data["problems"]] == [("Meetings/Café.md", "missing-date")]
    built = subprocess.run([sys.executable, "-m", "vaultkit", "build", str(root), "--today", "2026-11-22", "-q"],
                           capture_output=True, env=env, timeout=120)
    assert built.returncode == 1 and b"Traceback" not in built.stderr
    assert (root / "VaultKit" / "Problems.md").read_text(encoding="utf-8").count("Café") >= 1
