"""What every command shares: the common options, the ``Settings`` they make, and the
engine's refusals as one-line errors."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path

import click


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
                       "vaultkit.toml or .obsidian/; outside a vault, commands stop with exit 2).")
    @click.option("--today", envvar="VAULTKIT_TODAY", type=DateType(),
                  help="The date to compute for (default: $VAULTKIT_TODAY, else today).")
    @click.option("-q", "--quiet", is_flag=True, help="Print only problems and results.")
    @click.option("-v", "--verbose", is_flag=True, help="Print more detail.")
    @functools.wraps(command)
    def wrapper(vault_arg, vault_opt, today, quiet, verbose, **kwargs):
        from vaultkit.location import NOT_A_VAULT, find_vault_root

        root = find_vault_root(str(vault_arg or vault_opt or "") or None, Path.cwd())
        if root is None:
            click.echo(f"vaultkit: {NOT_A_VAULT}", err=True)
            sys.exit(2)
        settings = Settings(root, today or dt.date.today(), quiet, verbose, today_given=today is not None)
        return command(settings, **kwargs)

    return wrapper


class Settings:
    """What every command receives: the vault root, today, and how much to say."""

    def __init__(self, root: Path, today: dt.date, quiet: bool, verbose: bool, today_given: bool = True) -> None:
        self.root, self.today, self.quiet, self.verbose = root, today, quiet, verbose
        self.today_given = today_given  # without --today, watch follows the clock past midnight

    def say(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)

    def progress(self):
        """A ``progress(done, total)`` that shows reading on a terminal; None elsewhere or with -q."""
        if self.quiet or not sys.stderr.isatty():
            return None

        def show(done: int, total: int) -> None:
            line = f"reading notes {done}/{total}"
            click.echo("\r" + (line if done < total else " " * len(line) + "\r"), err=True, nl=False)

        return show


def run_engine(settings: Settings, call):
    """``call()``, with the engine's refusals as one-line errors."""
    import sqlite3

    from vaultkit.cancel import Cancelled
    from vaultkit.lock import Busy

    try:
        return call()
    except Busy as exc:
        raise click.ClickException(str(exc)) from None
    except sqlite3.Error as exc:  # the index failed under the run (a full disk): nothing was saved of it
        raise click.ClickException(f"the index (.vaultkit/index.sqlite) could not be updated ({exc}); "
                                   f"nothing was written, run it again") from None
    except Cancelled:
        raise click.Abort() from None


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
