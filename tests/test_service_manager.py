"""The manager seam: real commands run and captured, steps skipped, tolerated or stopping."""

from __future__ import annotations

import sys

import pytest

from service_helpers import recorder  # noqa: F401 - fixture
from vaultkit.service import manager
from vaultkit.service.manager import Completed, ManagerError, Step


def test_a_real_command_is_run_and_captured():
    script = "import sys; print('out'); sys.stderr.write('first complaint\\nsecond\\n'); sys.exit(3)"
    assert manager.run_os_command((sys.executable, "-c", script)) == Completed(3, "out\n", "first complaint\nsecond\n")


def test_a_missing_program_is_exit_127():
    assert manager.run_os_command(("vaultkit-no-such-manager", "x")) == \
        Completed(127, "", "vaultkit-no-such-manager: command not found")


def test_steps_skip_tolerate_and_stop(recorder):
    recorder.answers[("launchctl", "print")] = Completed(113, "", "Could not find service")
    recorder.answers[("schtasks", "/End")] = Completed(1, "", "ERROR: not running")
    recorder.answers[("systemctl", "--user", "enable")] = Completed(1, "", "\nFailed to enable unit\nmore")
    steps = [Step(("launchctl", "bootout", "gui/501/x"), only_if=("launchctl", "print", "gui/501/x")),
             Step(("schtasks", "/End", "/TN", "x"), may_fail=True),
             Step(("systemctl", "--user", "enable", "x.service")),
             Step(("systemctl", "--user", "start", "x.service"))]
    with pytest.raises(ManagerError) as raised:
        manager.run_steps(steps)
    assert str(raised.value) == "systemctl --user enable x.service failed (exit 1): Failed to enable unit"
    assert recorder.calls == [("launchctl", "print", "gui/501/x"), ("schtasks", "/End", "/TN", "x"),
                              ("systemctl", "--user", "enable", "x.service")]  # bootout skipped, start never run


def test_steps_that_ran_are_returned(recorder):
    steps = [Step(("launchctl", "bootout", "gui/501/x"), only_if=("launchctl", "print", "gui/501/x")),
             Step(("launchctl", "enable", "gui/501/x"))]
    assert manager.run_steps(steps) == steps
    assert recorder.calls[0] == ("launchctl", "print", "gui/501/x")


def test_commands_are_shown_as_one_would_type_them():
    assert manager.shown(("systemctl", "--user", "show", "a b")) == "systemctl --user show 'a b'"
    assert manager.shown(("schtasks", "/Create", "/XML", r"C:\Users\me\My Tasks\x.xml")) == \
        r'schtasks /Create /XML "C:\Users\me\My Tasks\x.xml"'
    step = Step(("launchctl", "bootout", "gui/501/x"), only_if=("launchctl", "print", "gui/501/x"))
    assert step.shown() == "launchctl bootout gui/501/x   (if launchctl print gui/501/x succeeds)"


def test_a_failure_without_a_message():
    assert str(manager.failure(("schtasks", "/Run"), Completed(5))) == "schtasks /Run failed (exit 5): no message"
