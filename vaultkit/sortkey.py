"""Sort keys as bytes: compared byte by byte, they order as the tuples of values they encode.

Follow-ups and balance rows made in different builds are kept in the index with such keys
and merged by them in SQL (``ORDER BY key``), so the order never depends on which build made
an entry.
"""

from __future__ import annotations

import datetime as dt
import struct

_SIGN = 1 << 63
_ALL = (1 << 64) - 1


def sort_key(values: tuple) -> bytes:
    """``values`` (ints, floats, dates, strings; the same type at each place) as bytes that
    compare as the tuple does. Strings end with ``00 00`` (a NUL inside becomes ``00 ff``), so
    no encoded string is a prefix of another; UTF-8 keeps the order of code points."""
    out = bytearray()
    for value in values:
        if isinstance(value, bool):
            raise TypeError("a sort key holds no booleans")
        if isinstance(value, int):
            out += (value + _SIGN).to_bytes(8, "big")
        elif isinstance(value, float):
            bits = struct.unpack(">Q", struct.pack(">d", value + 0.0))[0]  # + 0.0: -0.0 sorts as 0.0
            out += (bits ^ _ALL if bits & _SIGN else bits | _SIGN).to_bytes(8, "big")
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            out += value.toordinal().to_bytes(4, "big")
        elif isinstance(value, str):
            out += value.encode("utf-8", "surrogatepass").replace(b"\x00", b"\x00\xff") + b"\x00\x00"
        else:
            raise TypeError(f"a sort key cannot hold {type(value).__name__}")
    return bytes(out)
