"""The daily nudge: once a day, at the first build of ``watch`` after ``notify_at``, one desktop
notification of the follow-ups due; never twice a day, even across a restart; a failure to
notify is said once and never stops a build."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultkit.build import build
from vaultkit.cli import main
from vaultkit.desktop import NotifyFailed
from vaultkit.nudge import NUDGE_NAME, Nudge, Nudger, due_follow_ups, is_due, last_nudge, nudge_for

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "sample-vault"
from watch_helpers import wait_until, watching

TODAY = dt.date(2026, 11, 22)
ZONE = dt.timezone(dt.timedelta(hours=1))
MORNING = dt.datetime(2026, 11, 22, 8, 59, tzinfo=ZONE)
NINE = dt.datetime(2026, 11, 22, 9, 0, tzinfo=ZONE)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=ZONE)


def sample(tmp_path: Path, config: str = 'notify = "desktop"\n') -> Path:
    root = tmp_path / "vault"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("VaultKit", ".vaultkit"))
    (root / "vaultkit.toml").write_text(config, encoding="utf-8")
    return root


def expected_nudge(root: Path) -> Nudge:
    """What ``vaultkit followups --json`` lists as overdue or due today, in the nudge's words."""
    shown = json.loads(CliRunner().invoke(main, ["followups", str(root), "--json", "--today",
                                                 TODAY.isoformat()]).stdout)
    due = [f["contact"]["name"] if f["contact"] else f["goal"]["title"] for f in shown["followups"]
           if f["group"] in ("overdue", "today")]
    assert len(due) > 3
    return Nudge(f"{len(due)} follow-ups due today", f"{', '.join(due[:3])} and {len(due) - 3} more (Follow-ups.md)")


