"""Every user-facing word of the written pages and terminal views, by language.

A language is a table of the same keys (``ES`` has exactly the keys of ``EN``, with the same
placeholders: a test keeps them in step). ``words(language)`` says a key and also formats what
a page shows in that language: dates, numbers, percentages, cadences. Machine-read values
(front matter ``as_of``, JSON) stay ISO and English whatever the language.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from vaultkit.render import number as plain_number
from vaultkit.values import Cadence

EN: dict[str, str] = {
    # formats: how dates, numbers and percentages are written
    "format.date": "{year}-{month}-{day}",
    "format.day_month": "{month}-{day}",
    "format.decimal_point": ".",
    "format.percent": "{value}%",
    "cadence.d": "{count}d",
    "cadence.d_one": "1d",
    "cadence.w": "{count}w",
    "cadence.w_one": "1w",
    "cadence.m": "{count}m",
    "cadence.m_one": "1m",
    "cadence.y": "{count}y",
    "cadence.y_one": "1y",
    # output file names (Balance.md and Balance/ are the same in every language: see pages/naming.py)
    "file.followups": "Follow-ups",
    "file.goals": "Goals",
    "file.dashboard": "Dashboard",
    "file.problems": "Problems",
    # page titles and sections
    "followups.title": "Follow-ups",
    "goals.title": "Goals",
    "balance.title": "Give before you ask",
    "dashboard.title": "Dashboard",
    "problems.title": "Problems",
    "group.overdue": "Overdue",
    "group.today": "Today",
    "group.next_7_days": "Next 7 days",
    "group.later": "Later",
    "group.undated": "Undated",
    "followups.summary": "{overdue} overdue, {today} today, {soon} in the next 7 days, {later} later, {undated} undated.",
    "followups.none": "Nothing to follow up. Well done.",
    # follow-up reasons
    "reason.task": "task",
    "reason.follow_up": "follow up",
    "reason.cadence": "keep in touch",
    "reason.new_contact": "new contact",
    "reason.awaiting_reply": "awaiting reply",
    "reason.goal_review": "goal review",
    "reason.upcoming": "upcoming",
    "why.task": "{text}",
    "why.follow_up": "follow up on {text}",
    "why.cadence": "every {cadence}, last contact {last}",
    "why.cadence_never": "every {cadence}, never contacted",
    "why.new_contact": "met {met}: follow up while it is warm",
    "why.awaiting_reply": "no reply yet to {text} ({date})",
    "why.goal_review": "review {text}",
    "why.upcoming": "prepare for {text}",
    "due.overdue": "due {date}, {days} days overdue",
    "due.overdue_one": "due {date}, 1 day overdue",
    "due.today": "due today",
    "due.future": "due {date}",
    "due.none": "no date",
    # context
    "context.last": "last: {link} ({channel}, {date})",
    "context.last_no_channel": "last: {link} ({date})",
    "context.never": "no interaction yet",
    "context.balance": "balance {balance}",
    "context.goals": "goals: {goals}",
    "context.interests": "interests: {interests}",
    "context.asks": "your asks: {asks}",
    "context.source": "from {link}, line {line}",
    "followups.also": "also",
    "followups.focus": "Focus",
    "dashboard.cold": "{count} imported contacts you have never been in touch with wait in the follow-ups.",
    "why.with": "(with {people})",
    # balance
    "balance.summary": "{people} people helped · {given} given · {asked} asked",
    "balance.none": "No gives or asks recorded yet.",
    "verdict.give_more": "You give more.",
    "verdict.even": "Even.",
    "verdict.asked_more": "You have asked more: give first next time.",
    "suggest.interests": "Give first: they care about {interests}; an article, an intro or an event on one of those would do.",
    "suggest.strengths": "Give first: they are strong in {strengths}; ask how you could help with what they are building.",
    "suggest.none": "Give first: add `interests:` to their note to get ideas.",
    "col.contact": "Contact",
    "col.given": "Given",
    "col.asked": "Asked",
    "col.balance": "Balance",
    "col.verdict": "Verdict",
    "col.date": "Date",
    "col.kind": "Kind",
    "col.what": "What",
    "col.weight": "Weight",
    "col.running": "Running",
    "col.source": "Source",
    "kind.give": "give",
    "kind.ask": "ask",
    "balance.ledger": "Ledger",
    "balance.back": "Back to {link}",
    # goals
    "col.goal": "Goal",
    "col.metric": "Metric",
    "col.progress": "Progress",
    "col.expected": "Expected",
    "col.state": "State",
    "col.deadline": "Deadline",
    "col.review": "Review",
    "state.achieved": "achieved",
    "state.ahead": "ahead",
    "state.on track": "on track",
    "state.behind": "behind",
    "state.missed": "missed",
    "state.paused": "paused",
    "state.dropped": "dropped",
    "state.late": "{state}, {days} days late at this pace",
    "state.late_one": "{state}, 1 day late at this pace",
    "metric.interactions": "interactions",
    "metric.contacts": "contacts",
    "metric.new_contacts": "new contacts",
    "metric.gives": "gives",
    "metric.manual": "manual",
    "metric.none": "not measurable",
    "status.active": "active",
    "status.achieved": "achieved",
    "status.paused": "paused",
    "status.dropped": "dropped",
    "review.due": "due {date}",
    "review.ok": "next {date}",
    "review.never": "never",
    "goals.none": "No goals yet. Keep about four, measurable, with a six-month horizon.",
    "goals.too_many": "{count} active goals: keep at most {limit}. Pause or drop one.",
    "goals.not_measurable": "Not measurable (set `metric` and `target`): {goals}",
    "goal.value": "**{value} / {target}** {unit} ({percent})",
    "goal.expected": "Expected by {date}: {expected}",
    "goal.state": "State: **{state}**",
    "goal.window": "Window: {start} to {deadline}",
    "goal.projected": "At the current pace, reached on {date}",
    "goal.projected_never": "At the current pace: no progress yet",
    "goal.review": "Review: {review}",
    "goal.chart": "Progress",
    "goal.chart_title": "{title}: actual (green) against the target line (grey)",
    "goal.chart_actual": "actual",
    "goal.chart_target": "target line",
    "goal.interactions": "Interactions that moved it",
    "goal.contacts": "People",
    "goal.log": "Log",
    "goal.nothing": "Nothing yet.",
    # dashboard
    "dashboard.goals": "Goals",
    "dashboard.followups": "Focus",
    "dashboard.more": "All follow-ups: {link}",
    "dashboard.balance": "Give and ask",
    "dashboard.replies": "Reply rate by channel",
    "dashboard.events": "Events scorecard",
    "dashboard.problems": "Problems",
    "dashboard.problems_count": "{errors} errors and {warnings} warnings: {link}",
    "dashboard.no_problems": "No problems.",
    "dashboard.no_outreach": "No outreach with an `outcome` yet.",
    "dashboard.no_events": "No events yet.",
    "dashboard.movers": "Most fruitful relationships",
    "dashboard.no_movers": "No goal-linked interactions yet: link meetings to your goals.",
    "col.person": "Person",
    "col.goal_interactions": "Goal-linked interactions",
    "col.carried": "Progress carried",
    "movers.carried": "{goal} {share}",
    "col.channel": "Channel",
    "col.replied": "Replied",
    "col.awaiting": "Awaiting",
    "col.no_reply": "No reply",
    "col.rate": "Reply rate",
    "col.event": "Event",
    "col.met": "People met",
    "col.organizer": "Organizer",
    "col.events": "Events",
    "col.followed": "Met again",
    "channel.none": "(none)",
    # problems
    "problems.summary": "{errors} errors, {warnings} warnings.",
    "problems.none": "No problems found.",
    "problems.line": "line {line}",
    # calendar export
    "ics.summary": "Follow up: {who} ({reason})",
    "ics.goal": "Review goal: {title}",
    "ics.source": "From {path}, line {line}",
    "ics.calendar": "vaultkit follow-ups",
}


ES: dict[str, str] = {
    # formats: 22/11/2026 everywhere, decimal comma, a space before % (RAE)
    "format.date": "{day}/{month}/{year}",
    "format.day_month": "{day}/{month}",
    "format.decimal_point": ",",
    "format.percent": "{value} %",
    "cadence.d": "{count} días",
    "cadence.d_one": "día",
    "cadence.w": "{count} semanas",
    "cadence.w_one": "semana",
    "cadence.m": "{count} meses",
    "cadence.m_one": "mes",
    "cadence.y": "{count} años",
    "cadence.y_one": "año",
    # output file names
    "file.followups": "Seguimientos",
    "file.goals": "Objetivos",
    "file.dashboard": "Panel",
    "file.problems": "Problemas",
    # page titles and sections
    "followups.title": "Seguimientos",
    "goals.title": "Objetivos",
    "balance.title": "Da antes de pedir",
    "dashboard.title": "Panel",
    "problems.title": "Problemas",
    "group.overdue": "Vencidos",
    "group.today": "Hoy",
    "group.next_7_days": "Próximos 7 días",
    "group.later": "Más adelante",
    "group.undated": "Sin fecha",
    "followups.summary": "Vencidos: {overdue} · Hoy: {today} · Próximos 7 días: {soon} · Más adelante: {later} · "
                         "Sin fecha: {undated}",
    "followups.none": "No hay nada pendiente de seguimiento. ¡Bien hecho!",
    # follow-up reasons
    "reason.task": "tarea",
    "reason.follow_up": "seguimiento",
    "reason.cadence": "mantener el contacto",
    "reason.new_contact": "contacto nuevo",
    "reason.awaiting_reply": "esperando respuesta",
    "reason.goal_review": "revisión de objetivo",
    "reason.upcoming": "próximamente",
    "why.task": "{text}",
    "why.follow_up": "tras {text}",
    "why.cadence": "cada {cadence}, último contacto el {last}",
    "why.cadence_never": "cada {cadence}, aún sin contacto",
    "why.new_contact": "primer encuentro el {met}: haz el seguimiento mientras esté reciente",
    "why.awaiting_reply": "aún sin respuesta a {text} ({date})",
    "why.goal_review": "{text}",
    "why.upcoming": "prepara {text}",
    "due.overdue": "venció el {date}, hace {days} días",
    "due.overdue_one": "venció el {date}, hace 1 día",
    "due.today": "vence hoy",
    "due.future": "vence el {date}",
    "due.none": "sin fecha",
    # context
    "context.last": "último contacto: {link} ({channel}, {date})",
    "context.last_no_channel": "último contacto: {link} ({date})",
    "context.never": "aún sin interacciones",
    "context.balance": "balance {balance}",
    "context.goals": "objetivos: {goals}",
    "context.interests": "intereses: {interests}",
    "context.asks": "lo que le pediste: {asks}",
    "context.source": "en {link}, línea {line}",
    "followups.also": "también",
    "followups.focus": "Prioridades",
    "dashboard.cold": "{count} contactos importados con los que nunca has hablado esperan en los seguimientos.",
    "why.with": "(con {people})",
    # balance
    "balance.summary": "Personas ayudadas: {people} · Aportado: {given} · Pedido: {asked}",
    "balance.none": "Aún no hay aportes ni peticiones registrados.",
    "verdict.give_more": "Das más.",
    "verdict.even": "Equilibrado.",
    "verdict.asked_more": "Has pedido más: la próxima vez, da tú primero.",
    "suggest.interests": "Según sus intereses ({interests}), un artículo, una presentación o un evento "
                         "sobre alguno de ellos sería un buen gesto.",
    "suggest.strengths": "Destaca en {strengths}: pregúntale cómo puedes ayudar con lo que tiene entre manos.",
    "suggest.none": "Añade `interests:` a su nota para tener ideas de qué ofrecer.",
    "col.contact": "Contacto",
    "col.given": "Aportado",
    "col.asked": "Pedido",
    "col.balance": "Balance",
    "col.verdict": "Valoración",
    "col.date": "Fecha",
    "col.kind": "Tipo",
    "col.what": "Qué",
    "col.weight": "Peso",
    "col.running": "Acumulado",
    "col.source": "Fuente",
    "kind.give": "aporte",
    "kind.ask": "petición",
    "balance.ledger": "Historial",
    "balance.back": "Volver a {link}",
    # goals
    "col.goal": "Objetivo",
    "col.metric": "Métrica",
    "col.progress": "Progreso",
    "col.expected": "Previsto",
    "col.state": "Estado",
    "col.deadline": "Fecha límite",
    "col.review": "Revisión",
    "state.achieved": "logrado",
    "state.ahead": "adelantado",
    "state.on track": "al día",
    "state.behind": "atrasado",
    "state.missed": "no alcanzado",
    "state.paused": "en pausa",
    "state.dropped": "abandonado",
    "state.late": "{state}, {days} días tarde a este ritmo",
    "state.late_one": "{state}, 1 día tarde a este ritmo",
    "metric.interactions": "interacciones",
    "metric.contacts": "contactos",
    "metric.new_contacts": "contactos nuevos",
    "metric.gives": "aportes",
    "metric.manual": "manual",
    "metric.none": "no medible",
    "status.active": "activo",
    "status.achieved": "logrado",
    "status.paused": "en pausa",
    "status.dropped": "abandonado",
    "review.due": "pendiente desde el {date}",
    "review.ok": "próxima el {date}",
    "review.never": "nunca",
    "goals.none": "Aún no hay objetivos. Ten unos cuatro, medibles y con un horizonte de seis meses.",
    "goals.too_many": "Objetivos activos: {count}; ten como máximo {limit}. Pon alguno en pausa o abandónalo.",
    "goals.not_measurable": "No medibles (define `metric` y `target`): {goals}",
    "goal.value": "**{value} / {target}** {unit} ({percent})",
    "goal.expected": "Previsto para el {date}: {expected}",
    "goal.state": "Estado: **{state}**",
    "goal.window": "Periodo: del {start} al {deadline}",
    "goal.projected": "Al ritmo actual, se alcanza el {date}",
    "goal.projected_never": "Al ritmo actual: aún sin avances",
    "goal.review": "Revisión: {review}",
    "goal.chart": "Progreso",
    "goal.chart_title": "{title}: real (verde) frente a la línea objetivo (gris)",
    "goal.chart_actual": "real",
    "goal.chart_target": "línea objetivo",
    "goal.interactions": "Interacciones que lo hicieron avanzar",
    "goal.contacts": "Personas",
    "goal.log": "Registro",
    "goal.nothing": "Nada todavía.",
    # dashboard
    "dashboard.goals": "Objetivos",
    "dashboard.followups": "Prioridades",
    "dashboard.more": "Todos los seguimientos: {link}",
    "dashboard.balance": "Aportes y peticiones",
    "dashboard.replies": "Tasa de respuesta por canal",
    "dashboard.events": "Resultados por evento",
    "dashboard.problems": "Problemas",
    "dashboard.problems_count": "Errores: {errors} · Avisos: {warnings} · {link}",
    "dashboard.no_problems": "Sin problemas.",
    "dashboard.no_outreach": "Aún no hay mensajes con `outcome`.",
    "dashboard.no_events": "Aún no hay eventos.",
    "dashboard.movers": "Relaciones más fructíferas",
    "dashboard.no_movers": "Aún no hay interacciones ligadas a objetivos: enlaza reuniones con tus objetivos.",
    "col.person": "Persona",
    "col.goal_interactions": "Interacciones ligadas a objetivos",
    "col.carried": "Avance aportado",
    "movers.carried": "{goal} {share}",
    "col.channel": "Canal",
    "col.replied": "Respondidos",
    "col.awaiting": "En espera",
    "col.no_reply": "Sin respuesta",
    "col.rate": "Tasa de respuesta",
    "col.event": "Evento",
    "col.met": "Personas conocidas",
    "col.organizer": "Organizador",
    "col.events": "Eventos",
    "col.followed": "Reencuentros",
    "channel.none": "(sin canal)",
    # problems
    "problems.summary": "Errores: {errors} · Avisos: {warnings}",
    "problems.none": "No se encontraron problemas.",
    "problems.line": "línea {line}",
    # calendar export
    "ics.summary": "Seguimiento: {who} ({reason})",
    "ics.goal": "Revisar objetivo: {title}",
    "ics.source": "De {path}, línea {line}",
    "ics.calendar": "Seguimientos de vaultkit",
}

TABLES: dict[str, dict[str, str]] = {"en": EN, "es": ES}


class Words:
    """One language: ``say("group.today")`` -> "Today"; keyword arguments fill the placeholders.

    Its methods write values the way that language does (``date``, ``number``, ``percent``...).
    """

    def __init__(self, language: str) -> None:
        self.language = language if language in TABLES else "en"
        self.table = TABLES[self.language]
        # Pages write the same few dates and numbers thousands of times: format each once.
        self.date = lru_cache(maxsize=4096)(self.date)
        self.number = lru_cache(maxsize=4096)(self.number)

    def __call__(self, key: str, **values: object) -> str:
        template = self.table[key]
        return template.format(**values) if values else template

    def date(self, day: dt.date) -> str:
        """``2026-11-22`` (en) or ``22/11/2026`` (es)."""
        return self("format.date", year=f"{day.year:04d}", month=f"{day.month:02d}", day=f"{day.day:02d}")

    def day_month(self, day: dt.date) -> str:
        """A short axis label: ``11-22`` (en) or ``22/11`` (es)."""
        return self("format.day_month", month=f"{day.month:02d}", day=f"{day.day:02d}")

    def number(self, value: float) -> str:
        """``3`` for whole numbers, else one decimal: ``2.5`` (en) or ``2,5`` (es)."""
        return plain_number(value).replace(".", self("format.decimal_point"))

    def signed(self, value: float) -> str:
        return ("+" if value > 0 else "") + self.number(value)

    def percent(self, value: float) -> str:
        """``54.2%`` (en) or ``54,2 %`` (es)."""
        return self("format.percent", value=self.number(value))

    def cadence(self, cadence: Cadence) -> str:
        """``2w`` (en, as typed in notes) or ``2 semanas`` / ``semana`` (es, after "cada")."""
        if cadence.count == 1:
            return self(f"cadence.{cadence.unit}_one")
        return self(f"cadence.{cadence.unit}", count=cadence.count)


@lru_cache(maxsize=8)
def words(language: str) -> Words:
    """The words and formats of ``language`` (an unknown language gets English)."""
    return Words(language)

