"""The command line: thin click commands, each calling one library function."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from vaultkit import __version__
from vaultkit.cli_interchange import export_group, import_group
from vaultkit.cli_options import DateType, Settings, common_options, plural, run_engine
from vaultkit.service.commands import service_group


def utf8_command() -> list[str] | None:
    """The command that runs vaultkit again in Python's UTF-8 mode, when this process cannot
    name files in UTF-8 (an ASCII locale such as ``LC_ALL=C``, with ``PYTHONUTF8=0``); None
    when it can. Notes and pages are named in UTF-8 whatever the locale says: in ASCII
    mode a contact called Núñez could neither be written to the index nor printed."""
    if os.name != "posix" or sys.flags.utf8_mode or sys.getfilesystemencoding().lower().replace("-", "") == "utf8":
        return None
    return [sys.executable, "-X", "utf8", "-m", "vaultkit", *sys.argv[1:]]


def run() -> None:
    """The ``vaultkit`` program: ``main``, then exit at once.

    A build leaves hundreds of thousands of records in memory; freeing them one by one as
    Python shuts down took longer than a tenth of a one-note build (1.5 s at 100,000 notes).
    Every file is closed and every worker waited for by then, so only the output streams
    need flushing.
    """
    again = utf8_command()
    if again is not None:
        os.execv(again[0], again)
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            click.echo(exc.code, err=True)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (``vaultkit followups | head``): nothing to flush into
            pass
    os._exit(code)


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
    from vaultkit.build import check as check_vault

    checked = run_engine(settings, lambda: check_vault(settings.root, settings.today, progress=settings.progress()))
    if checked.notice:
        settings.say(checked.notice)
    report_problems(settings, checked.note_count, checked.problems, as_json, strict,
                    f"checked {checked.note_count} notes")


@main.command()
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print problems as JSON (the schema of check --json).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--force", is_flag=True, help="Write the pages even on a machine that build_on in vaultkit.toml does not name.")
def build(settings: Settings, as_json: bool, strict: bool, force: bool) -> None:
    """Write follow-ups, goals, balance notes and a dashboard into the vault's output folder."""
    import signal
    import threading

    from vaultkit.build import build as build_vault

    stop = threading.Event()  # Ctrl-C stops between two notes or two batches of pages, never mid-page
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        result = run_engine(settings, lambda: build_vault(settings.root, settings.today, stop=stop.is_set,
                                                          progress=settings.progress(), force=force))
    finally:
        signal.signal(signal.SIGINT, previous)
    if stop.is_set():
        raise click.Abort()
    if result.elsewhere:
        from vaultkit.hosts import elsewhere_line

        raise click.ClickException(f"{elsewhere_line(result.elsewhere)} (--force writes them all the same)")
    if result.notice:
        settings.say(result.notice)
    report = result.report
    for page, copy in report.kept_aside:
        settings.say(f"kept your edited {page} as {copy}")
    if report.retired:
        folder = report.retired[0].rsplit("/", 1)[0].split("/")[0]
        settings.say(f"removed {plural(len(report.retired), 'page')} vaultkit wrote into the previous output "
                     f"folder ({folder}/)")
    summary = (f"built {result.pages} pages from {result.note_count} notes: {len(report.written)} written, "
               f"{len(report.unchanged)} unchanged, {len(report.deleted)} deleted")
    report_problems(settings, result.note_count, result.problems, as_json, strict, summary)


