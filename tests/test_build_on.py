"""``build_on``: a vault synced between machines has one writer. A machine that ``build_on``
does not name reads (problems, views, status) but writes no page, and says why."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultkit.build import build
from vaultkit.buildlog import load_record
from vaultkit.cli import main
from vaultkit.hosts import is_this_host, this_host, writes_here
from vaultkit.status import status_text, vault_status

from watch_helpers import wait_until, watching

TODAY = dt.date(2026, 11, 22)
OTHER = "desk-at-work"


def meeting(day: str, who: str, gave: str) -> str:
    return f'---\ntype: meeting\ndate: {day}\nwith: ["[[{who}]]"]\n---\n## Gave\n- {gave}\n'


def vault_files(build_on: str | None) -> dict[str, str]:
    files = {
        "Contacts/Ana.md": "---\ntype: contact\ncadence: monthly\n---\nAna plays chess.\n",
        "Meetings/Coffee.md": meeting("2026-11-01", "Ana", "a book on chess"),
    }
    if build_on is not None:
        files["vaultkit.toml"] = f'build_on = "{build_on}"\n'
    return files


def pages(root: Path) -> list[str]:
    folder = root / "VaultKit"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md")) if folder.exists() else []


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# -- which machine is named --------------------------------------------------------------------


def test_a_name_names_this_machine_by_its_full_or_short_host_name_case_aside():
    assert is_this_host("laptop", "laptop")
    assert is_this_host("LAPTOP", "laptop.local")
    assert is_this_host("laptop.local", "Laptop.Local")
    assert not is_this_host("laptop.lan", "laptop.local")
    assert not is_this_host("lap", "laptop")
    assert writes_here(None, "anything")
    assert writes_here(this_host())
    assert not writes_here(OTHER)


# -- vaultkit build ----------------------------------------------------------------------------


def test_build_on_another_machine_refuses_to_write_in_one_line(make_vault):
    root = make_vault(vault_files(OTHER))
    result = run("build", str(root), "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert result.stderr == (f"Error: pages are written only on {OTHER} (build_on in vaultkit.toml); this machine "
                             f"is {this_host()}, so it writes none (--force writes them all the same)\n")
    assert pages(root) == []
    record = load_record(root)
    assert record.wrote is False and record.build_on == OTHER and record.written == 0
    # reading keeps working
    followups = run("followups", str(root), "--today", TODAY.isoformat(), "--json")
    assert followups.exit_code == 0
    assert [f["contact"]["name"] for f in json.loads(followups.stdout)["followups"]] == ["Ana"]
    assert run("check", str(root), "--today", TODAY.isoformat()).exit_code == 0


def test_build_force_writes_on_another_machine(make_vault):
    root = make_vault(vault_files(OTHER))
    result = run("build", str(root), "--today", TODAY.isoformat(), "--force")
    assert result.exit_code == 0, result.output
    assert "Dashboard.md" in pages(root) and "Balance/Ana.md" in pages(root)
    assert load_record(root).wrote is True


@pytest.mark.parametrize("build_on", [None, this_host(), this_host().upper()])
def test_build_on_this_machine_or_none_builds_as_ever(make_vault, build_on):
    root = make_vault(vault_files(build_on))
    result = run("build", str(root), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert "Dashboard.md" in pages(root)
    assert build(root, TODAY).elsewhere is None


# -- vaultkit watch and status -----------------------------------------------------------------


def test_a_watcher_on_another_machine_writes_no_page_and_status_says_why(make_vault):
    root = make_vault(vault_files(OTHER))
    with watching(root, TODAY) as (watcher, said):
        assert said[0] == f"watching {root} (Ctrl-C to stop)"
        assert said[1] == (f"pages are written only on {OTHER} (build_on in vaultkit.toml); this machine is "
                           f"{this_host()}, so it writes none")
        assert f"start: no page written (build_on = {OTHER}), 0 problems (0 errors)" in said[2]
        builds = watcher.builds
        (root / "Meetings" / "Lunch.md").write_text(meeting("2026-11-05", "Ana", "an intro"), encoding="utf-8")
        assert wait_until(lambda: watcher.builds > builds and any("Lunch.md changed" in line for line in said))
        assert pages(root) == []
        assert not (root / "VaultKit").exists()
        found = vault_status(root, TODAY)
        assert found.running is True and found.writes_here is False
        text = status_text(found, dt.datetime.now().astimezone())
        assert (f"writes      only on {OTHER}: pages are written only on {OTHER} (build_on in vaultkit.toml); "
                f"this machine is {this_host()}, so it writes none") in text
        assert f"none written here (build_on = {OTHER})" in text
        assert f"pages       not known: they are written on {OTHER}, which this machine cannot see" in text
    shown = json.loads(run("status", str(root), "--json", "--today", TODAY.isoformat()).stdout)
    assert shown["build_on"] == OTHER and shown["writes_here"] is False
    assert shown["last_build"]["wrote"] is False and shown["last_build"]["by"] == "watch"
    assert shown["pages"]["current"] is None


def test_a_watcher_on_the_named_machine_writes_as_ever(make_vault):
    root = make_vault(vault_files(this_host()))
    with watching(root, TODAY) as (watcher, said):
        assert "Balance/Ana.md" in pages(root)
        assert not any("written only on" in line for line in said)
        (root / "Meetings" / "Lunch.md").write_text(meeting("2026-11-05", "Ana", "an intro"), encoding="utf-8")
        assert wait_until(lambda: "an intro" in (root / "VaultKit" / "Balance" / "Ana.md").read_text(encoding="utf-8"))
    shown = json.loads(run("status", str(root), "--json", "--today", TODAY.isoformat()).stdout)
    assert shown["writes_here"] is True and shown["pages"]["current"] is True


def test_naming_this_machine_while_watching_starts_writing(make_vault):
    root = make_vault(vault_files(OTHER))
    with watching(root, TODAY) as (watcher, said):
        assert pages(root) == []
        (root / "vaultkit.toml").write_text(f'build_on = "{this_host()}"\n', encoding="utf-8")
        assert wait_until(lambda: "Balance/Ana.md" in pages(root))
        assert "this machine writes the pages" in said