class Clock:
    """A fixed time of day that the test moves."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


# -- when -------------------------------------------------------------------------------------


def test_due_after_the_hour_once_a_day():
    assert not is_due(MORNING, "09:00", None)
    assert is_due(NINE, "09:00", None)
    assert is_due(at(22, 23, 59), "09:00", dt.date(2026, 11, 21))
    assert not is_due(at(22, 23, 59), "09:00", dt.date(2026, 11, 22))  # sent today already
    assert not is_due(at(23, 8), "09:00", dt.date(2026, 11, 22))
    assert is_due(at(23, 0), "00:00", dt.date(2026, 11, 22))
    assert not is_due(at(22, 10), "09:00", dt.date(2026, 11, 23))  # the clock went back: not again


# -- what -------------------------------------------------------------------------------------


def test_the_nudge_counts_what_is_due_today_and_names_the_first_few(tmp_path):
    root = sample(tmp_path)
    build(root, TODAY)
    entries = due_follow_ups(root)
    assert nudge_for(entries) == expected_nudge(root)
    later = [e for e in entries if e.group > 1]
    assert later and nudge_for(later) is None  # nothing due today: no notification
    assert nudge_for(entries[:1]) == Nudge("1 follow-up due today", f"{entries[0].who} (Follow-ups.md)")


# -- once a day, across restarts ---------------------------------------------------------------


def test_sent_once_a_day_even_across_a_restart(tmp_path):
    root = sample(tmp_path)
    build(root, TODAY)
    sent: list[tuple[str, str]] = []
    said: list[str] = []
    clock = Clock(MORNING)
    nudger = Nudger(root, clock, said.append, send=lambda title, body: sent.append((title, body)))
    nudger.after_build("desktop", "09:00")
    assert sent == [] and last_nudge(root) is None  # before the hour
    clock.now = at(22, 9, 5)
    nudger.after_build("desktop", "09:00")
    nudger.after_build("desktop", "09:00")
    assert sent == [(expected_nudge(root).title, expected_nudge(root).body)]
    assert json.loads((root / ".vaultkit" / NUDGE_NAME).read_text()) == {"date": "2026-11-22"}
    restarted = Nudger(root, clock, said.append, send=lambda title, body: sent.append((title, body)))
    clock.now = at(22, 18)
    restarted.after_build("desktop", "09:00")
    assert len(sent) == 1  # the state file says today's is sent
    clock.now = at(23, 9, 30)
    restarted.after_build("desktop", "09:00")
    assert len(sent) == 2 and last_nudge(root) == dt.date(2026, 11, 23)
    assert said == []


def test_nothing_is_sent_unless_asked(tmp_path):
    root = sample(tmp_path)
    build(root, TODAY)
    sent: list = []
    Nudger(root, Clock(NINE), print, send=lambda *message: sent.append(message)).after_build("off", "09:00")
    assert sent == [] and not (root / ".vaultkit" / NUDGE_NAME).exists()


def test_the_hour_is_read_from_the_settings(tmp_path):
    root = sample(tmp_path)
    build(root, TODAY)
    sent: list = []
    Nudger(root, Clock(NINE), print, send=lambda *message: sent.append(message)).after_build("desktop", "17:30")
    assert sent == []
    Nudger(root, Clock(at(22, 17, 30)), print, send=lambda *message: sent.append(message)).after_build("desktop", "17:30")
    assert len(sent) == 1


# -- failures ---------------------------------------------------------------------------------


def test_no_notification_service_is_said_once_not_raised(tmp_path, monkeypatch):
    """No D-Bus session here: the real sender fails, and says so in one line."""
    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "no-runtime"))
    root = sample(tmp_path)
    build(root, TODAY)
    said: list[str] = []
    nudger = Nudger(root, Clock(NINE), said.append)
    nudger.after_build("desktop", "09:00")
    nudger.after_build("desktop", "09:00")
    assert len(said) == 1 and said[0].startswith("the daily notification was not sent: ")
    assert "\n" not in said[0] and "Traceback" not in said[0]
    assert nudger.sent == [] and last_nudge(root) == TODAY  # not tried again today


def test_a_failing_notification_never_stops_a_watch(tmp_path):
    root = sample(tmp_path, 'notify = "desktop"\nnotify_at = "00:00"\n')
    tries: list[str] = []

    def refuse(title: str, body: str) -> None:
        tries.append(title)
        raise NotifyFailed("the notification service is not running")

    with watching(root, TODAY, nudger=Nudger(root, Clock(NINE), lambda line: None, send=refuse)) as (watcher, said):
        builds = watcher.builds
        (root / "Contacts" / "Zoe New.md").write_text("---\ntype: contact\n---\n", encoding="utf-8")
        assert wait_until(lambda: watcher.builds > builds and any("Zoe New.md changed" in line for line in said))
    assert len(tries) == 1
    assert (root / "VaultKit" / "Dashboard.md").exists()


def test_a_watch_sends_the_nudge_at_its_first_build_after_the_hour(tmp_path):
    root = sample(tmp_path, 'notify = "desktop"\n')
    sent: list[tuple[str, str]] = []
    clock = Clock(MORNING)
    said: list[str] = []
    nudger = Nudger(root, clock, said.append, send=lambda title, body: sent.append((title, body)))
    with watching(root, TODAY, nudger=nudger) as (watcher, _):
        assert sent == []
        clock.now = NINE
        builds = watcher.builds
        (root / "Contacts" / "Zoe New.md").write_text("---\ntype: contact\n---\n", encoding="utf-8")
        assert wait_until(lambda: watcher.builds > builds and sent)
        builds = watcher.builds
        (root / "Contacts" / "Zoe New.md").write_text("---\ntype: contact\ncompany: Acme\n---\n", encoding="utf-8")
        assert wait_until(lambda: watcher.builds > builds)
    assert len(sent) == 1 and sent[0][0].endswith(" follow-ups due today")


# -- through a real notification service (D-Bus) -----------------------------------------------


@pytest.mark.system
def test_a_real_watch_notifies_through_the_session_bus(tmp_path):
    """``vaultkit watch`` in a D-Bus session of its own, where a small notification service
    (``notification_server.py``) records what it is sent; the watch is stopped after one."""
    if shutil.which("dbus-run-session") is None:
        pytest.fail("dbus-run-session is missing: install Debian's dbus package (.ci/run does)")
    root = sample(tmp_path, 'notify = "desktop"\nnotify_at = "00:00"\n')
    record = tmp_path / "received.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY")}
    command = ["dbus-run-session", "--", sys.executable, str(HERE / "notification_server.py"), str(record),
               "--stop-after", "1", "--", sys.executable, "-m", "vaultkit", "watch", str(root),
               "--today", TODAY.isoformat()]
    ran = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert ran.returncode == 0, ran.stderr
    received = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    nudge = expected_nudge(root)
    assert received == [{"app_name": "vaultkit", "summary": nudge.title, "body": nudge.body}]
    assert last_nudge(root) == dt.date.today()
    assert "not sent" not in ran.stderr
    # a restart the same day sends nothing: the service would stop the watch at a first notification
    again = subprocess.run([*command[:5], "--", sys.executable, "-c",
                            "from pathlib import Path; import datetime as dt, sys\n"
                            "from vaultkit.nudge import Nudger\n"
                            f"n = Nudger(Path({str(root)!r}), lambda: dt.datetime.now().astimezone(), print)\n"
                            "n.after_build('desktop', '00:00')\n"
                            "sys.exit(len(n.sent))"], capture_output=True, text=True, timeout=120, env=env)
    assert again.returncode == 0, again.stderr
    assert len(record.read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.system
def test_the_desktop_sender_hands_the_text_to_the_service(tmp_path):
    if shutil.which("dbus-run-session") is None:
        pytest.fail("dbus-run-session is missing: install Debian's dbus package (.ci/run does)")
    record = tmp_path / "received.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY")}
    ran = subprocess.run(["dbus-run-session", "--", sys.executable, str(HERE / "notification_server.py"),
                          str(record), "--", sys.executable, "-c",
                          "from vaultkit.desktop import send\nsend('2 follow-ups due today', 'Núñez and Ana')"],
                         capture_output=True, text=True, timeout=120, env=env)
    assert ran.returncode == 0, ran.stderr
    assert [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()] == [
        {"app_name": "vaultkit", "summary": "2 follow-ups due today", "body": "Núñez and Ana"}]
