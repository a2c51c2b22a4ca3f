"""The service names and the three generated files: a systemd unit, a launchd plist and Task
Scheduler XML, each read back (plistlib, ElementTree) and checked key by key."""

from __future__ import annotations

import plistlib
import subprocess
import sys
from pathlib import Path

import pytest

from vaultkit.service import launchd, systemd, windows
from vaultkit.service.installed import has_marker
from vaultkit.service.names import MARKER, is_service_name, locations, service_name, slug, vault_path
from vaultkit.service.platforms import current_platform
from vaultkit.service.spec import Host, ServiceSpec, watch_command

TASK = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"
TRICKY_PATHS = ["/home/me/Notes", "/home/me/My Notes", "/home/me/100% \"sure\" $HOME \\ notes",
                "/home/me/Núñez ñ 日本", "/home/me/semi;colon 'quote'"]


def host(platform: str, home: Path = Path("/home/me")) -> Host:
    return Host(platform, home, {}, 501, "LAPTOP\\me", "/opt/vaultkit/bin/python")


def spec_for(vault: str, platform: str = "linux") -> ServiceSpec:
    path = Path(vault)
    name = service_name(path)
    log = locations(platform, {}, Path("/home/me")).log_file(name)
    return ServiceSpec(name, path, log, watch_command("/opt/vaultkit/bin/python", path, log))


# -- names and folders ---------------------------------------------------------------------


@pytest.mark.parametrize("folder, expected", [("Notes", "notes"), ("My Vault (2024)", "my-vault-2024"),
                                              ("Núñez", "nunez"), ("日本", "vault"), ("---", "vault"),
                                              ("a" * 60, "a" * 40)])
def test_slug_of_the_folder_name(folder, expected):
    assert slug(folder) == expected


def test_one_name_per_vault_path():
    first, second = service_name(Path("/a/Notes")), service_name(Path("/b/Notes"))
    assert first.startswith("vaultkit-notes-") and second.startswith("vaultkit-notes-") and first != second
    assert service_name(Path("/a/Notes")) == first  # stable: re-install finds the same file
    assert all(is_service_name(service_name(Path(p))) for p in TRICKY_PATHS)


def test_a_vault_reached_through_a_symbolic_link_is_the_same_service(tmp_path):
    (tmp_path / "Notes").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "Notes")
    assert service_name(vault_path(tmp_path / "link")) == service_name(vault_path(tmp_path / "Notes"))


def test_platform_from_sys_platform():
    assert [current_platform(p) for p in ("linux", "darwin", "win32", "freebsd14")] == \
        ["linux", "macos", "windows", "linux"]


def test_folders_of_each_platform():
    home = Path("/home/me")
    linux = locations("linux", {"XDG_CONFIG_HOME": "/cfg", "XDG_STATE_HOME": "/state"}, home)
    assert (linux.service_file("vaultkit-x-0123abcd"), linux.log_file("vaultkit-x-0123abcd")) == \
        (Path("/cfg/systemd/user/vaultkit-x-0123abcd.service"), Path("/state/vaultkit/vaultkit-x-0123abcd.log"))
    assert locations("linux", {}, home).log_dir == home / ".local/state/vaultkit"
    mac = locations("macos", {}, home)
    assert (mac.service_dir, mac.log_dir) == (home / "Library/LaunchAgents", home / "Library/Logs/vaultkit")
    win = locations("windows", {"LOCALAPPDATA": "/appdata"}, home)
    assert (win.service_dir, win.log_dir) == (Path("/appdata/vaultkit/services"), Path("/appdata/vaultkit/logs"))


# -- systemd ---------------------------------------------------------------------------------


def test_systemd_unit_keys():
    text = systemd.render(spec_for("/home/me/Notes"), host("linux")).decode()
    lines = text.splitlines()
    assert lines[0].startswith(f"# {MARKER}")
    for line in ("Restart=on-failure", "Nice=10", "IOSchedulingClass=idle", "WantedBy=default.target",
                 "RestartPreventExitStatus=2", "[Service]", "[Install]"):
        assert line in lines
    name = service_name(Path("/home/me/Notes"))
    assert (f"ExecStart=/opt/vaultkit/bin/python -m vaultkit watch /home/me/Notes "
            f"--log /home/me/.local/state/vaultkit/{name}.log") in lines


@pytest.mark.parametrize("vault", TRICKY_PATHS)
def test_systemd_unit_names_its_vault_whatever_the_path(vault):
    data = systemd.render(spec_for(vault), host("linux"))
    assert systemd.read_vault(data) == vault and has_marker(data)