def report_problems(settings: Settings, note_count: int, problems, as_json: bool, strict: bool,
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
        if settings.verbose:
            from vaultkit.incremental import answers

            found = answers.counts_in(settings.root)
            settings.say(f"{found['contacts']} contacts, {found['interactions']} interactions, {found['goals']} goals, "
                         f"{found['exchanges']} gives and asks, {found['tasks']} open tasks")
        settings.say(f"{summary}: {plural(errors, 'error')}, {plural(warnings, 'warning')}")
    sys.exit(1 if errors or (strict and warnings) else 0)


def view_command(name: str, help_text: str):
    """``followups``, ``goals`` and ``balance``: a terminal view, or JSON with ``--json``."""

    @main.command(name=name, help=help_text)
    @common_options
    @click.option("--json", "as_json", is_flag=True, help="Print JSON (see README for the schema).")
    def command(settings: Settings, as_json: bool) -> None:
        from vaultkit import views
        from vaultkit.build import answer
        from vaultkit.incremental import answers

        def ask(connection, checked):
            language, today = checked.config.language, settings.today
            if name == "followups":
                shown = (views.followups_json(answers.follow_ups(connection), today) if as_json
                         else views.followups_text(answers.follow_up_texts(connection), language))
            elif name == "goals":
                progress = answers.progress(connection)
                shown = views.goals_json(progress, today) if as_json else views.goals_text(progress, today, language)
            else:
                parts, tallies = answers.balances(connection), answers.tallies(connection)
                shown = (views.balance_json(parts, tallies, today) if as_json
                         else views.balance_text(parts, tallies, language))
            return shown, checked

        shown, checked = run_engine(settings, lambda: answer(settings.root, settings.today, ask))
        if checked.notice:
            settings.say(checked.notice)
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2) if as_json else shown)
        if checked.problems:
            settings.say(f"{plural(len(checked.problems), 'problem')} in the vault: see vaultkit check")

    return command


followups = view_command("followups", "Who to follow up with: overdue, today, next 7 days, later, undated.")
goals = view_command("goals", "Each goal: value, target, expected by today and state.")
balance = view_command("balance", "Give before you ask: balance with each contact, asked most first.")


@main.command()
@common_options
@click.option("--polling", is_flag=True, help="Poll the disk instead of OS file events (network drives, WSL).")
@click.option("--log", "log_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write one line per build and each problem to FILE, which rotates.")
@click.option("--log-max-kb", default=1024, show_default=True, type=click.IntRange(min=1),
              help="Rotate the log when it passes this size.")
@click.option("--log-keep", default=3, show_default=True, type=click.IntRange(min=1),
              help="Old logs kept beside FILE (FILE.1 the newest).")
def watch(settings: Settings, polling: bool, log_file: Path | None, log_max_kb: int, log_keep: int) -> None:
    """Build, then keep the pages current as notes change, until Ctrl-C."""
    import signal

    from vaultkit.watchsession import LogOptions, WatchRefused, run_watch

    def started(watcher) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: (watcher.stop.set(), watcher.changes.wake()))

    log = LogOptions(log_file, log_max_kb, log_keep) if log_file else None
    today = settings.today if settings.today_given else None
    try:
        run_watch(settings.root, settings.say, today, polling, log, started)
    except WatchRefused as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON (docs/json.md).")
def status(settings: Settings, as_json: bool) -> None:
    """Is a watcher running for this vault, when did the last build end, are the pages stale?"""
    from vaultkit.status import status_json, status_text, vault_status

    found = vault_status(settings.root, settings.today)
    shown = status_json(found) if as_json else status_text(found, dt.datetime.now().astimezone())
    click.echo(json.dumps(shown, ensure_ascii=False, indent=2) if as_json else shown)


@main.command()
@click.argument("sql")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Rows as a JSON list of objects.")
@click.option("--csv", "as_csv", is_flag=True, help="Rows as CSV with a header line.")
def query(settings: Settings, sql: str, as_json: bool, as_csv: bool) -> None:
    """Run read-only SQL on the index (.vaultkit/index.sqlite); see docs/index.md for its tables."""
    from vaultkit import query as queries
    from vaultkit.build import check as check_vault

    run_engine(settings, lambda: check_vault(settings.root, settings.today))
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


# Authoring: init, new, log (docs/guide/authoring.md). They only ever create notes (or append
# the .vaultkit/ line to .gitignore); library errors become one-line ClickExceptions here.

@main.command()
@click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--vault", "vault_opt", metavar="PATH", type=click.Path(file_okay=False, path_type=Path),
              help="The folder to set up, like PATH (default: the current folder; created if missing).")
