"""``vaultkit service`` for macOS (launchd) and Windows (Task Scheduler), through the CLI with
``--platform`` on a temporary home folder: the files are real, the manager calls recorded."""

from __future__ import annotations

import os
import plistlib
import shutil

from service_helpers import files_under, home, make_notes, recorder, service  # noqa: F401 - fixtures
from vaultkit.service import windows
from vaultkit.service.manager import Completed
from vaultkit.service.names import service_name, vault_path

TASK = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"
NOT_LOADED = Completed(113, "", "Could not find service \"x\" in domain for user gui: 501")


def test_macos_install_writes_an_agent_that_loads_back_and_bootstraps_it(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    name = service_name(vault_path(vault))
    recorder.answers[("launchctl", "print")] = NOT_LOADED
    result = service("install", "--vault", vault, platform="macos")
    assert result.exit_code == 0, result.output
    plist = home / "Library" / "LaunchAgents" / f"{name}.plist"
    keys = plistlib.loads(plist.read_bytes())
    log = home / "Library" / "Logs" / "vaultkit" / f"{name}.log"
    assert keys["Label"] == name and keys["ProgramArguments"][-4:] == ["watch", str(vault), "--log", str(log)]
    assert keys["KeepAlive"] == {"SuccessfulExit": False} and keys["RunAtLoad"] is True
    assert keys["ProcessType"] == "Background" and keys["LowPriorityIO"] is True
    assert log.parent.is_dir()  # launchd opens StandardOutPath there: the folder must exist
    uid = os.getuid()
    assert recorder.calls == [("launchctl", "print", f"gui/{uid}/{name}"),  # not loaded: no bootout
                              ("launchctl", "enable", f"gui/{uid}/{name}"),
                              ("launchctl", "bootstrap", f"gui/{uid}", str(plist))]


def test_macos_reinstall_unloads_the_running_agent_first(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    name = service_name(vault_path(vault))
    assert service("install", "--vault", vault, platform="macos").exit_code == 0
    recorder.calls.clear()
    result = service("install", "--vault", vault, platform="macos")  # "print" succeeds: loaded
    assert result.exit_code == 0 and result.stdout.startswith("rewrote ")
    uid = os.getuid()
    assert [call[:2] for call in recorder.calls] == [("launchctl", "print"), ("launchctl", "bootout"),
                                                    ("launchctl", "enable"), ("launchctl", "bootstrap")]
    assert recorder.calls[1] == ("launchctl", "bootout", f"gui/{uid}/{name}")


def test_macos_list_status_and_uninstall_of_a_deleted_vault(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    name = service_name(vault_path(vault))
    assert service("install", "--vault", vault, platform="macos").exit_code == 0
    shutil.rmtree(vault)
    assert service("list", platform="macos").stdout == \
        f"{name}  {vault}  (vault folder gone: vaultkit service uninstall {name})\n"
    recorder.answers[("launchctl", "print")] = Completed(0, f"gui/501/{name} = {{\n\tstate = running\n\tpid = 77\n}}\n")
    status = service("status", name, platform="macos")
    assert status.exit_code == 0 and "\tstate = running" in status.stdout
    assert status.stdout.splitlines()[0] == f"{name} (launchd agent)"
    recorder.answers[("launchctl", "print")] = NOT_LOADED
    recorder.calls.clear()
    removed = service("uninstall", name, platform="macos")
    assert removed.exit_code == 0, removed.output
    assert recorder.calls == [("launchctl", "print", f"gui/{os.getuid()}/{name}")]  # not loaded: nothing to boot out
    assert files_under(home / "Library" / "LaunchAgents") == []


def test_macos_status_of_an_agent_not_loaded_is_one_error_line(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    assert service("install", "--vault", vault, platform="macos").exit_code == 0
    recorder.answers[("launchctl", "print")] = NOT_LOADED
    result = service("status", "--vault", vault, platform="macos")
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"Error: launchctl print gui/{os.getuid()}/") and "(exit 113)" in result.stderr


def test_windows_install_registers_the_task_xml_and_runs_it(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "My Notes")
    name = service_name(vault_path(vault))
    result = service("install", "--vault", vault, platform="windows")
    assert result.exit_code == 0, result.output
    xml = home / "AppData" / "Local" / "vaultkit" / "services" / f"{name}.xml"
    task = windows.parse(xml.read_bytes())
    assert task.findtext(f"{TASK}RegistrationInfo/{TASK}Documentation") == str(vault)
    assert task.find(f"{TASK}Triggers/{TASK}LogonTrigger") is not None
    log = home / "AppData" / "Local" / "vaultkit" / "logs" / f"{name}.log"
    assert task.findtext(f"{TASK}Actions/{TASK}Exec/{TASK}Arguments") == f'-m vaultkit watch "{vault}" --log {log}'
    assert recorder.calls == [("schtasks", "/Create", "/XML", str(xml), "/TN", name, "/F"),
                              ("schtasks", "/Run", "/TN", name)]
    recorder.calls.clear()
    assert service("install", "--vault", vault, platform="windows").exit_code == 0  # again: end, then replace
    assert recorder.calls[:2] == [("schtasks", "/Query", "/TN", name), ("schtasks", "/End", "/TN", name)]
    assert recorder.calls[2][:2] == ("schtasks", "/Create")


def test_windows_status_and_uninstall(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    name = service_name(vault_path(vault))
    assert service("install", "--vault", vault, platform="windows").exit_code == 0
    report = f"TaskName:                             \\{name}\nStatus:                               Running\n"
    recorder.answers[("schtasks", "/Query", "/TN", name, "/V")] = Completed(0, report)
    status = service("status", "--vault", vault, platform="windows")
    assert status.exit_code == 0 and status.stdout.endswith(report)
    assert recorder.calls[-1] == ("schtasks", "/Query", "/TN", name, "/V", "/FO", "LIST")
    recorder.calls.clear()
    assert service("uninstall", name, platform="windows").exit_code == 0
    assert recorder.calls == [("schtasks", "/Query", "/TN", name), ("schtasks", "/End", "/TN", name),
                              ("schtasks", "/Query", "/TN", name), ("schtasks", "/Delete", "/TN", name, "/F")]
    assert files_under(home / "AppData" / "Local" / "vaultkit" / "services") == []


def test_windows_dry_run_prints_the_xml_as_text_and_writes_nothing(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    dry = service("install", "--vault", vault, "--dry-run", platform="windows")
    assert dry.exit_code == 0 and "<LogonTrigger>" in dry.stdout and "<Priority>7</Priority>" in dry.stdout
    assert "schtasks /Create /XML" in dry.stdout and files_under(home) == [] and recorder.calls == []


def test_uninstall_dry_run_removes_nothing(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    name = service_name(vault_path(vault))
    assert service("install", "--vault", vault, platform="windows").exit_code == 0
    before, recorder.calls[:] = files_under(home), []
    dry = service("uninstall", name, "--dry-run", platform="windows")
    assert dry.exit_code == 0
    assert dry.stdout.splitlines()[:3] == [
        "would run:", f"  schtasks /End /TN {name}   (if schtasks /Query /TN {name} succeeds)",
        f"  schtasks /Delete /TN {name} /F   (if schtasks /Query /TN {name} succeeds)"]
    assert files_under(home) == before and recorder.calls == []
