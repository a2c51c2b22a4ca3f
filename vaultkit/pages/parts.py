"""What each contact and each goal puts on the pages and views, and the pages they share.

A build computes one part per contact and one per goal, then assembles the shared pages
from all the parts. A full build and an incremental one run these same functions: the
engine (``vaultkit.incremental``) only decides which parts to compute again. A part holds
everything any output shows about its contact or goal: its own pages, its lines of the
shared pages, and its entries of the terminal views, ``--json`` and the calendar export.

Page types are listed in ``CONTACT_PAGES``, ``GOAL_PAGES`` and ``SHARED_PAGES``: a new one is
a function in its own module and a line here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from vaultkit.i18n import words
from vaultkit.model import Vault
from vaultkit.pages import (
    balance_pages,
    dashboard_page,
    followups_page,
    goal_pages,
    problems_page,
)
from vaultkit.pages.common import (
    context_line,
    due_text,
    reason_line,
    source_line,
    who_link,
    why_text,
)
from vaultkit.pages.naming import OutputNames, page_names
from vaultkit.problems import Problem
from vaultkit.render import Page, cell, link, plain_links, table_row
from vaultkit.reports.balance import ContactBalance, ledger
from vaultkit.reports.context import Context, context_of
from vaultkit.reports.followups import (
    GROUPS,
    FollowUp,
    contact_follow_ups,
    goal_follow_ups,
    order,
)
from vaultkit.reports.movers import Carried, goal_movers
from vaultkit.reports.tallies import (
    ContactFacts,
    Counts,
    Tallies,
    contact_facts,
    tallies_of,
)
from vaultkit.sortkey import sort_key

ContactPage = Callable[[Vault, OutputNames, str, ContactBalance], "Page | None"]
GoalPage = Callable[[Vault, OutputNames, str], "Page | None"]

CONTACT_PAGES: tuple[ContactPage, ...] = (balance_pages.contact_page,)
GOAL_PAGES: tuple[GoalPage, ...] = (goal_pages.goal_page,)


@dataclass(frozen=True)
class ReasonDraft:
    """One reason to follow up with someone, but for what moves with the day."""

    item: FollowUp
    why: str  # the reason in words, links made plain
    line: str  # "reason: why" in Markdown (``Follow-ups.md``), before its due date
    source: str  # "from [[note]], line N"
    json: dict  # its object in ``followups --json`` ``reasons``, but for ``group`` and ``urgency``


@dataclass(frozen=True)
class Standing:
    """What ranks a relationship in the Focus list: the more of these, the higher."""

    goal_linked: bool  # it serves one of your goals (a goal review, a contact sharing an active goal)
    warm: bool  # met or in touch within ``warm_days``
    reciprocal: bool  # gives or asks between you
    cold: bool  # an imported contact you have never been in touch with: summed up, not listed

    @property
    def score(self) -> int:
        return self.goal_linked + self.warm + self.reciprocal


@dataclass(frozen=True)
class FollowUpDraft:
    """One person's (or goal's) follow-ups as every output shows them, but for what moves with
    the day (``dated``): a part holds drafts, so it stays the same from one day to the next."""

    who: str  # the contact's name or the goal's title
    link: str  # "**[[...]]**": who, as the page links them
    reasons: tuple[ReasonDraft, ...]
    context: str | None  # the contact's context sub-item (None for a goal's)
    json: dict  # its object in ``followups --json``: contact, goal and context
    standing: Standing


FOCUS_GROUPS = 2  # overdue, today and the next 7 days (``GROUPS``) can be in the Focus list


@dataclass(frozen=True)
class DatedReason:
    item: FollowUp
    key: tuple  # ``reports.followups.order`` on the day
    why: str
    due: str  # when, in words


@dataclass(frozen=True)
class FollowUpEntry:
    """One person's (or goal's) follow-ups as every output shows them on a day: one entry, placed
    by its most urgent reason (``item``), the others listed under it."""

    item: FollowUp  # the most urgent reason
    key: tuple  # its ``reports.followups.order``: a total order, so entries of different parts merge
    group: int  # the index of its group in ``reports.followups.GROUPS``
    lines: str  # the Markdown list item with its sub-items (``Follow-ups.md``)
    short: str  # the same without the context line (the dashboard's)
    who: str
    why: str
    due: str  # when, in words
    json: dict  # its object in ``followups --json``
    reasons: tuple[DatedReason, ...] = ()  # every reason, the most urgent first
    focus: tuple | None = None  # its rank in the Focus list (None: not in it: not due within 7 days, or cold)
    cold: bool = False


def dated(draft: FollowUpDraft, today: dt.date, language: str) -> FollowUpEntry:
    """``draft`` as shown on ``today``: its most urgent reason places it."""
    say = words(language)
    reasons = sorted(((DatedReason(r.item, order(r.item, today, draft.who if r.item.contact else r.item.text),
                                   r.why, due_text(say, r.item, today)), r) for r in draft.reasons),
                     key=lambda pair: pair[0].key)
    lead, lead_draft = reasons[0]
    first = f"- {draft.link} · {lead_draft.line} · {lead.due}"
    also = [f"  - {say('followups.also')} {r.line} · {shown.due} · {r.source}" for shown, r in reasons[1:]]
    short = "\n".join([first, *also, f"  - {lead_draft.source}"])
    lines = short if draft.context is None else "\n".join([first, *also, f"  - {draft.context}",
                                                            f"  - {lead_draft.source}"])
    listed = [dict(r.json, group=GROUPS[shown.key[0]], urgency=round(r.item.urgency(today), 4))
              for shown, r in reasons]
    top = listed[0]
    shown_json = {"reason": top["reason"], "group": top["group"], "due": top["due"], "contact": draft.json["contact"],
                  "goal": draft.json["goal"], "text": top["text"], "source": top["source"], "urgency": top["urgency"],
                  "context": draft.json["context"], "reasons": listed}
    standing = draft.standing
    focus = None if standing.cold or lead.key[0] > FOCUS_GROUPS else (-standing.score, *lead.key)
    return FollowUpEntry(lead.item, lead.key, lead.key[0], lines, short, draft.who, lead.why, lead.due, shown_json,
                         tuple(shown for shown, _r in reasons), focus, standing.cold)


@dataclass(frozen=True)
class BalanceRow:
    key: bytes  # (balance, name folded, contact path) as bytes: the order of ``Balance.md``
    line: str  # the contact's row of its table


@dataclass(frozen=True)
class ContactPart:
    contact: str
    name: str
    follow_ups: tuple[FollowUpDraft, ...]
    balance: ContactBalance  # every give and ask up to today (``entries`` may be empty)
    balance_row: BalanceRow | None  # when it has a give or an ask
    suggestion: str | None  # what to give first (links made plain), when you have asked more
    last_contact: dt.date | None
    facts: ContactFacts  # its share of the vault-wide tallies
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class GoalPart:
    goal: str
    progress: object  # ``model.GoalProgress``
    follow_ups: tuple[FollowUpDraft, ...]
    pages: tuple[Page, ...]
    movers: tuple[Carried, ...] = ()  # who moved it (``reports.movers``)


@dataclass(frozen=True)
class BalanceView:
    """A contact's entry in ``vaultkit balance`` (text and ``--json``)."""

    contact: str
    name: str
    balance: ContactBalance
    suggestion: str | None