def test_systemd_quoting_of_specifiers_variables_and_escapes():
    assert systemd.quoted("/home/me/Notes") == "/home/me/Notes"
    assert systemd.quoted('/a b/100% "x" $HOME \\') == '"/a b/100%% \\"x\\" $$HOME \\\\"'
    assert systemd.quoted("/a\nb") == '"/a\\nb"'


def test_systemd_unit_without_the_vault_line_names_no_vault():
    assert systemd.read_vault(b"[Service]\nExecStart=/bin/true\n") is None
    assert systemd.read_vault(b"# vaultkit-vault: not json\n") is None


# -- launchd -----------------------------------------------------------------------------------


@pytest.mark.parametrize("vault", TRICKY_PATHS)
def test_launchd_plist_loads_back_with_the_expected_keys(vault):
    spec = spec_for(vault, "macos")
    data = launchd.render(spec, host("macos"))
    keys = plistlib.loads(data)
    assert keys["Label"] == spec.name
    assert keys["ProgramArguments"] == ["/opt/vaultkit/bin/python", "-m", "vaultkit", "watch", vault,
                                        "--log", f"/home/me/Library/Logs/vaultkit/{spec.name}.log"]
    assert keys["RunAtLoad"] is True and keys["KeepAlive"] == {"SuccessfulExit": False}
    assert keys["ProcessType"] == "Background" and keys["LowPriorityIO"] is True and keys["Nice"] == 10
    assert keys["StandardErrorPath"] == f"/home/me/Library/Logs/vaultkit/{spec.name}.out.log"
    assert keys["EnvironmentVariables"]["VAULTKIT_SERVICE_VAULT"] == vault
    assert launchd.read_vault(data) == vault and has_marker(data)


def test_launchd_file_that_is_not_a_plist_names_no_vault():
    assert launchd.read_vault(b"<plist><dict><key>Label") is None
    assert launchd.read_vault(plistlib.dumps({"Label": "x"})) is None


# -- Task Scheduler ----------------------------------------------------------------------------


def test_task_xml_is_utf16_and_parses_back_with_the_expected_keys():
    spec = spec_for("/home/me/My Notes", "windows")
    data = windows.render(spec, host("windows"))
    assert data.startswith(b"\xff\xfe") and data.decode("utf-16").startswith('<?xml version="1.0" encoding="UTF-16"?>')
    task = windows.parse(data)
    assert task.tag == f"{TASK}Task"

    def text(path: str) -> str | None:
        return task.findtext("/".join(TASK + part for part in path.split("/")))

    assert text("RegistrationInfo/Source") == "vaultkit"
    assert text("RegistrationInfo/Documentation") == "/home/me/My Notes"
    assert text("Triggers/LogonTrigger/UserId") == "LAPTOP\\me" and text("Triggers/LogonTrigger/Enabled") == "true"
    assert text("Principals/Principal/LogonType") == "InteractiveToken"
    assert text("Principals/Principal/RunLevel") == "LeastPrivilege"
    assert text("Settings/ExecutionTimeLimit") == "PT0S" and text("Settings/Priority") == "7"
    assert text("Settings/MultipleInstancesPolicy") == "IgnoreNew"
    assert text("Settings/DisallowStartIfOnBatteries") == "false"
    assert (text("Settings/RestartOnFailure/Interval"), text("Settings/RestartOnFailure/Count")) == ("PT1M", "3")
    assert text("Actions/Exec/Command") == "/opt/vaultkit/bin/python"
    log = f"/home/me/AppData/Local/vaultkit/logs/{spec.name}.log"
    assert text("Actions/Exec/Arguments") == f'-m vaultkit watch "/home/me/My Notes" --log {log}'
    assert windows.read_vault(data) == "/home/me/My Notes" and has_marker(data)


def test_task_xml_of_a_tricky_path_names_its_vault():
    for vault in TRICKY_PATHS:
        assert windows.read_vault(windows.render(spec_for(vault, "windows"), host("windows"))) == vault


def test_windows_prefers_pythonw_beside_python(tmp_path):
    (tmp_path / "python.exe").write_bytes(b"")
    assert windows.background_python(str(tmp_path / "python.exe")) == str(tmp_path / "python.exe")
    (tmp_path / "pythonw.exe").write_bytes(b"")
    assert windows.background_python(str(tmp_path / "python.exe")) == str(tmp_path / "pythonw.exe")


# -- the command line every service runs ------------------------------------------------------


def test_the_service_command_runs_this_vaultkit():
    """``sys.executable -m vaultkit``, the start of every service's command, is this vaultkit."""
    done = subprocess.run([sys.executable, "-m", "vaultkit", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("vaultkit, version ")
