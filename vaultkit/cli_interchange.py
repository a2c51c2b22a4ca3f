"""``vaultkit import`` and ``vaultkit export``: people in from LinkedIn and vCard files,
follow-ups out to a calendar (docs/guide/import.md, docs/guide/export.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vaultkit.cli_options import Settings, common_options, plural, run_engine


@click.group(name="import")
def import_group() -> None:
    """Add contacts from a LinkedIn export or a vCard file (only people not already in the vault)."""


def import_command(kind: str, metavar: str, help_text: str):
    """``import linkedin`` and ``import vcard``: the same command around a different file reader."""

    @import_group.command(name=kind, help=help_text)
    @click.argument("source", metavar=metavar, type=click.Path(path_type=Path))
    @common_options
    @click.option("--dry-run", is_flag=True, help="Print what would be created and skipped; create nothing.")
    def command(settings: Settings, source: Path, dry_run: bool) -> None:
        import importlib

        reader = getattr(importlib.import_module(f"vaultkit.interchange.{kind}"), f"read_{kind}")
        run_import(settings, reader, source, dry_run)

    return command


import_linkedin = import_command("linkedin", "CSV", "Add a contact note for each connection in LinkedIn's Connections.csv.")
import_vcard = import_command("vcard", "VCF", "Add a contact note for each card of a vCard (.vcf) file.")


def run_import(settings: Settings, read, source: Path, dry_run: bool) -> None:
    """Read people, plan their notes, create them unless ``dry_run``; one line per person, in file order."""
    from vaultkit.interchange.people_import import apply_plan, plan_import, report_lines
    from vaultkit.interchange.person import ImportFileError
    from vaultkit.vault import load_vault

    try:
        people, problems = read(source)
    except ImportFileError as exc:
        raise click.ClickException(str(exc)) from None
    vault = load_vault(settings.root, settings.today)
    plan = plan_import(settings.root, vault.config, vault.contacts, people, settings.today, problems)
    result = None if dry_run else apply_plan(settings.root, plan)
    for line in report_lines(plan, result):
        click.echo(line)
    skipped = f"skipped {len(plan.skipped)} already known"
    if result is None:
        settings.say(f"would add {plural(len(plan.notes), 'contact')}; {skipped} (dry run: nothing created)")
    else:
        settings.say(f"added {plural(len(result.created), 'contact')} (no cadence set: add one to those you "
                     f"want to keep in touch with); {skipped}")
        if result.created and vault.config.default_cadence is not None:
            settings.say(f"note: default_cadence = {vault.config.default_cadence} in vaultkit.toml gives them "
                         f"keep-in-touch reminders all the same")
    sys.exit(1 if any(p.severity == "error" for p in plan.problems) else 0)


@click.group(name="export")
def export_group() -> None:
    """Take follow-ups out of the vault (to a calendar)."""


@export_group.command(name="ics")
@common_options
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to this file (outside the vault, or in its output folder) instead of stdout.")
@click.option("--todo", is_flag=True, help="To-dos (VTODO) instead of all-day events with a reminder.")
def export_ics(settings: Settings, output: Path | None, todo: bool) -> None:
    """Dated follow-ups as an iCalendar file that calendar apps can import or subscribe to."""
    from vaultkit.build import answer
    from vaultkit.incremental import answers
    from vaultkit.interchange.ics import ExportRefused, calendar_bytes, entries, write_calendar

    def ask(connection, checked):
        return answers.follow_ups(connection), checked

    follow_ups, checked = run_engine(settings, lambda: answer(settings.root, settings.today, ask))
    if checked.notice:
        settings.say(checked.notice)
    language = checked.config.language
    items = entries(follow_ups, settings.today, language, todo)
    data = calendar_bytes(items, settings.today, language, todo)
    exported = plural(len(items), "to-do" if todo else "event")
    if output is None:
        click.echo(data, nl=False)
        settings.say(f"exported {exported}")
        return
    try:
        written = write_calendar(output, data, settings.root, checked.config.output_folder)
    except ExportRefused as exc:
        raise click.ClickException(str(exc)) from None
    settings.say(f"wrote {exported} to {written}")
