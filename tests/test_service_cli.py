"""``vaultkit service`` through the CLI on a temporary home folder, for systemd: the files
written are real; the ``systemctl`` calls are recorded at the manager seam."""

from __future__ import annotations

import os
import shutil
import sys

from service_helpers import files_under, home, make_notes, recorder, service  # noqa: F401 - fixtures
from vaultkit.service.manager import Completed
from vaultkit.service.names import is_service_name, service_name, vault_path

SYSTEMCTL = ("systemctl", "--user")


def unit_dir(home):
    return home / ".config" / "systemd" / "user"


def installed_name(vault) -> str:
    return service_name(vault_path(vault))


def test_dry_run_prints_the_unit_and_the_commands_and_writes_nothing(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    name = installed_name(vault)
    result = service("install", "--vault", vault, "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"would write {unit_dir(home) / (name + '.service')}:" in result.stdout
    assert "Restart=on-failure" in result.stdout and f"# vaultkit-vault: \"{vault}\"" in result.stdout
    assert f"watch {vault} --log {home}/.local/state/vaultkit/{name}.log" in result.stdout
    assert f"  systemctl --user daemon-reload\n  systemctl --user enable --now {name}.service\n" in result.stdout
    assert "nothing written" in result.stderr
    assert files_under(home) == [] and recorder.calls == []


def test_install_writes_the_unit_creates_the_log_folder_and_enables_it(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    name = installed_name(vault)
    result = service("install", "--vault", vault)
    assert result.exit_code == 0, result.output
    unit = unit_dir(home) / f"{name}.service"
    text = unit.read_text(encoding="utf-8")
    assert text.startswith("# Written by vaultkit service install")
    assert f"ExecStart={sys.executable} -m vaultkit watch {vault} --log {home}/.local/state/vaultkit/{name}.log" in text
    assert (home / ".local" / "state" / "vaultkit").is_dir()
    assert recorder.calls == [(*SYSTEMCTL, "daemon-reload"), (*SYSTEMCTL, "enable", "--now", f"{name}.service")]
    assert result.stdout.splitlines() == [
        f"wrote {unit}",
        "ran systemctl --user daemon-reload",
        f"ran systemctl --user enable --now {name}.service",
        f"installed {name}: vaultkit watch {vault}; log: {home}/.local/state/vaultkit/{name}.log",
    ]
    assert vault_files_unchanged(vault)


def vault_files_unchanged(vault) -> bool:
    """The service commands never write into the vault."""
    return files_under(vault) == ["Contacts", "Contacts/Ana.md", "vaultkit.toml"]


def test_default_folders_without_xdg_variables(tmp_path, home, recorder, monkeypatch):
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")  # not absolute: ignored, as the XDG spec says
    vault = make_notes(tmp_path / "Notes")
    assert service("install", "--vault", vault).exit_code == 0
    name = installed_name(vault)
    assert files_under(home) == [".config", ".config/systemd", ".config/systemd/user",
                                 f".config/systemd/user/{name}.service",
                                 ".local", ".local/state", ".local/state/vaultkit"]


def test_the_vault_defaults_to_the_one_around_the_current_folder(tmp_path, home, recorder, monkeypatch):
    vault = make_notes(tmp_path / "Notes")
    monkeypatch.chdir(vault / "Contacts")
    assert service("install").exit_code == 0
    assert (unit_dir(home) / f"{installed_name(vault)}.service").is_file()


def test_reinstall_rewrites_the_unit_in_place_and_restarts(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    name = installed_name(vault)
    assert service("install", "--vault", vault).exit_code == 0
    unit = unit_dir(home) / f"{name}.service"
    first = unit.read_bytes()
    unit.write_bytes(first.replace(b"Nice=10", b"Nice=0") + b"# an older version\n")
    recorder.calls.clear()
    result = service("install", "--vault", vault)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"rewrote {unit}\n")
    assert unit.read_bytes() == first
    assert files_under(unit_dir(home)) == [f"{name}.service"]  # no second file, no temporary file left
    assert recorder.calls == [(*SYSTEMCTL, "daemon-reload"), (*SYSTEMCTL, "enable", f"{name}.service"),
                              (*SYSTEMCTL, "restart", f"{name}.service")]


def test_two_vaults_of_the_same_folder_name_get_two_services(tmp_path, home, recorder):
    first = make_notes(tmp_path / "work" / "Notes")
    second = make_notes(tmp_path / "personal" / "Notes")
    assert service("install", "--vault", first).exit_code == 0
    assert service("install", "--vault", second).exit_code == 0
    names = sorted([installed_name(first), installed_name(second)])
    assert names[0] != names[1] and all(is_service_name(n) and n.startswith("vaultkit-notes-") for n in names)
    assert files_under(unit_dir(home)) == [f"{n}.service" for n in names]
    listed = service("list")
    assert listed.exit_code == 0
    assert sorted(listed.stdout.splitlines()) == sorted([f"{installed_name(first)}  {first}",
                                                        f"{installed_name(second)}  {second}"])


def test_list_shows_a_service_whose_vault_was_deleted_and_uninstall_by_name_removes_it(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Old notes")
    name = installed_name(vault)
    assert service("install", "--vault", vault).exit_code == 0
    shutil.rmtree(vault)
    listed = service("list")
    assert listed.exit_code == 0
    assert listed.stdout == f"{name}  {vault}  (vault folder gone: vaultkit service uninstall {name})\n"
    recorder.calls.clear()
    removed = service("uninstall", name)
    assert removed.exit_code == 0, removed.output
    assert not (unit_dir(home) / f"{name}.service").exists()
    assert recorder.calls == [(*SYSTEMCTL, "disable", "--now", f"{name}.service"), (*SYSTEMCTL, "daemon-reload"),
                              (*SYSTEMCTL, "reset-failed", f"{name}.service")]
    assert service("list").stdout == ""


def test_uninstall_removes_only_its_own_file(tmp_path, home, recorder):
    kept_vault, gone_vault = make_notes(tmp_path / "A"), make_notes(tmp_path / "B")
    for vault in (kept_vault, gone_vault):
        assert service("install", "--vault", vault).exit_code == 0
    other = unit_dir(home) / "syncthing.service"
    other.write_text("[Service]\nExecStart=/usr/bin/syncthing\n")
    log = home / ".local" / "state" / "vaultkit" / f"{installed_name(gone_vault)}.log"
    log.write_text("09:12:03 start: 27 pages written\n")
    before = files_under(home)
    recorder.calls.clear()
    result = service("uninstall", "--vault", gone_vault)
    assert result.exit_code == 0, result.output
    gone = f".config/systemd/user/{installed_name(gone_vault)}.service"
    assert files_under(home) == [path for path in before if path != gone]  # the log and the other units stay
    assert recorder.calls[0] == (*SYSTEMCTL, "disable", "--now", f"{installed_name(gone_vault)}.service")
    assert f"removed {home / gone}" in result.stdout


def test_uninstall_refuses_a_file_without_the_marker(tmp_path, home, recorder):
    folder = unit_dir(home)
    folder.mkdir(parents=True)
    foreign = folder / "vaultkit-notes-0123abcd.service"
    foreign.write_text("[Service]\nExecStart=/usr/bin/true\n")
    result = service("uninstall", "vaultkit-notes-0123abcd")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {foreign} was not written by vaultkit "
                             f"(no 'Written by vaultkit service install' line): left alone\n")
    assert foreign.read_text() == "[Service]\nExecStart=/usr/bin/true\n" and recorder.calls == []
    assert service("list").stdout == ""  # not listed either


def test_install_refuses_to_overwrite_a_file_without_the_marker(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    foreign = unit_dir(home) / f"{installed_name(vault)}.service"
    foreign.parent.mkdir(parents=True)
    foreign.write_text("[Service]\nExecStart=/usr/bin/true\n")
    result = service("install", "--vault", vault)
    assert result.exit_code == 1 and "was not written by vaultkit" in result.stderr
    assert foreign.read_text() == "[Service]\nExecStart=/usr/bin/true\n" and recorder.calls == []


def test_uninstall_refuses_what_is_not_a_service_name(home, recorder):
    for name in ("../../.bashrc", "syncthing", "vaultkit-notes-0123abc"):
        result = service("uninstall", name)
        assert result.exit_code == 1
        assert result.stderr == f"Error: '{name}' is not the name of a vaultkit service (see vaultkit service list)\n"
    assert recorder.calls == []


def test_a_failing_manager_command_is_one_error_line(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    name = installed_name(vault)
    recorder.answers[(*SYSTEMCTL, "enable")] = Completed(1, "", "Failed to connect to bus: No medium found\nmore\n")
    result = service("install", "--vault", vault)
    assert result.exit_code == 1
    unit = unit_dir(home) / f"{name}.service"
    assert result.stderr == (f"Error: systemctl --user enable --now {name}.service failed (exit 1): Failed to "
                             f"connect to bus: No medium found; {unit} is written "
                             f"(vaultkit service uninstall {name} removes it)\n")
    assert "Traceback" not in result.output and unit.is_file()
    recorder.answers[(*SYSTEMCTL, "disable")] = Completed(1, "", "Failed to connect to bus: No medium found")
    uninstalled = service("uninstall", name)
    assert uninstalled.exit_code == 1 and len(uninstalled.stderr.splitlines()) == 1
    assert uninstalled.stderr.endswith(f"No medium found; {unit} is kept\n")
    assert unit.is_file()  # a unit systemd may still run stays where uninstall finds it again


def test_a_missing_manager_program_is_one_error_line(tmp_path, home, monkeypatch):
    vault = make_notes(tmp_path / "Notes")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # the real runner, finding no systemctl
    result = service("install", "--vault", vault)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: systemctl --user daemon-reload failed (exit 127): "
                                    "systemctl: command not found;")
    assert len(result.stderr.splitlines()) == 1


def test_status_shows_what_systemd_reports(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    name = installed_name(vault)
    assert service("install", "--vault", vault).exit_code == 0
    report = "LoadState=loaded\nActiveState=active\nSubState=running\nMainPID=4242\nNRestarts=0\n"
    recorder.answers[(*SYSTEMCTL, "show")] = Completed(0, report)
    result = service("status", "--vault", vault)
    assert result.exit_code == 0, result.output
    assert recorder.calls[-1][:4] == (*SYSTEMCTL, "show", f"{name}.service")
    assert set(recorder.calls[-1][5].split(",")) >= {"ActiveState", "SubState", "MainPID", "NRestarts"}
    lines = result.stdout.splitlines()
    assert lines[:4] == [f"{name} (systemd user unit)", f"vault: {vault}", f"file: {unit_dir(home) / name}.service",
                         f"log: {home}/.local/state/vaultkit/{name}.log"]
    assert lines[5:] == report.splitlines()


def test_status_and_uninstall_of_a_vault_without_a_service(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    for command in ("status", "uninstall"):
        result = service(command, "--vault", vault)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: no service {installed_name(vault)} for {vault} is installed")
    assert recorder.calls == []


def test_install_outside_a_vault_or_on_a_plain_folder_stops_with_exit_2(tmp_path, home, recorder, monkeypatch):
    plain = tmp_path / "Downloads"
    plain.mkdir()
    monkeypatch.chdir(plain)
    assert service("install").exit_code == 2
    result = service("install", "--vault", plain)
    assert result.exit_code == 2 and "is not a vault" in result.stderr
    assert files_under(home) == [] and recorder.calls == []



def test_a_vault_path_that_is_not_utf8_is_one_error_line(tmp_path, home, recorder):
    vault = make_notes(tmp_path / os.fsdecode(b"Notes \xff"))
    result = service("install", "--vault", vault)
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("Error: the vault's path is not valid UTF-8, which service files need:")
    assert files_under(home) == [] and recorder.calls == []


def test_quiet_install_prints_only_the_result_and_list_filters_by_vault(tmp_path, home, recorder, monkeypatch):
    first, second = make_notes(tmp_path / "A"), make_notes(tmp_path / "B")
    result = service("install", "--vault", first, "-q", "--today", "2026-11-22", "-v")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"installed {installed_name(first)}: vaultkit watch {first}; "
                                          f"log: {home}/.local/state/vaultkit/{installed_name(first)}.log"]
    assert service("install", "--vault", second, "-q").exit_code == 0
    monkeypatch.setenv("VAULTKIT_VAULT", str(second))  # names a vault to act on, not a filter of list
    assert len(service("list").stdout.splitlines()) == 2
    assert service("list", "--vault", first).stdout == f"{installed_name(first)}  {first}\n"
    assert service("install", "--vault", first, "--today", "someday").exit_code == 2
