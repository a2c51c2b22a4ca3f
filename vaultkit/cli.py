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
    from vaultkit.build import persisted

    vault, problems, notice = persisted(settings.root, settings.today, write=False, progress=settings.progress())
    if notice:
        settings.say(notice)
    report_problems(settings, vault, vault.note_count, problems, as_json, strict, f"checked {vault.note_count} notes")


@main.command()
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print problems as JSON (the schema of check --json).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
def build(settings: Settings, as_json: bool, strict: bool) -> None:
    """Write follow-ups, goals, balance notes and a dashboard into the vault's output folder."""
    import signal
    import threading

    from vaultkit.build import persisted
    from vaultkit.lock import Busy
    from vaultkit.vault import Cancelled

    stop = threading.Event()  # Ctrl-C stops between two notes or two batches of pages, never mid-page
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        result = persisted(settings.root, settings.today, write=True, progress=settings.progress(), stop=stop.is_set)
    except Busy as exc:
        raise click.ClickException(str(exc)) from None
    except Cancelled:
        raise click.Abort() from None
    finally:
        signal.signal(signal.SIGINT, previous)
    if stop.is_set():
        raise click.Abort()
    if result.notice:
        settings.say(result.notice)
    report = result.report
    for page, copy in report.kept_aside:
        settings.say(f"kept your edited {page} as {copy}")
    summary = (f"built {result.pages} pages from {result.note_count} notes: {len(report.written)} written, "
               f"{len(report.unchanged)} unchanged, {len(report.deleted)} deleted")
    report_problems(settings, result.vault, result.note_count, result.problems, as_json, strict, summary)


def report_problems(settings: Settings, vault, note_count: int, problems, as_json: bool, strict: bool,
                    summary: str) -> None:
    """Print problems (text or JSON), a summary on stderr, and exit 1 on errors (or warnings when strict)."""
    from vaultkit.problems import ERROR, WARNING, count

    errors, warnings = count(problems, ERROR), count(problems, WARNING)
    if as_json:
        click.echo(json.dumps({
            "vault": str(settings.root),
            "today": settings.today.isoformat(),
            "notes": note_count,
            "errors": errors,
            "warnings": warnings,
            "problems": [p.as_dict() for p in problems],
        }, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            click.echo(problem.format())
        if settings.verbose and vault is not None:
            settings.say(f"{len(vault.contacts)} contacts, {len(vault.interactions)} interactions, "
                         f"{len(vault.goals)} goals, {len(vault.exchanges)} gives and asks, {len(vault.tasks)} open tasks")
        settings.say(f"{summary}: {plural(errors, 'error')}, {plural(warnings, 'warning')}")
    sys.exit(1 if errors or (strict and warnings) else 0)


def view_command(name: str, help_text: str):
    """``followups``, ``goals`` and ``balance``: a terminal view, or JSON with ``--json``."""

    @main.command(name=name, help=help_text)
    @common_options
    @click.option("--json", "as_json", is_flag=True, help="Print JSON (see README for the schema).")
    def command(settings: Settings, as_json: bool) -> None:
        from vaultkit import views
        from vaultkit.vault import load_vault

        vault = load_vault(settings.root, settings.today)
        if as_json:
            click.echo(json.dumps(getattr(views, f"{name}_json")(vault), ensure_ascii=False, indent=2))
        else:
            click.echo(getattr(views, f"{name}_text")(vault))
        if vault.problems:
            settings.say(f"{plural(len(vault.problems), 'problem')} in the vault: see vaultkit check")

    return command


followups = view_command("followups", "Who to follow up with: overdue, today, next 7 days, later, undated.")
goals = view_command("goals", "Each goal: value, target, expected by today and state.")
balance = view_command("balance", "Give before you ask: balance with each contact, asked most first.")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@main.command()
@common_options
@click.option("--polling", is_flag=True, help="Poll the disk instead of OS file events (network drives, WSL).")
def watch(settings: Settings, polling: bool) -> None:
    """Build, then keep the pages current as notes change, until Ctrl-C."""
    import signal

    from vaultkit.watch import Watcher

    today = settings.today if settings.today_given else None
    watcher = Watcher(settings.root, today=today, polling=polling, say=settings.say)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: (watcher.stop.set(), watcher.changes.wake()))
    settings.say(f"watching {settings.root} (Ctrl-C to stop)")
    watcher.run()
    settings.say("stopped")


@main.command()
@click.argument("sql")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Rows as a JSON list of objects.")
@click.option("--csv", "as_csv", is_flag=True, help="Rows as CSV with a header line.")
def query(settings: Settings, sql: str, as_json: bool, as_csv: bool) -> None:
    """Run read-only SQL on the index (.vaultkit/index.sqlite); see docs/index.md for its tables."""
    from vaultkit import query as queries

    try:
        columns, rows = queries.run_query(settings.root, sql)
    except queries.QueryError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(queries.as_json(columns, rows))
    elif as_csv:
        click.echo(queries.as_csv(columns, rows))
    else:
        click.echo(queries.as_table(columns, rows))
