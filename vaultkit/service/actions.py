"""What ``vaultkit service`` does: plan and carry out an install, find an installed service,
uninstall it, ask the manager for its state. The click commands only print what comes back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vaultkit.service import manager
from vaultkit.service.installed import GENERATORS, Installed, has_marker, read_file, read_installed, write_service_file
from vaultkit.service.manager import Step
from vaultkit.service.names import MARKER, is_service_name, service_name, vault_path
from vaultkit.service.spec import Host, ServiceSpec, watch_command


class ServiceError(Exception):
    """A refusal or a failure, as one line for the user."""


@dataclass(frozen=True)
class InstallPlan:
    """The file ``install`` writes (``data`` at ``file``) and the commands it runs after."""

    spec: ServiceSpec
    file: Path
    data: bytes
    steps: list[Step]
    reinstall: bool


def plan_install(vault: Path, host: Host) -> InstallPlan:
    """The plan for ``vault``'s service; refuses a file at its place that vaultkit did not write."""
    if not host.python:
        raise ServiceError("cannot tell which Python runs vaultkit (sys.executable is empty)")
    vault = vault_path(vault)
    try:
        str(vault).encode("utf-8")
    except UnicodeEncodeError:
        raise ServiceError(f"the vault's path is not valid UTF-8, which service files need: {vault}") from None
    name = service_name(vault)
    where = host.locations
    file = where.service_file(name)
    reinstall = file.is_file() or file.is_symlink()
    if reinstall:
        data = read_file(file)
        if data is None or not has_marker(data):
            raise ServiceError(f"{file} exists and was not written by vaultkit (no '{MARKER}' line): left alone")
    log_file = where.log_file(name)
    spec = ServiceSpec(name, vault, log_file, watch_command(host.python, vault, log_file))
    generator = GENERATORS[host.platform]
    return InstallPlan(spec, file, generator.render(spec, host), generator.install_steps(spec, host, reinstall),
                       reinstall)


def install(plan: InstallPlan) -> list[Step]:
    """Write the file and the log folder, then run the plan's commands; returns those that ran."""
    try:
        write_service_file(plan.file, plan.data)
        plan.spec.log_file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ServiceError(f"cannot write {exc.filename or plan.file}: {exc.strerror or exc}") from None
    try:
        return manager.run_steps(plan.steps)
    except manager.ManagerError as exc:
        raise ServiceError(f"{exc}; {plan.file} is written "
                           f"(vaultkit service uninstall {plan.spec.name} removes it)") from None


def other_machine_warning(vault: Path, host_name: str | None = None) -> str | None:
    """One line when the vault's ``build_on`` names another machine than this one (or
    ``host_name``); None otherwise."""
    from vaultkit.config import load_config  # only install reads the vault's config
    from vaultkit.hosts import is_this_host, this_host

    build_on = load_config(vault_path(vault))[0].build_on
    if not build_on or is_this_host(build_on, host_name):
        return None
    return (f"warning: vaultkit.toml has build_on = \"{build_on}\" but this machine is {host_name or this_host()}: "
            f"the service will watch without writing pages here; installing anyway")


def find_service(host: Host, name: str | None, vault: Path | None) -> Installed:
    """The installed service called ``name``, or else the one of ``vault``."""
    if name is None:
        if vault is None:
            raise ServiceError("name a service (see vaultkit service list) or give --vault PATH")
        name = service_name(vault_path(vault))
    elif not is_service_name(name):
        raise ServiceError(f"'{name}' is not the name of a vaultkit service (see vaultkit service list)")
    where = host.locations
    file = where.service_file(name)
    if not (file.is_file() or file.is_symlink()):
        for_vault = f" for {vault_path(vault)}" if vault is not None else ""
        raise ServiceError(f"no service {name}{for_vault} is installed (no {file}; see vaultkit service list)")
    found = read_installed(where, name)
    if found is None:
        raise ServiceError(f"{file} was not written by vaultkit (no '{MARKER}' line): left alone")
    return found


def uninstall(service: Installed, host: Host) -> list[Step]:
    """Stop the service, remove its file (and only that), let the manager forget it."""
    before, after = GENERATORS[host.platform].uninstall_steps(service.name, host)
    try:
        ran = manager.run_steps(before)
    except manager.ManagerError as exc:
        raise ServiceError(f"{exc}; {service.file} is kept") from None
    try:
        service.file.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise ServiceError(f"cannot remove {service.file}: {exc.strerror or exc}") from None
    try:
        return ran + manager.run_steps(after)
    except manager.ManagerError as exc:
        raise ServiceError(f"{exc} ({service.file} is removed)") from None


def uninstall_plan(service: Installed, host: Host) -> tuple[list[Step], list[Step]]:
    """The commands ``uninstall`` runs before and after removing the file, for ``--dry-run``."""
    return GENERATORS[host.platform].uninstall_steps(service.name, host)


def status(service: Installed, host: Host) -> tuple[tuple[str, ...], str]:
    """The manager's own report on the service: the command asked and what it printed."""
    command = GENERATORS[host.platform].status_command(service.name, host)
    try:
        return command, manager.query(command).output
    except manager.ManagerError as exc:
        raise ServiceError(str(exc)) from None