def balance_view(part: ContactPart) -> BalanceView:
    return BalanceView(part.contact, part.name, part.balance, part.suggestion)


@dataclass
class Shared:
    """What the shared pages are assembled from: every part's pieces, in order."""

    follow_ups: list[FollowUpEntry]
    balance_rows: list[BalanceRow]
    tallies: Tallies
    problems: list[Problem] = field(default_factory=list)
    movers: list[Carried] = field(default_factory=list)  # every goal part's


def contact_part(vault: Vault, names: OutputNames, contact: str) -> ContactPart:
    balance = ledger(vault, contact)
    items = contact_follow_ups(vault, contact)
    entries = ()
    if items:  # one entry for the person, whatever their reasons
        context = context_of(vault, contact)
        upcoming = any(item.reason == "upcoming" for item in items)  # then their recent asks too: prepare
        entries = (follow_up_draft(vault, names, items, context_line(vault, names, contact, upcoming, context),
                                   context_json(vault, context), standing(vault, contact, context, items)),)
    row = suggestion = None
    if balance.entries:
        row = BalanceRow(sort_key((balance.balance, vault.name(contact).casefold(), contact)),
                         balance_line(vault, names, balance))
        if balance.verdict == "asked_more":
            suggestion = balance_pages.suggestion(vault, contact, plain)
    pages = tuple(page for make in CONTACT_PAGES if (page := make(vault, names, contact, balance)) is not None)
    return ContactPart(
        contact=contact,
        name=vault.name(contact),
        follow_ups=entries,
        balance=balance,
        balance_row=row,
        suggestion=suggestion,
        last_contact=vault.last_contact.get(contact),
        facts=contact_facts(vault, contact),
        pages=pages,
    )


def goal_part(vault: Vault, names: OutputNames, goal: str) -> GoalPart:
    entries = tuple(follow_up_draft(vault, names, [item], None, None, Standing(True, False, False, False))
                    for item in goal_follow_ups(vault, goal))
    pages = tuple(page for make in GOAL_PAGES if (page := make(vault, names, goal)) is not None)
    return GoalPart(goal, vault.progress[goal], entries, pages, goal_movers(vault, goal))