@click.option("--language", type=click.Choice(["en", "es"]),
              help="Language of the templates and of vaultkit.toml (default: the config's, else en).")
@click.option("--today", type=DateType(), help="Accepted like every command; init writes no dates.")
@click.option("-q", "--quiet", is_flag=True, help="Print only what was created or kept.")
@click.option("-v", "--verbose", is_flag=True, help="Accepted like every command.")
def init(path: Path | None, vault_opt: Path | None, language: str | None, today, quiet: bool, verbose: bool) -> None:
    """Set up a vault: vaultkit.toml, Contacts/ Meetings/ Goals/, Templates/ and .gitignore; never overwrites."""
    from vaultkit.authoring import AuthoringError
    from vaultkit.authoring.init_vault import IGNORE_LINE, init_vault

    root = path or vault_opt or Path.cwd()
    try:
        report = init_vault(root, language)
    except AuthoringError as exc:
        raise click.ClickException(str(exc)) from None
    shown = {"created": "created {}", "kept": "kept {} (already there)", "appended": f"added {IGNORE_LINE} to {{}}"}
    for action, rel in report.actions:
        click.echo(shown[action].format(rel))
    settings = Settings(root, today or dt.date.today(), quiet, verbose)
    settings.say(f"vault ready in {root}: {report.count('created')} created, {report.count('kept')} kept")


@main.command()
@click.argument("kind", type=click.Choice(["contact", "meeting", "goal"]))
@click.argument("name")
@common_options
@click.option("--with", "participants", multiple=True, metavar="CONTACT",
              help="A meeting's participant, by name or alias (repeat for more).")
def new(settings: Settings, kind: str, name: str, participants: tuple[str, ...]) -> None:
    """Create a contact, meeting or goal note from Templates/ (else the built-in template)."""
    from vaultkit.authoring import AuthoringError
    from vaultkit.authoring.new_note import new_note

    now = dt.datetime.combine(settings.today, dt.datetime.now().time().replace(microsecond=0))
    try:
        created, template = new_note(settings.root, kind, name, now, participants, settings.say)
    except AuthoringError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {created}" + (f" from {template}" if template else ""))


@main.command()
@click.argument("contact")
@common_options
@click.option("--gave", multiple=True, metavar="TEXT", help="Something you gave them (repeat for more).")
@click.option("--asked", multiple=True, metavar="TEXT", help="Something you asked of them (repeat for more).")
@click.option("--channel", metavar="NAME", help="coffee, call, email, linkedin... (default: a meeting).")
@click.option("--date", "when", type=DateType(), help="When it happened, or will (default: --today).")
@click.option("--goal", "goals", multiple=True, metavar="GOAL", help="A goal it served (repeat for more).")
@click.option("--note", metavar="TEXT", help="A few words about it.")
@click.option("--outcome", type=click.Choice(["replied", "awaiting", "no-reply"]),
              help="For outreach: did they reply? (Reply rates and reply nudges read it.)")
@click.option("--follow-up", "follow_up", type=DateType(), help="When to follow up (YYYY-MM-DD).")
def log(settings: Settings, contact: str, gave: tuple[str, ...], asked: tuple[str, ...], channel: str | None,
        when: dt.date | None, goals: tuple[str, ...], note: str | None, outcome: str | None,
        follow_up: dt.date | None) -> None:
    """Record an interaction with CONTACT as a new note in the first interactions folder."""
    from vaultkit.authoring import AuthoringError
    from vaultkit.authoring.log_note import LogRequest, log_interaction

    request = LogRequest(contact, when or settings.today, gave, asked, channel, goals, note, outcome, follow_up)
    try:
        created = log_interaction(settings.root, request, settings.today, settings.say)
    except AuthoringError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {created}")


main.add_command(import_group)  # vaultkit import linkedin|vcard
main.add_command(export_group)  # vaultkit export ics
main.add_command(service_group)  # vaultkit service: watch in the background (docs/guide/background.md)
