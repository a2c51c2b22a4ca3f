"""``Dashboard.md``: goals, top follow-ups, give/ask totals, reply rates, events, problems."""

from __future__ import annotations

from vaultkit.i18n import words
from vaultkit.model import Vault
from vaultkit.pages.common import contact_link, percent, state_text
from vaultkit.pages.followups_page import focus
from vaultkit.pages.naming import BALANCE, OutputNames
from vaultkit.problems import ERROR, WARNING, Problem, count
from vaultkit.render import Page, cell, link, page, table
from vaultkit.reports.balance import totals
from vaultkit.reports.tallies import Tallies
from vaultkit.reports.movers import most_fruitful
from vaultkit.reports.scorecard import events, organizers, reply_rates

TOP_MOVERS = 5


def render(vault: Vault, names: OutputNames, shared) -> Page:
    """The dashboard, from every part's pieces (``pages.parts.Shared``)."""
    say = words(vault.config.language)
    items, tallies, problems = shared.follow_ups, shared.tallies, shared.problems
    sections = [
        (say("dashboard.goals"), _goals(vault, names)),
        (say("dashboard.movers"), _movers(vault, shared.movers)),
        (say("dashboard.followups"), _follow_ups(vault, names, items)),
        (say("dashboard.balance"), _balance(vault, names, tallies)),
        (say("dashboard.replies"), _replies(vault, tallies)),
        (say("dashboard.events"), _events(vault, tallies)),
        (say("dashboard.problems"), _problems(vault, names, problems)),
    ]
    body = "\n\n".join(f"## {title}\n\n{content.strip()}" for title, content in sections)
    return Page(names.dashboard, page(say("dashboard.title"), vault.today, body))


def _goals(vault: Vault, names: OutputNames) -> str:
    say = words(vault.config.language)
    active = sorted((p for p in vault.progress.values() if p.goal.active), key=lambda p: p.goal.title)
    if not active:
        return say("goals.none")
    lines = []
    for progress in active:
        goal = progress.goal
        shown = link(names.vault_path(names.goal_pages[goal.path]), goal.title)
        amount = (f"{say.number(progress.value)} / {say.number(goal.target)} ({percent(say, progress.value, goal.target)})"
                  if goal.measurable else say("metric.none"))
        state = state_text(say, progress)
        lines.append(f"- {shown}: {amount}" + (f", **{state}**" if state else ""))
    return "\n".join(lines)


def _movers(vault: Vault, carried: list) -> str:
    """The people who moved your goals most, and what they carried of each."""
    say = words(vault.config.language)
    movers = most_fruitful(carried, {c.contact: vault.name(c.contact) for c in carried}, TOP_MOVERS)
    if not movers:
        return say("dashboard.no_movers")
    headers = [say(k) for k in ("col.person", "col.goal_interactions", "col.carried")]
    rows = [[contact_link(vault, m.contact, table=True), str(m.interactions),
             cell(", ".join(say("movers.carried", goal=vault.goal_title(c.goal), share=percent(say, c.share, 1))
                            for c in m.carried if c.share > 0) or "—")] for m in movers]
    return table(headers, rows)


def _follow_ups(vault: Vault, names: OutputNames, items: list) -> str:
    """The Focus list (``followups_page.focus``), imports never contacted as a count."""
    say = words(vault.config.language)
    if not items:
        return say("followups.none")
    lines = [item.short for item in focus(items, vault.config.focus_size)]
    cold = sum(1 for item in items if item.cold)
    if cold:
        lines += ["", say("dashboard.cold", count=cold)]
    lines.append("")
    lines.append(say("dashboard.more", link=link(names.vault_path(names.follow_ups), say("followups.title"))))
    return "\n".join(lines)


def _balance(vault: Vault, names: OutputNames, tallies: Tallies) -> str:
    say = words(vault.config.language)
    sums = totals(tallies)
    summary = say("balance.summary", people=sums.people_helped, given=say.number(sums.given), asked=say.number(sums.asked))
    return f"{summary} · {link(names.vault_path(BALANCE), say('balance.title'))}"


def _replies(vault: Vault, tallies: Tallies) -> str:
    say = words(vault.config.language)
    rates = reply_rates(tallies)
    if not rates:
        return say("dashboard.no_outreach")
    headers = [say(k) for k in ("col.channel", "col.replied", "col.awaiting", "col.no_reply", "col.rate")]
    rows = [[cell(r.channel or say("channel.none")), str(r.replied), str(r.awaiting), str(r.no_reply),
             say.percent(100 * r.rate)] for r in rates]
    return table(headers, rows)


def _events(vault: Vault, tallies: Tallies) -> str:
    say = words(vault.config.language)
    scores = events(tallies)
    if not scores:
        return say("dashboard.no_events")
    headers = [say(k) for k in ("col.event", "col.date", "col.met", "col.followed")]
    rows = [[link(s.event.source.path, s.event.title, table=True), say.date(s.event.date), str(len(s.met)),
             f"{len(s.met_again)} ({percent(say, len(s.met_again), len(s.met))})"
             + (": " + ", ".join(contact_link(vault, c, table=True) for c in s.met_again) if s.met_again else "")]
            for s in scores]
    shown = table(headers, rows)
    ranked = organizers(scores)
    if ranked:
        headers = [say(k) for k in ("col.organizer", "col.events", "col.met", "col.followed")]
        shown += "\n" + table(headers, [[cell(o.organizer), str(o.events), str(o.met),
                                           f"{o.met_again} ({percent(say, o.met_again, o.met)})"] for o in ranked])
    return shown


def _problems(vault: Vault, names: OutputNames, problems: list[Problem]) -> str:
    say = words(vault.config.language)
    if not problems:
        return say("dashboard.no_problems")
    return say("dashboard.problems_count", errors=count(problems, ERROR), warnings=count(problems, WARNING),
               link=link(names.vault_path(names.problems), say("problems.title")))