def standing(vault: Vault, contact: str, context: Context, items: list[FollowUp]) -> Standing:
    """How a relationship ranks in the Focus list: goal-linked, warm and reciprocal ones first,
    imports never contacted summed up apart."""
    person = vault.contacts[contact]
    last = vault.last_contact.get(contact)
    since = vault.today - dt.timedelta(days=vault.config.warm_days)
    warm = any(item.reason == "new_contact" for item in items) or (last is not None and last >= since)
    reciprocal = bool(vault.exchanges_with(contact, vault.today))
    cold = person.imported_from is not None and last is None
    return Standing(bool(context.shared_goals), warm, reciprocal, cold)


def follow_up_draft(vault: Vault, names: OutputNames, items: list[FollowUp], context: str | None,
                    shown: dict | None, standing: Standing) -> FollowUpDraft:
    """One person's (or goal's) follow-ups as every output shows them, but for the day;
    ``context`` and ``shown``: the contact's context line and JSON context (None for a goal's)."""
    first = items[0]
    who = vault.name(first.contact) if first.contact else vault.goal_title(first.goal)
    reasons = tuple(ReasonDraft(item, why_text(vault, item, plain), reason_line(vault, item), source_line(vault, item),
                                follow_up_json(vault, item)) for item in items)
    whom = {"contact": {"path": first.contact, "name": who} if first.contact else None,
            "goal": {"path": first.goal, "title": who} if first.goal else None, "context": shown}
    return FollowUpDraft(who, who_link(vault, first), reasons, context, whom, standing)


def context_json(vault: Vault, found: Context) -> dict:
    """A contact's context in ``followups --json``."""
    last = found.last
    return {
        "last_interaction": None if last is None else {
            "path": last.source.path, "line": last.source.line, "title": last.title,
            "channel": last.channel, "date": last.date.isoformat()},
        "balance": found.balance,
        "shared_goals": [{"path": g, "title": vault.goal_title(g)} for g in found.shared_goals],
        "interests": list(found.interests),
    }


def follow_up_json(vault: Vault, item: FollowUp) -> dict:
    """One reason's object in ``followups --json`` (docs/json.md), but for what moves with the
    day (``dated``)."""
    return {
        "reason": item.reason,
        "group": None,
        "due": item.due.isoformat() if item.due else None,
        "text": item.text,
        "source": {"path": item.source.path, "line": item.source.line},
        "urgency": None,
    }



def balance_line(vault: Vault, names: OutputNames, found: ContactBalance) -> str:
    """A contact's row of the ``Balance.md`` table."""
    say = words(vault.config.language)
    return table_row([link(names.vault_path(names.balance_pages[found.contact]), vault.name(found.contact), table=True),
                      say.number(found.given), say.number(found.asked), say.signed(found.balance),
                      cell(say(f"verdict.{found.verdict}"))])


def plain(value: str) -> str:
    """Text for a terminal or a calendar: links shown as their words, on one line."""
    return " ".join(plain_links(value).split())


SharedPage = Callable[[Vault, OutputNames, Shared], Page]
SHARED_PAGES: tuple[SharedPage, ...] = (followups_page.render, goal_pages.overview, balance_pages.overview,
                                        dashboard_page.render, problems_page.render)


def shared_pages(vault: Vault, names: OutputNames, shared: Shared) -> list[Page]:
    return [render(vault, names, shared) for render in SHARED_PAGES]


def assemble(contact_parts, goal_parts, tallies: Tallies, problems: list[Problem], today: dt.date,
             language: str) -> Shared:
    """The shared pages' inputs from every part (in any order), on ``today``."""
    follow_ups = [dated(d, today, language) for part in (*contact_parts, *goal_parts) for d in part.follow_ups]
    rows = [part.balance_row for part in contact_parts if part.balance_row is not None]
    return Shared(sorted(follow_ups, key=lambda e: e.key), sorted(rows, key=lambda r: r.key), tallies, problems,
                  [c for part in goal_parts for c in part.movers])


def names_of(vault: Vault) -> OutputNames:
    """The page names of a whole vault in memory."""
    return OutputNames(vault.config, *page_names(vault.config, {p: g.title for p, g in vault.goals.items()},
                                                 {p: vault.name(p) for p in vault.contacts}))


def render_vault(vault: Vault, problems: list[Problem]) -> list[Page]:
    """Every page of a vault in memory, sorted by path; ``problems`` is what ``Problems.md`` lists."""
    names = names_of(vault)
    contact_parts = [contact_part(vault, names, contact) for contact in sorted(vault.contacts)]
    goal_parts = [goal_part(vault, names, goal) for goal in sorted(vault.goals)]
    counts = Counts()
    counts.count(vault.interactions, vault.exchanges, vault.today)
    shared = assemble(contact_parts, goal_parts, tallies_of(counts, ((p.contact, p.facts) for p in contact_parts)),
                      problems, vault.today, vault.config.language)
    pages = [*shared_pages(vault, names, shared), *(p for part in (*contact_parts, *goal_parts) for p in part.pages)]
    return sorted(pages, key=lambda page: page.path)
