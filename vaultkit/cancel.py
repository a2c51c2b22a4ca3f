"""``Cancelled``: kept apart so that catching it imports nothing else (``vaultkit build`` with
nothing to do never loads the parsers)."""


class Cancelled(Exception):
    """Raised between two notes when the caller asked to stop (Ctrl-C in ``build`` and ``watch``)."""
