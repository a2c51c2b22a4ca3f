"""The command line: thin click commands, each calling one library function."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from pathlib import Path

import click

from vaultkit import __version__


class DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is not a date (use YYYY-MM-DD)", param, ctx)


def common_options(command):
    """``[VAULT]``, ``--vault``, ``--today``, ``-q`` and ``-v``: taken by every command."""

    @click.argument("vault_arg", metavar="[VAULT]", required=False,
                    type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option("--vault", "vault_opt", envvar="VAULTKIT_VAULT", metavar="PATH",
                  type=click.Path(exists=True, file_okay=False, path_type=Path),
                  help="The vault folder (default: $VAULTKIT_VAULT, else the nearest folder holding "
                       "vaultkit.toml or .obsidian/, else the current folder).")
    @click.option("--today", envvar="VAULTKIT_TODAY", type=DateType(),
                  help="The date to compute for (default: $VAULTKIT_TODAY, else today).")
    @click.option("-q", "--quiet", is_flag=True, help="Print only problems and results.")
    @click.option("-v", "--verbose", is_flag=True, help="Print more detail.")
    @functools.wraps(command)
    def wrapper(vault_arg, vault_opt, today, quiet, verbose, **kwargs):
        from vaultkit.location import find_vault_root

        root = find_vault_root(str(vault_arg or vault_opt or "") or None, Path.cwd())
        settings = Settings(root, today or dt.date.today(), quiet, verbose)
        return command(settings, **kwargs)

    return wrapper


class Settings:
    """What every command receives: the vault root, today, and how much to say."""

    def __init__(self, root: Path, today: dt.date, quiet: bool, verbose: bool) -> None:
        self.root, self.today, self.quiet, self.verbose = root, today, quiet, verbose

    def say(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vaultkit")
def main() -> None:
    """vaultkit: follow-ups, goals and give-before-you-ask balance for a Markdown vault."""


@main.command()
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print problems as JSON (see README for the schema).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
def check(settings: Settings, as_json: bool, strict: bool) -> None:
    """Read the vault and report its problems as path:line: severity[code] message."""
    from vaultkit.problems import ERROR, WARNING, count
    from vaultkit.vault import load_vault

    vault = load_vault(settings.root, settings.today)
    errors, warnings = count(vault.problems, ERROR), count(vault.problems, WARNING)
    if as_json:
        click.echo(json.dumps({
            "vault": str(settings.root),
            "today": settings.today.isoformat(),
            "notes": vault.note_count,
            "errors": errors,
            "warnings": warnings,
            "problems": [p.as_dict() for p in vault.problems],
        }, ensure_ascii=False, indent=2))
    else:
        for problem in vault.problems:
            click.echo(problem.format())
        if settings.verbose:
            settings.say(f"{len(vault.contacts)} contacts, {len(vault.interactions)} interactions, "
                         f"{len(vault.goals)} goals, {len(vault.exchanges)} gives and asks, {len(vault.tasks)} open tasks")
        settings.say(f"checked {vault.note_count} notes: {plural(errors, 'error')}, {plural(warnings, 'warning')}")
    sys.exit(1 if errors or (strict and warnings) else 0)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
