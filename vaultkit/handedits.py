"""A generated page's hand edits, kept beside it as ``<stem> (edited DATE).md`` and reported
(``generated-edited``): one found before the page is written, one swapped out of its path as
it was replaced (``ondisk.write_page``), and one a killed build had swapped out (``leftovers``).
"""

from __future__ import annotations

import os
from pathlib import Path

from vaultkit import leftovers, ondisk
from vaultkit.manifest import copy_aside, move_aside
from vaultkit.ondisk import page_parts, reason, sha256
from vaultkit.problems import error, warning


class KeepsHandEdits:
    """The writer's run (``writer._Run``) keeping hand edits: it has the output folder
    (``root``, ``out``, ``out_parts``, ``out_name``), ``today``, ``report``, the manifest
    (``old``), the files recorded so far (``files``), ``known``, ``meanwhile`` and ``reserved``."""

    def keep_aside(self, path: str, parts: tuple[str, ...], current: bytes) -> None:
        """Copy a hand-edited page to ``<stem> (edited DATE).md`` next to it, and say so."""
        copy = copy_aside(self.out.joinpath(*parts[:-1]), parts, current, self.today, self.reserved)
        self.files[path] = sha256(current)  # its content is safe in the copy now
        self.report.kept_aside.append((path, copy))
        message = (
            f"this generated page was edited by hand; your version was kept as "
            f"'{self.out_name}/{copy}' and the page was generated again"
        )
        self.report.problems.append(warning(f"{self.out_name}/{path}", 1, "generated-edited", message))

    def keep_displaced(self, path: str, displaced: Path) -> bool:
        """A hand edit saved just before the page was replaced, swapped out to ``displaced``:
        keep it as the page's ``(edited DATE)`` copy, and say so. False when it could not be
        moved (it stays where it is, named in an error, and the next build looks again)."""
        parts = page_parts(path)
        try:
            copy = move_aside(self.out.joinpath(*parts[:-1]), parts, displaced, self.today, self.reserved)
        except OSError as exc:
            ondisk.left_behind.append(os.fspath(displaced))  # the next build looks at it again
            shown = f"{self.out_name}/{path}"
            message = (f"a hand edit saved while the page was written is in '{displaced.name}': it could not be "
                       f"kept aside ({reason(exc)})")
            self.report.problems.append(error(shown, 1, "write-failed", message))
            return False
        self.report.kept_aside.append((path, copy))
        message = (f"this generated page was edited by hand while vaultkit wrote it; your version was kept as "
                   f"'{self.out_name}/{copy}' and the page was generated again")
        self.report.problems.append(warning(f"{self.out_name}/{path}", 1, "generated-edited", message))
        return True

    def recover(self) -> None:
        """Clear what a build killed while it wrote left (``leftovers``); a hand edit it had
        swapped out of a page's path is kept as the page's copy, and reported."""
        recorded: dict[str, set[str]] = {}
        for path, digest in self.old.items():
            recorded.setdefault(path, set()).add(digest)
        for path, (_key, digest) in self.known.items():
            recorded.setdefault(path, set()).add(digest)
        for path, digests in self.meanwhile.items():
            recorded.setdefault(path, set()).update(digests)
        for path, copy in leftovers.recover(self.root, self.out_parts, recorded, self.today, self.reserved):
            self.report.kept_aside.append((path, copy))
            message = (f"a hand edit of this generated page was found beside it, left by a build that was stopped; "
                       f"it was kept as '{self.out_name}/{copy}'")
            self.report.problems.append(warning(f"{self.out_name}/{path}", 1, "generated-edited", message))
