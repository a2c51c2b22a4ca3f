"""``watch --log FILE``: one line per build and each problem when it appears, in a file that
rotates at ``--log-max-kb`` and keeps ``--log-keep`` old files; the terminal says what it said."""

from __future__ import annotations

import datetime as dt
import re
import signal
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from vaultkit.cli import main
from vaultkit.logs import BuildLog
from vaultkit.status import vault_status
from vaultkit.watchsession import LogOptions

from watch_helpers import wait_until, watching

TODAY = dt.date(2026, 11, 22)
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}"


def meeting(day: str, who: str) -> str:
    return f'---\ntype: meeting\ndate: {day}\nwith: ["[[{who}]]"]\n---\n'


VAULT = {
    "Contacts/Ana.md": "---\ntype: contact\n---\nAna plays chess.\n",
    "Meetings/Coffee.md": meeting("2026-11-01", "Ana"),
    "Meetings/Lunch.md": meeting("2026-11-02", "Nobody Known"),  # a warning: unknown contact
}


def log_messages(path: Path) -> list[tuple[str, str]]:
    """(level, message) of each line, the time stamp checked and dropped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for line in lines:
        match = re.fullmatch(rf"{STAMP} (INFO|WARNING|ERROR) (.*)", line)
        assert match, line
        found.append(match.groups())
    return found


def watching_with_log(root: Path, log: Path, **options):
    """``watching``, logging to ``log`` with these ``LogOptions``."""
    return watching(root, TODAY, log=LogOptions(log, **options))


def test_rotation_keeps_at_most_the_configured_number_of_old_files(tmp_path):
    path = tmp_path / "logs" / "watch.log"
    log = BuildLog(path, max_kb=1, keep=2)
    for number in range(200):
        log.say(f"line {number:03d} " + "x" * 80)
    log.close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["watch.log", "watch.log.1", "watch.log.2"]
    for kept in path.parent.iterdir():
        assert kept.stat().st_size <= 1024
    assert log_messages(path)[-1] == ("INFO", "line 199 " + "x" * 80)  # the newest lines in FILE itself
    newest_old = log_messages(path.parent / "watch.log.1")[-1][1]
    assert int(newest_old.split()[1]) == int(log_messages(path)[0][1].split()[1]) - 1  # FILE.1 ends where FILE starts


def test_each_build_is_one_line_and_each_problem_is_logged_when_it_appears(make_vault, tmp_path):
    root = make_vault(VAULT)
    path = tmp_path / "watch.log"
    with watching_with_log(root, path) as (watcher, said):
        first = log_messages(path)
        unknown = [m for level, m in first if level == "WARNING"]
        assert len(unknown) == 1 and unknown[0].startswith("Meetings/Lunch.md:") and "Nobody Known" in unknown[0]
        assert [m for _, m in first if level_is_info(m)] == said  # the terminal's lines, each once
        builds = watcher.builds
        (root / "Meetings" / "Tea.md").write_text(meeting("2026-11-03", "Somebody Else"), encoding="utf-8")
        assert wait_until(lambda: watcher.builds > builds and any("Tea.md" in m for _, m in log_messages(path)))
        assert wait_until(lambda: any("Tea.md changed" in m for _, m in log_messages(path)))
    messages = log_messages(path)
    warnings = [m for level, m in messages if level == "WARNING"]
    assert len(warnings) == 2  # Lunch's once (not again at the second build), then Tea's
    assert warnings[1].startswith("Meetings/Tea.md:") and "Somebody Else" in warnings[1]
    assert messages[0] == ("INFO", f"watching {root} (Ctrl-C to stop)")
    assert messages[-1] == ("INFO", "stopped")
    assert [m for _, m in messages if not m.startswith("Meetings/")] == said
    build_lines = [m for _, m in messages if re.match(r"\d\d:\d\d:\d\d ", m)]
    assert len(build_lines) == 2
    assert build_lines[0].endswith(" 1 problems (0 errors), " + build_lines[0].rsplit(", ", 1)[1])
    assert re.fullmatch(r"\d\d:\d\d:\d\d Meetings/Tea.md changed: \d+ pages written, 0 deleted, 2 problems "
                        r"\(0 errors\), \d+\.\d\d s", build_lines[1])


def level_is_info(message: str) -> bool:
    return not message.startswith("Meetings/")


def test_watch_log_options_rotate_a_real_watch(make_vault, tmp_path):
    """``vaultkit watch --log F --log-max-kb 1 --log-keep 2``: many problems, three files at most."""
    root = make_vault({**VAULT, **{f"Meetings/M{n:02d}.md": meeting("2026-11-01", f"Stranger {n:02d}")
                                    for n in range(40)}})
    path = tmp_path / "logs" / "watch.log"
    child = subprocess.Popen([sys.executable, "-m", "vaultkit", "watch", str(root), "--today", TODAY.isoformat(),
                              "--log", str(path), "--log-max-kb", "1", "--log-keep", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: vault_status(root, TODAY).running and path.exists()
                          and "start: " in "".join(p.read_text(encoding="utf-8") for p in path.parent.iterdir()))
    finally:
        child.send_signal(signal.SIGTERM)
        _out, err = child.communicate(timeout=20)
    assert child.returncode == 0, err
    assert sorted(p.name for p in path.parent.iterdir()) == ["watch.log", "watch.log.1", "watch.log.2"]
    assert log_messages(path)[-1] == ("INFO", "stopped")
    assert "start: " in err and "Stranger" not in err  # the terminal as before: problems are in the log only


def test_a_log_that_cannot_be_written_is_one_line_and_no_watch(make_vault, tmp_path):
    root = make_vault(VAULT)
    (tmp_path / "a-file").write_text("")
    result = CliRunner().invoke(main, ["watch", str(root), "--today", "2026-11-22", "--log",
                                       str(tmp_path / "a-file" / "watch.log")])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: cannot write the log {tmp_path / 'a-file' / 'watch.log'}: ")
    assert not (root / "VaultKit").exists()


def test_log_options_are_checked(make_vault, tmp_path):
    root = make_vault(VAULT)
    result = CliRunner().invoke(main, ["watch", str(root), "--log", str(tmp_path / "w.log"), "--log-keep", "0"])
    assert result.exit_code == 2 and "--log-keep" in result.stderr


def test_the_command_line_defaults_are_the_logs_own():
    from vaultkit.logs import DEFAULT_KEEP, DEFAULT_MAX_KB

    options = {option.name: option.default for option in main.commands["watch"].params}
    assert (options["log_max_kb"], options["log_keep"]) == (DEFAULT_MAX_KB, DEFAULT_KEEP)
