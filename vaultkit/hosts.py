"""Which machine this is, for a vault synced between several: ``build_on`` in ``vaultkit.toml``
names the one machine that writes the pages (None: any machine)."""

from __future__ import annotations

import socket


def this_host() -> str:
    """This machine's host name, as ``hostname`` prints it."""
    return socket.gethostname()


def is_this_host(name: str, host: str | None = None) -> bool:
    """Whether ``name`` names this machine (or ``host``): case aside, its full host name or the
    name before its first dot (``laptop`` names ``laptop.local``)."""
    host = (host or this_host()).casefold()
    name = name.strip().casefold()
    return name == host or name == host.split(".", 1)[0]


def writes_here(build_on: str | None, host: str | None = None) -> bool:
    """Whether this machine writes the pages under ``build_on``."""
    return build_on is None or is_this_host(build_on, host)


def elsewhere_line(build_on: str, host: str | None = None) -> str:
    """The one line saying why no page is written on this machine."""
    return (f"pages are written only on {build_on} (build_on in vaultkit.toml); this machine is "
            f"{host or this_host()}, so it writes none")
