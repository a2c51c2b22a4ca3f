"""Writing notes for the user: ``init`` sets a vault up, ``new`` and ``log`` add notes.

Every module here plans what to create as plain data; files are only ever created through
``vaultkit.newnote.create_note`` (never overwriting), or appended to (``.gitignore``).
"""


class AuthoringError(Exception):
    """Bad input for ``init``, ``new`` or ``log``: a one-line message, and nothing was changed."""
