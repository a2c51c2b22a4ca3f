"""Hostile vaults, one case each: a clear problem, no traceback, bounded time and memory, and
nothing written outside ``VaultKit/`` and ``.vaultkit/``.

Each case runs ``vaultkit build`` in a real process (a crash of a C library, such as libyaml's on
very deep nesting, kills the process rather than raising), timed, with its peak memory.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import write_vault

CONTACT = "---\ntype: contact\n---\n"
TIME_LIMIT = 20.0  # seconds per build: generous, machines vary; each case takes about a second
MEMORY_LIMIT_MB = 600  # peak resident memory of the build process

# Runs the CLI and reports the peak memory on stderr's last line.
MEASURED = """
import resource, sys
from vaultkit.cli import main
try:
    main()
finally:
    sys.stderr.write(f"\\nmaxrss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
"""


def meeting(body: str, *people: str, day: str = "2026-11-01") -> str:
    links = ", ".join(f"'[[{p}]]'" for p in people)
    return f"---\ndate: {day}\nwith: [{links}]\n---\n{body}"


def contact(name: str) -> str:
    return "---\ntype: contact\nname: '" + name.replace("'", "''") + "'\n---\n"


def billion_laughs(levels: int = 9) -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        prev, this = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{this}: &{this} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "---\ntype: contact\n" + "\n".join(lines) + "\n---\n"


def snapshot(top: Path, vault: Path) -> dict[str, tuple]:
    """Every file, folder and link under ``top``, except vaultkit's two folders in ``vault``."""
    found = {}
    mine = {vault / "VaultKit", vault / ".vaultkit"}
    for folder, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if Path(folder, d) not in mine]
        for name in dirs + files:
            path = Path(folder, name)
            info = os.lstat(path)
            if path.is_symlink():
                found[str(path)] = ("link", os.readlink(path))
            elif path.is_file():
                found[str(path)] = ("file", path.read_bytes(), info.st_mtime_ns)
            else:
                found[str(path)] = ("dir",)
    return found


def run_build(tmp_path: Path, files: dict, setup=None) -> tuple[int, list[str], str, float, float]:
    """Build a vault of ``files`` in a child process -> (exit code, stdout lines, stderr, seconds, peak MB)."""
    root = write_vault(tmp_path / "vault", files)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "Secret.md").write_text(CONTACT, encoding="utf-8")
    if setup is not None:
        setup(root, tmp_path / "outside")
    before = snapshot(tmp_path, root)
    started = time.monotonic()
    child = subprocess.run([sys.executable, "-c", MEASURED, "build", str(root), "--today", "2026-11-22"],
                           capture_output=True, text=True, timeout=120)
    seconds = time.monotonic() - started
    after = snapshot(tmp_path, root)
    assert after == before, "something outside VaultKit/ and .vaultkit/ changed"
    err, _, peak = child.stderr.rpartition("maxrss_kb=")
    assert "Traceback" not in child.stderr and "Traceback" not in child.stdout
    assert child.returncode in (0, 1), child.stderr
    return child.returncode, child.stdout.splitlines(), err, seconds, int(peak) / 1024


def symlink_loop(root: Path, outside: Path) -> None:
    os.symlink("Loop B.md", root / "Contacts" / "Loop A.md")
    os.symlink("Loop A.md", root / "Contacts" / "Loop B.md")
    os.symlink(root / "Contacts", root / "Contacts" / "Again")  # a folder holding itself


def symlinks_out(root: Path, outside: Path) -> None:
    os.symlink(outside / "Secret.md", root / "Contacts" / "Secret.md")
    os.symlink(outside, root / "Elsewhere")


