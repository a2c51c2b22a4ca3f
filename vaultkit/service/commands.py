"""``vaultkit service install|uninstall|list|status``: the click commands, printing what
``vaultkit.service.actions`` plans, does and finds (docs/guide/background.md).

Every vaultkit command loads this module; the generators (plistlib, ElementTree) and the
service manager seam are loaded by the service commands alone, inside them, so they do not
add to the start-up time of the others.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from vaultkit.service.platforms import PLATFORMS, current_platform

MANAGERS = {"linux": "systemd user unit", "macos": "launchd agent", "windows": "Task Scheduler task"}


@click.group(name="service")
@click.option("--platform", type=click.Choice(PLATFORMS), hidden=True,
              help="Generate and manage another platform's services (default: this system's).")
@click.pass_context
def service_group(ctx: click.Context, platform: str | None) -> None:
    """Run vaultkit watch for a vault in the background, under your system's service manager."""
    ctx.obj = platform or current_platform()


def the_host(platform: str):
    """The running user on ``platform``: its home, environment and Python."""
    from vaultkit.service.spec import this_host

    return this_host(platform)


def vault_option(exists: bool, only: bool = False):
    """``--vault PATH``: the vault to act on (default ``$VAULTKIT_VAULT``, else the vault around the
    current folder); with ``only``, a filter, which the environment does not set."""
    return click.option("--vault", "vault", envvar=None if only else "VAULTKIT_VAULT", metavar="PATH",
                        type=click.Path(exists=exists, file_okay=False, path_type=Path),
                        help="Only the service of this vault." if only else
                        "The vault (default: $VAULTKIT_VAULT, else the vault you are in).")


def common_options(command):
    """``--today``, ``-q`` and ``-v``, which every vaultkit command takes; the service commands use
    no date, and ``-q`` leaves out the lines that say what was written and run."""

    @click.option("--today", envvar="VAULTKIT_TODAY", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
                  help="Accepted like every command; the service commands use no date.")
    @click.option("-q", "--quiet", is_flag=True, help="Print only results and problems.")
    @click.option("-v", "--verbose", is_flag=True, help="Accepted like every command.")
    @functools.wraps(command)
    def wrapper(*args, today, quiet: bool, verbose: bool, **kwargs):
        return command(*args, quiet=quiet, **kwargs)

    return wrapper


def failing(call):
    """``call()``, with a ``ServiceError`` as one ``Error:`` line and exit 1."""
    from vaultkit.service import actions

    try:
        return call()
    except actions.ServiceError as exc:
        raise click.ClickException(str(exc)) from None


def the_vault(vault: Path | None) -> Path:
    """``--vault``, else the vault around the current folder; exit 2 when there is none."""
    from vaultkit.location import MARKERS, NOT_A_VAULT, find_vault_root

    root = find_vault_root(str(vault) if vault else None, Path.cwd())
    if root is None:
        click.echo(f"vaultkit: {NOT_A_VAULT}", err=True)
        sys.exit(2)
    if not any((root / marker).exists() for marker in MARKERS):
        click.echo(f"vaultkit: {root} is not a vault (no vaultkit.toml or .obsidian/): a service would write "
                   f"pages into it; make it one with vaultkit init {root}", err=True)
        sys.exit(2)
    return root


def file_text(data: bytes) -> str:
    """A generated file as text (task XML is UTF-16)."""
    return data.decode("utf-16") if data.startswith(b"\xff\xfe") else data.decode("utf-8")


def echo_steps(prefix: str, steps: list) -> None:
    for step in steps:
        click.echo(f"{prefix}{step.shown()}")


def echo_done(quiet: bool, file_line: str, steps: list) -> None:
    """What was written or removed and which commands ran (left out with ``-q``)."""
    if quiet:
        return
    click.echo(file_line)
    echo_steps("ran ", steps)


