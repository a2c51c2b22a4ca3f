"""macOS: a launchd agent running ``vaultkit watch``, and the ``launchctl`` commands that load,
unload and show it in the user's ``gui/UID`` domain."""

from __future__ import annotations

import plistlib
from pathlib import Path
from xml.parsers.expat import ExpatError

from vaultkit.service.manager import Step
from vaultkit.service.names import MARKER
from vaultkit.service.spec import Host, ServiceSpec

VAULT_VARIABLE = "VAULTKIT_SERVICE_VAULT"  # where ``list`` finds the vault again; watch does not read it
DOCTYPE_END = b"PropertyList-1.0.dtd\">\n"


def output_log(spec: ServiceSpec) -> Path:
    """What ``watch`` prints goes beside its log: ``<name>.out.log``."""
    return spec.log_file.with_name(spec.name + ".out.log")


def agent(spec: ServiceSpec) -> dict:
    """The agent's keys: started at login, again after a failure (at most every 30 s), in the
    background with low IO priority."""
    out = str(output_log(spec))
    return {
        "Label": spec.name,
        "ProgramArguments": list(spec.command),
        "EnvironmentVariables": {"PYTHONUNBUFFERED": "1", VAULT_VARIABLE: str(spec.vault)},
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ThrottleInterval": 30,
        "ProcessType": "Background",
        "LowPriorityIO": True,
        "Nice": 10,
        "StandardOutPath": out,
        "StandardErrorPath": out,
    }


def render(spec: ServiceSpec, host: Host) -> bytes:
    """The plist, with vaultkit's marker as an XML comment after the document type."""
    data = plistlib.dumps(agent(spec), sort_keys=False)
    comment = f"<!-- {MARKER}; remove with: vaultkit service uninstall {spec.name} -->\n".encode()
    head, found, tail = data.partition(DOCTYPE_END)
    if not found:  # pragma: no cover - plistlib always writes this document type
        raise ValueError("unexpected plist header")
    return head + found + comment + tail


def read_vault(data: bytes) -> str | None:
    """The vault path a plist written by ``render`` names; None when it names none."""
    try:
        keys = plistlib.loads(data)
    except (plistlib.InvalidFileException, ExpatError, ValueError, TypeError):
        return None
    variables = keys.get("EnvironmentVariables") if isinstance(keys, dict) else None
    vault = variables.get(VAULT_VARIABLE) if isinstance(variables, dict) else None
    return vault if isinstance(vault, str) else None


def target(name: str, host: Host) -> str:
    return f"gui/{host.uid}/{name}"


def install_steps(spec: ServiceSpec, host: Host, reinstall: bool) -> list[Step]:
    """Unload the running agent (if loaded), enable the label, load the file."""
    loaded = ("launchctl", "print", target(spec.name, host))
    return [
        Step(("launchctl", "bootout", target(spec.name, host)), only_if=loaded),
        Step(("launchctl", "enable", target(spec.name, host))),
        Step(("launchctl", "bootstrap", f"gui/{host.uid}", str(host.locations.service_file(spec.name)))),
    ]


def uninstall_steps(name: str, host: Host) -> tuple[list[Step], list[Step]]:
    """Before the file goes: unload the agent if it is loaded."""
    loaded = ("launchctl", "print", target(name, host))
    return [Step(("launchctl", "bootout", target(name, host)), only_if=loaded)], []


def status_command(name: str, host: Host) -> tuple[str, ...]:
    return ("launchctl", "print", target(name, host))
