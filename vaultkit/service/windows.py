"""Windows: a Task Scheduler task that runs ``vaultkit watch`` at logon, as task XML, and the
``schtasks`` commands that register, end and show it."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from vaultkit.service.manager import Step
from vaultkit.service.names import MARKER
from vaultkit.service.spec import Host, ServiceSpec

NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"
BELOW_NORMAL_PRIORITY = "7"  # Task Scheduler's 7: below normal CPU and IO priority


def background_python(python: str) -> str:
    """``pythonw.exe`` beside ``python.exe`` when there is one: no console window at logon."""
    windowless = Path(python).with_name("pythonw.exe")
    return str(windowless) if Path(python).name.lower() == "python.exe" and windowless.is_file() else python


def task_tree(spec: ServiceSpec, host: Host) -> ET.Element:
    """The task: at the user's logon, with the user's rights, no time limit, below normal
    priority, restarted 3 times a minute apart when it fails; vaultkit as its source and the
    vault's path as its documentation."""
    task = ET.Element(f"{{{NAMESPACE}}}Task", version="1.2")

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)
        element.text = text
        return element

    info = add(task, "RegistrationInfo")
    add(info, "Author", "vaultkit")
    add(info, "Description", f"vaultkit watch {spec.vault}")
    add(info, "Source", "vaultkit")
    add(info, "Documentation", str(spec.vault))
    logon = add(add(task, "Triggers"), "LogonTrigger")
    add(logon, "Enabled", "true")
    add(logon, "UserId", host.user)
    principal = add(add(task, "Principals"), "Principal", id="Author")
    add(principal, "UserId", host.user)
    add(principal, "LogonType", "InteractiveToken")
    add(principal, "RunLevel", "LeastPrivilege")
    settings = add(task, "Settings")
    for tag, text in (("MultipleInstancesPolicy", "IgnoreNew"), ("DisallowStartIfOnBatteries", "false"),
                      ("StopIfGoingOnBatteries", "false"), ("AllowHardTerminate", "true"),
                      ("StartWhenAvailable", "false"), ("RunOnlyIfNetworkAvailable", "false")):
        add(settings, tag, text)
    idle = add(settings, "IdleSettings")
    add(idle, "StopOnIdleEnd", "false")
    add(idle, "RestartOnIdle", "false")
    for tag, text in (("AllowStartOnDemand", "true"), ("Enabled", "true"), ("Hidden", "false"),
                      ("RunOnlyIfIdle", "false"), ("WakeToRun", "false"), ("ExecutionTimeLimit", "PT0S"),
                      ("Priority", BELOW_NORMAL_PRIORITY)):
        add(settings, tag, text)
    restart = add(settings, "RestartOnFailure")
    add(restart, "Interval", "PT1M")
    add(restart, "Count", "3")
    run = add(add(task, "Actions", Context="Author"), "Exec")
    add(run, "Command", background_python(spec.command[0]))
    add(run, "Arguments", subprocess.list2cmdline(spec.command[1:]))
    return task


def render(spec: ServiceSpec, host: Host) -> bytes:
    """The task XML in UTF-16 with a byte order mark, as Task Scheduler exports it, marked as
    vaultkit's by a comment."""
    ET.register_namespace("", NAMESPACE)
    tree = task_tree(spec, host)
    ET.indent(tree)
    body = ET.tostring(tree, encoding="unicode")
    text = (f'<?xml version="1.0" encoding="UTF-16"?>\n'
            f"<!-- {MARKER}; remove with: vaultkit service uninstall {spec.name} -->\n{body}\n")
    return b"\xff\xfe" + text.encode("utf-16-le")


def parse(data: bytes) -> ET.Element:
    """The task XML back as a tree (raises ``ET.ParseError`` when it is not XML)."""
    return ET.fromstring(data)


def read_vault(data: bytes) -> str | None:
    """The vault path a task written by ``render`` names; None when it names none."""
    try:
        found = parse(data).find(f"{{{NAMESPACE}}}RegistrationInfo/{{{NAMESPACE}}}Documentation")
    except ET.ParseError:
        return None
    return found.text if found is not None and found.text else None


def schtasks(*args: str) -> tuple[str, ...]:
    return ("schtasks", *args)


def install_steps(spec: ServiceSpec, host: Host, reinstall: bool) -> list[Step]:
    """End the running task (a re-install), register the file over any old task, start it now."""
    registered = schtasks("/Query", "/TN", spec.name)
    steps = [Step(schtasks("/End", "/TN", spec.name), only_if=registered, may_fail=True)] if reinstall else []
    return steps + [
        Step(schtasks("/Create", "/XML", str(host.locations.service_file(spec.name)), "/TN", spec.name, "/F")),
        Step(schtasks("/Run", "/TN", spec.name)),
    ]


def uninstall_steps(name: str, host: Host) -> tuple[list[Step], list[Step]]:
    """Before the file goes: end the task and delete it, if it is registered."""
    registered = schtasks("/Query", "/TN", name)
    return [Step(schtasks("/End", "/TN", name), only_if=registered, may_fail=True),
            Step(schtasks("/Delete", "/TN", name, "/F"), only_if=registered)], []


def status_command(name: str, host: Host) -> tuple[str, ...]:
    return schtasks("/Query", "/TN", name, "/V", "/FO", "LIST")
