"""``Balance.md`` and ``Balance/<contact>.md``: give before you ask."""

from __future__ import annotations

from typing import Callable

from vaultkit.i18n import words
from vaultkit.model import Vault
from vaultkit.pages.common import contact_link
from vaultkit.pages.naming import BALANCE, OutputNames
from vaultkit.render import Page, cell, link, page, table, text
from vaultkit.reports.balance import ContactBalance, totals


def overview(vault: Vault, names: OutputNames, shared) -> Page:
    """``Balance.md`` from the contacts' rows (``pages.parts.Shared``)."""
    say = words(vault.config.language)
    rows = shared.balance_rows
    if not rows:
        return Page(BALANCE, page(say("balance.title"), None, say("balance.none")))
    sums = totals(shared.tallies)
    headers = [say(k) for k in ("col.contact", "col.given", "col.asked", "col.balance", "col.verdict")]
    body = say("balance.summary", people=sums.people_helped, given=say.number(sums.given), asked=say.number(sums.asked))
    return Page(BALANCE, page(say("balance.title"), None, body + "\n\n" + table(headers, [row.line for row in rows])))


def suggestion(vault: Vault, contact: str, fmt: Callable[[str], str] = text) -> str:
    """A concrete 'give first' idea from their interests, else their strengths; ``fmt`` escapes."""
    say = words(vault.config.language)
    person = vault.contacts[contact]
    if person.interests:
        return say("suggest.interests", interests=", ".join(fmt(i) for i in person.interests))
    if person.strengths:
        return say("suggest.strengths", strengths=", ".join(fmt(s) for s in person.strengths))
    return say("suggest.none")


def contact_page(vault: Vault, names: OutputNames, contact: str, found: ContactBalance) -> Page | None:
    """One contact's ledger, when it has a give or an ask."""
    return _contact_page(vault, names, found) if found.entries else None


def _contact_page(vault: Vault, names: OutputNames, found: ContactBalance) -> Page:
    say = words(vault.config.language)
    contact = found.contact
    verdict = say(f"verdict.{found.verdict}")
    if found.verdict == "asked_more":
        verdict += " " + suggestion(vault, contact)
    summary = (f"{contact_link(vault, contact)} · {say('col.given')} {say.number(found.given)} · "
               f"{say('col.asked')} {say.number(found.asked)} · {say('col.balance')} **{say.signed(found.balance)}**")
    rows = [[
        say.date(entry.exchange.date),
        say(f"kind.{entry.exchange.kind}"),
        cell(entry.exchange.text),
        say.number(entry.exchange.weight),
        say.signed(entry.running),
        link(entry.exchange.source.path, f"{entry.exchange.source.path.rsplit('/', 1)[-1][:-3]}:{entry.exchange.source.line}",
             table=True),
    ] for entry in found.entries]
    headers = [say(k) for k in ("col.date", "col.kind", "col.what", "col.weight", "col.running", "col.source")]
    body = "\n\n".join([summary, f"**{verdict}**", f"## {say('balance.ledger')}", table(headers, rows).rstrip(),
                        say("balance.back", link=link(names.vault_path(BALANCE), say("balance.title")))])
    return Page(names.balance_pages[contact], page(vault.name(contact), None, body))