CASES = {
    "invalid UTF-8": (
        {"Contacts/Bad.md": b"---\ntype: contact\n---\ncaf\xe9\n"}, 1,
        ["Contacts/Bad.md:4: error[not-utf8] not valid UTF-8 (byte 25); save it as UTF-8"]),
    "a binary file named .md": (
        {"Contacts/Image.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, 1,
        ["Contacts/Image.md:1: error[binary-file] not a text file (it holds NUL bytes); skipped"]),
    "an empty file": ({"Contacts/Empty.md": ""}, 0, []),
    "--- alone": (
        {"Contacts/Fence.md": "---"}, 0,
        ["Contacts/Fence.md:1: warning[frontmatter-unclosed] front matter opened with --- is never closed; "
         "the note is read as plain text"]),
    "list front matter": (
        {"Contacts/List.md": "---\n- a\n- b\n---\n"}, 1,
        ["Contacts/List.md:2: error[frontmatter-not-mapping] front matter must be 'key: value' lines, "
         "not a list; ignored"]),
    "scalar front matter": (
        {"Contacts/Scalar.md": "---\njust some text\n---\n"}, 1,
        ["Contacts/Scalar.md:2: error[frontmatter-not-mapping] front matter must be 'key: value' lines, "
         "not a single value; ignored"]),
    "a !!python tag": (
        {"Contacts/Tag.md": "---\ntype: contact\nx: !!python/object/apply:os.system ['touch pwned']\n---\n"}, 1,
        ["Contacts/Tag.md:3: error[yaml-unsafe-tag] front matter uses a tag vaultkit will not load: could not "
         "determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'"]),
    "billion laughs": (
        {"Contacts/Laughs.md": billion_laughs()}, 1,
        ["Contacts/Laughs.md:2: error[yaml-too-complex] front matter expands to more than 20000 values "
         "(anchors and aliases?); ignored"]),
    "2026-02-30": (
        {"Contacts/Ana.md": CONTACT, "Meetings/Tea.md": meeting("", "Ana", day="2026-02-30")}, 1,
        ["Meetings/Tea.md:2: error[bad-date] date: '2026-02-30' is not a real date"]),
    "a 30 MB note": (
        {"Contacts/Huge.md": CONTACT.encode() + b"x" * (30 * 1024 * 1024)}, 1,
        ["Contacts/Huge.md:1: error[file-too-large] 30.0 MB is over the 4.0 MB limit (max_note_mb); skipped"]),
    "deeply nested flow YAML": (  # libyaml crashed the process (a segfault) on this
        {"Contacts/Deep.md": "---\ntype: contact\nx: " + "[" * 100_000 + "]" * 100_000 + "\n---\n"}, 1,
        ["Contacts/Deep.md:2: error[yaml-too-complex] front matter nests deeper than 1000 levels; ignored"]),
    "deeply nested block YAML": (
        {"Contacts/Deep.md": "---\ntype: contact\nx:\n" + "- " * 100_000 + "a\n---\n"}, 1,
        ["Contacts/Deep.md:2: error[yaml-too-complex] front matter nests deeper than 1000 levels; ignored"]),
    "deeply nested lists, quotes and brackets in the body": (
        {"Contacts/Deep.md": CONTACT + "> " * 100_000 + "x\n\n" + "- " * 100_000 + "x\n\n" + "[" * 100_000 + "\n"},
        0, []),
    # YAML refuses a key over 1,024 characters: the error is right, what matters is the time.
    "runs of a million spaces where a pattern once took quadratic time": (
        {"Contacts/Ana.md": "---\ntype: contact\nnote: a" + " " * 1_000_000 + "b\ntags: [a" + " " * 1_000_000
         + ", b]\nodd key" + " " * 1_000_000 + "x: 1\n---\n- [ ] call [due::" + " " * 1_000_000 + "\n",
         "Meetings/Spaces.md": meeting("## Gave" + " " * 1_000_000 + "x\n- [[Ana]] a tip [weight::" + " " * 1_000_000
                                       + "\n", "Ana")},
        1, ["Contacts/Ana.md:5: error[yaml-invalid] invalid YAML in front matter: could not find expected ':'"]),
    "a note with 100,000 links": (
        {"Contacts/Ana.md": CONTACT, "Meetings/Links.md": meeting("[[Ana]] [[Nobody]] " * 100_000, "Ana")}, 0, []),
    "symlink loops": ({"Contacts/Ana.md": CONTACT}, 0, [
        "Contacts/Loop A.md:1: warning[broken-symlink] symlink to nothing (or a loop); skipped",
        "Contacts/Loop B.md:1: warning[broken-symlink] symlink to nothing (or a loop); skipped"]),
    "symlinks out of the vault": ({"Contacts/Ana.md": CONTACT}, 0, [
        "Contacts/Secret.md:1: warning[symlink-outside] symlink pointing outside the vault; not read",
        "Elsewhere:1: warning[symlink-outside] symlink pointing outside the vault; not read"]),
    "a directory named x.md": ({"Contacts/x.md/Ana.md": CONTACT}, 0, []),
}
SETUP = {"symlink loops": symlink_loop, "symlinks out of the vault": symlinks_out}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_case(tmp_path, case):
    files, code, problems = CASES[case]
    exit_code, lines, err, seconds, peak_mb = run_build(tmp_path, files, SETUP.get(case))
    assert (exit_code, lines) == (code, problems)
    assert seconds < TIME_LIMIT and peak_mb < MEMORY_LIMIT_MB, (seconds, peak_mb)
    assert not (tmp_path / "vault" / "pwned").exists() and not Path("pwned").exists()


def test_a_note_with_100000_tasks(tmp_path):
    """Linear: about 5 s (the plain body reader; half a minute when markdown-it parsed each item)."""
    files = {"Contacts/Ana.md": CONTACT, "Meetings/Tasks.md": meeting("- [ ] call [[Ana]] 📅 2026-11-30\n" * 100_000, "Ana")}
    exit_code, lines, err, seconds, peak_mb = run_build(tmp_path, files)
    assert (exit_code, lines) == (0, [])
    assert seconds < 180 and peak_mb < 1500, (seconds, peak_mb)
    follow_ups = (tmp_path / "vault" / "VaultKit" / "Follow-ups.md").read_text(encoding="utf-8")
    assert "0 overdue, 0 today, 0 in the next 7 days, 1 later, 0 undated." in follow_ups  # one person
    assert follow_ups.count("task: call [[Ana]] · due 2026-11-30") == 100_000


# -- names and texts -----------------------------------------------------------------------------

HOSTILE_NAMES = ['a/b\\c:d*e?f"g<h>i|j', "..", "../../evil", "CON", "nul.txt", "N" * 400, "Ana", "ana",
                 "x ]] <b>y</b> #t"]
NAMES_VAULT = {
    **{f"Contacts/P{i}.md": contact(name) for i, name in enumerate(HOSTILE_NAMES)},
    "Contacts/a:b*c?.md": CONTACT,  # the file name itself: fine on Linux and macOS
    "Meetings/Gifts.md": meeting("## Gave\n- a | b ]] [[x <script>alert(1)</script> #tag %%c%% $x$\n",
                                 *[f"P{i}" for i in range(len(HOSTILE_NAMES))], "a:b*c?"),
}
SAFE_PAGES = ["-..-evil.md", "Ana.md", "CON_.md", "N" * 120 + ".md", "a-b-c-.md", "a-b-c-d-e-f-g-h-i-j.md",
              "ana (2).md", "nul_.txt.md", "untitled.md", "x -- -b-y--b- -t.md"]


def test_hostile_names_get_safe_distinct_stable_page_names(tmp_path):
    exit_code, lines, _err, seconds, peak_mb = run_build(tmp_path, NAMES_VAULT)
    assert (exit_code, lines) == (0, ["Contacts/P7.md:3: warning[ambiguous-name] 'ana' also names "
                                      "Contacts/P6.md; links to it go there"])
    balance = tmp_path / "vault" / "VaultKit" / "Balance"
    assert sorted(p.name for p in balance.iterdir()) == SAFE_PAGES


def test_hostile_texts_are_escaped_in_tables_and_links(tmp_path):
    run_build(tmp_path, NAMES_VAULT)
    out = tmp_path / "vault" / "VaultKit"
    overview = (out / "Balance.md").read_text(encoding="utf-8")
    assert "| [[VaultKit/Balance/a-b-c-d-e-f-g-h-i-j\\|a/b\\c:d*e?f\"g&lt;h&gt;i/j]] | 1 | 0 | +1 |" in overview
    assert "| [[VaultKit/Balance/x -- -b-y--b- -t\\|x )) &lt;b&gt;y&lt;/b&gt; \\#t]] | 1 | 0 | +1 |" in overview
    lines = (out / "Balance" / "Ana.md").read_text(encoding="utf-8").splitlines()
    row = next(line for line in lines if "| give |" in line)
    header = next(line for line in lines if line.startswith("| Date"))
    assert "a \\| b ]] [[x &lt;script&gt;alert(1)&lt;/script&gt; \\#tag %&#37;c%&#37; \\$x\\$" in row
    cells = re.compile(r"(?<!\\)\|")  # a pipe not escaped: a cell boundary
    assert len(cells.split(row)) == len(cells.split(header))  # the text's own pipe did not add a column
    for page in out.rglob("*.md"):
        assert "<script>" not in page.read_text(encoding="utf-8")


def test_names_differing_only_in_case_keep_their_page_names_across_builds(tmp_path):
    run_build(tmp_path, NAMES_VAULT)
    root = tmp_path / "vault"
    first = sorted(p.name for p in (root / "VaultKit" / "Balance").iterdir())
    (root / "Contacts" / "P0.md").unlink()  # a name sorted before both goes away
    subprocess.run([sys.executable, "-m", "vaultkit", "build", str(root), "-q", "--today", "2026-11-22"],
                   capture_output=True, check=False, timeout=60)
    second = sorted(p.name for p in (root / "VaultKit" / "Balance").iterdir())
    assert second == [name for name in first if name != "a-b-c-d-e-f-g-h-i-j.md"]
    assert "ana (2).md" in second and "Ana.md" in second


# -- vaultkit's own folder, synced in from elsewhere ---------------------------------------------


class _RunsAProgram:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch '{self.marker}'",))


def test_a_planted_index_cannot_run_code(tmp_path):
    """A vault synced from another machine brings its ``.vaultkit/index.sqlite``: a record that
    would run a program when unpickled is refused, and the index rebuilt."""
    import sqlite3
    import pickle

    root = write_vault(tmp_path / "vault", {"Contacts/Ana.md": CONTACT, "Meetings/Tea.md": meeting("## Gave\n- tea\n", "Ana")})
    quiet = [sys.executable, "-m", "vaultkit", "build", str(root), "-q", "--today", "2026-11-22"]
    subprocess.run(quiet, check=True, capture_output=True, timeout=60)
    marker = tmp_path / "ran"
    connection = sqlite3.connect(root / ".vaultkit" / "index.sqlite")
    with connection:
        connection.execute("UPDATE engine_derived SET blob = ?", (pickle.dumps(_RunsAProgram(marker)),))
    connection.close()
    with open(root / "Contacts" / "Ana.md", "a", encoding="utf-8") as note:  # so the build reads Ana's records
        note.write("\n")

    child = subprocess.run(quiet[:-3] + ["--today", "2026-11-22"], capture_output=True, text=True, timeout=60)

    assert not marker.exists()
    assert child.returncode == 0 and "Traceback" not in child.stderr
    assert child.stderr == "the index could not be read (UnpicklingError): rebuilding it\n" \
                           "built 6 pages from 2 notes: 0 written, 6 unchanged, 0 deleted: 0 errors, 0 warnings\n"
