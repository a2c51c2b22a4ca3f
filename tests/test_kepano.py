"""kepano's vault template end to end (issue 14): notes made from its Event, Email, Meeting
and People templates read as he writes them."""

from __future__ import annotations

import datetime as dt

from conftest import codes

D = dt.date
STEPH = "References/Steph Ango.md"
PEOPLE = {
    STEPH: '---\ncategories:\n  - "[[People]]"\norg:\n  - "[[Obsidian]]"\ncreated: 2023-09-12\n---\n',
    "References/Obsidian.md": '---\ncategories:\n  - "[[Companies]]"\n---\n',
}
EVENT = ('---\ncategories:\n  - "[[Events]]"\ntags:\n  - events\ntype: "[[Meetups]]"\nstart: {start}\n'
         'end: {start}\nloc: "[[Berlin]]"\n---\nMet people from the community.\n')
EMAIL = ('---\ncategories:\n  - "[[Emails]]"\ncreated: 2026-11-25\norg:\n  - "[[Obsidian]]"\npeople:\n'
         '  - "[[Steph Ango]]"\nurl:\ntopics:\n---\nAsked about the plugin review.\n')
MEETING = ('---\ncategories:\n  - "[[Meetings]]"\ntype: []\ndate: 2026-11-28\norg:\nloc:\npeople:\n'
           '  - "[[Steph Ango]]"\ntopics: []\n---\n## Gave\n- my notes on tools\n')


def test_event_email_and_meeting_notes_read_with_no_problem(load):
    vault = load({**PEOPLE, "Notes/Meetup.md": EVENT.format(start="2026-11-20"), "Notes/Email.md": EMAIL,
                  "Notes/Meeting.md": MEETING}, today=D(2026, 12, 5))
    assert codes(vault) == []
    found = {i.id: (i.date, i.channel, i.participants) for i in vault.interactions}
    assert found == {
        "Notes/Meetup.md": (D(2026, 11, 20), "event", ()),  # its start; no participants needed
        "Notes/Email.md": (D(2026, 11, 25), "email", (STEPH,)),  # the day it was created
        "Notes/Meeting.md": (D(2026, 11, 28), None, (STEPH,)),
    }
    assert [(e.kind, e.contacts) for e in vault.exchanges] == [("give", (STEPH,))]
    assert vault.last_contact[STEPH] == D(2026, 11, 28)


def test_an_event_not_scheduled_yet_is_a_warning_not_an_error(load):
    vault = load({**PEOPLE, "Notes/Meetup.md": EVENT.format(start="")})
    assert [(p.path, p.code, p.severity) for p in vault.problems] == [("Notes/Meetup.md", "missing-date", "warning")]
    assert vault.interactions == ()


def test_an_org_link_shows_as_the_company_name(load):
    vault = load(PEOPLE)
    assert vault.contacts[STEPH].company == "Obsidian"