@service_group.command()
@vault_option(exists=True)
@click.option("--dry-run", is_flag=True, help="Print the file and the commands; write and run nothing.")
@common_options
@click.pass_obj
def install(platform: str, vault: Path | None, dry_run: bool, quiet: bool) -> None:
    """Run vaultkit watch for the vault from login on, restarted after a failure (again: rewrite it)."""
    from vaultkit.service import actions

    host = the_host(platform)
    root = the_vault(vault)
    plan = failing(lambda: actions.plan_install(root, host))
    warning = actions.other_machine_warning(root)
    if warning:
        click.echo(warning, err=True)
    if dry_run:
        click.echo(f"would {'rewrite' if plan.reinstall else 'write'} {plan.file}:")
        click.echo(file_text(plan.data), nl=False)
        click.echo(f"would create the log folder {plan.spec.log_file.parent}")
        click.echo("would run:")
        echo_steps("  ", plan.steps)
        if not quiet:
            click.echo("dry run: nothing written, nothing run", err=True)
        return
    ran = failing(lambda: actions.install(plan))
    echo_done(quiet, f"{'rewrote' if plan.reinstall else 'wrote'} {plan.file}", ran)
    click.echo(f"installed {plan.spec.name}: vaultkit watch {plan.spec.vault}; log: {plan.spec.log_file}")


@service_group.command()
@click.argument("name", required=False)
@vault_option(exists=False)
@click.option("--dry-run", is_flag=True, help="Print the commands and the file to remove; do nothing.")
@common_options
@click.pass_obj
def uninstall(platform: str, name: str | None, vault: Path | None, dry_run: bool, quiet: bool) -> None:
    """Stop a service and remove its file: NAME (see list), or the service of --vault."""
    from vaultkit.service import actions

    host = the_host(platform)
    if name is None and vault is None:
        vault = the_vault(None)
    service = failing(lambda: actions.find_service(host, name, vault if name is None else None))
    if dry_run:
        before, after = actions.uninstall_plan(service, host)
        click.echo("would run:")
        echo_steps("  ", before)
        click.echo(f"would remove {service.file}")
        if after:
            click.echo("then run:")
            echo_steps("  ", after)
        if not quiet:
            click.echo("dry run: nothing removed, nothing run", err=True)
        return
    ran = failing(lambda: actions.uninstall(service, host))
    echo_done(quiet, f"removed {service.file}", ran)
    click.echo(f"uninstalled {service.name} (its log, if any, is kept in {host.locations.log_dir})")


@service_group.command(name="list")
@vault_option(exists=False, only=True)
@common_options
@click.pass_obj
def list_services(platform: str, vault: Path | None, quiet: bool) -> None:
    """Every service vaultkit installed, with its vault (also when the vault is gone); --vault: its own."""
    from vaultkit.service.installed import scan
    from vaultkit.service.names import service_name, vault_path

    host = the_host(platform)
    services = scan(host.locations)
    if vault is not None:
        services = [service for service in services if service.name == service_name(vault_path(vault))]
    if not services and not quiet:
        click.echo(f"no vaultkit services installed{' for ' + str(vault) if vault else ''} "
                   f"(in {host.locations.service_dir})", err=True)
    for service in services:
        click.echo(f"{service.name}  {service.vault or '(vault unknown)'}{gone_note(service)}")


def gone_note(service) -> str:
    """After an ``Installed`` service's vault: how to remove it when the vault folder is gone."""
    if service.vault_exists:
        return ""
    return f"  (vault folder gone: vaultkit service uninstall {service.name})"


@service_group.command()
@click.argument("name", required=False)
@vault_option(exists=False)
@common_options
@click.pass_obj
def status(platform: str, name: str | None, vault: Path | None, quiet: bool) -> None:
    """The state of a service, as the service manager reports it: NAME, or the service of --vault."""
    from vaultkit.service import actions
    from vaultkit.service.manager import shown

    host = the_host(platform)
    if name is None and vault is None:
        vault = the_vault(None)
    service = failing(lambda: actions.find_service(host, name, vault if name is None else None))
    command, report = failing(lambda: actions.status(service, host))
    click.echo(f"{service.name} ({MANAGERS[host.platform]})")
    click.echo(f"vault: {service.vault or '(unknown)'}{gone_note(service)}")
    click.echo(f"file: {service.file}")
    click.echo(f"log: {host.locations.log_file(service.name)}")
    click.echo(f"$ {shown(command)}")
    click.echo(report.rstrip("\n"))
