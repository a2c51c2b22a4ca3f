"""Linux: a systemd user unit running ``vaultkit watch``, and the ``systemctl --user`` commands
that enable, stop and show it."""

from __future__ import annotations

import json
import re

from vaultkit.service.manager import Step
from vaultkit.service.names import MARKER
from vaultkit.service.spec import Host, ServiceSpec

PLAIN_ARGUMENT = re.compile(r"[A-Za-z0-9_./:,+=@-]+")
VAULT_LINE = "# vaultkit-vault: "
# A vault that is gone (or not a vault) makes ``vaultkit watch`` exit 2: retrying cannot help.
NO_RETRY_STATUS = 2
STATUS_PROPERTIES = ("LoadState", "ActiveState", "SubState", "UnitFileState", "MainPID", "NRestarts",
                     "ExecMainStatus", "ExecMainStartTimestamp", "Result")


def quoted(argument: str) -> str:
    """One ``ExecStart=`` argument: as is when plain, else in double quotes with C escapes; ``%%``
    for ``%`` (a specifier otherwise) and ``$$`` for ``$`` (a variable otherwise)."""
    if PLAIN_ARGUMENT.fullmatch(argument):
        return argument
    text = json.dumps(argument, ensure_ascii=False)[1:-1]  # \\ \" \n \t and the other C escapes
    return '"' + text.replace("%", "%%").replace("$", "$$") + '"'


def plain(text: str) -> str:
    """``text`` for a free-text setting (``Description=``): one line, no specifier."""
    return json.dumps(text, ensure_ascii=False)[1:-1].replace("%", "%%")


def render(spec: ServiceSpec, host: Host) -> bytes:
    """The unit file: marked as vaultkit's, holding the vault's path, restarting on failure and
    running at a low CPU and IO priority."""
    lines = [
        f"# {MARKER}; remove with: vaultkit service uninstall {spec.name}",
        VAULT_LINE + json.dumps(str(spec.vault), ensure_ascii=False),
        "",
        "[Unit]",
        f"Description=vaultkit watch {plain(str(spec.vault))}",
        "StartLimitIntervalSec=600",
        "StartLimitBurst=5",
        "",
        "[Service]",
        "Type=exec",
        "ExecStart=" + " ".join(quoted(arg) for arg in spec.command),
        "Environment=PYTHONUNBUFFERED=1",
        "Restart=on-failure",
        "RestartSec=10",
        f"RestartPreventExitStatus={NO_RETRY_STATUS}",
        "Nice=10",
        "IOSchedulingClass=idle",
        "",
        "[Install]",
        "WantedBy=default.target",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def read_vault(data: bytes) -> str | None:
    """The vault path a unit written by ``render`` names; None when it names none."""
    for line in data.decode("utf-8", "replace").splitlines():
        if line.startswith(VAULT_LINE):
            try:
                vault = json.loads(line[len(VAULT_LINE):])
            except ValueError:
                return None
            return vault if isinstance(vault, str) else None
    return None


def systemctl(*args: str) -> tuple[str, ...]:
    return ("systemctl", "--user", *args)


def install_steps(spec: ServiceSpec, host: Host, reinstall: bool) -> list[Step]:
    """Reload the units, then enable and start; a re-install restarts, to run the new file."""
    unit = spec.name + ".service"
    if reinstall:
        return [Step(systemctl("daemon-reload")), Step(systemctl("enable", unit)), Step(systemctl("restart", unit))]
    return [Step(systemctl("daemon-reload")), Step(systemctl("enable", "--now", unit))]


def uninstall_steps(name: str, host: Host) -> tuple[list[Step], list[Step]]:
    """Before the file goes: stop and disable. After: reload, and forget a failed state."""
    unit = name + ".service"
    before = [Step(systemctl("disable", "--now", unit))]
    after = [Step(systemctl("daemon-reload")), Step(systemctl("reset-failed", unit), may_fail=True)]
    return before, after


def status_command(name: str, host: Host) -> tuple[str, ...]:
    return systemctl("show", name + ".service", "-p", ",".join(STATUS_PROPERTIES))
