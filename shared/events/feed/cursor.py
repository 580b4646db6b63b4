"""Feed cursors: opaque to clients, ``base64url("v1.<txid>.<position>")`` inside.

A cursor names a point in the feed's order ``(txid, position)``; the feed answers the
events after it. Two kinds are issued:

- an event's own point (``position`` > 0): the last item of a full page;
- a horizon ``(xmin, 0)``: everything written by transactions older than ``xmin`` has been
  read (a page that is not full: the reader saw every event below its snapshot's ``xmin``).
  Positions start at 1, so ``(xmin, 0)`` sorts before every event of transaction ``xmin``.

``(0, 0)`` is the start of the feed. Anything else is refused as never issued: an event
point that names no event, or a horizon beyond the current one (horizons only move on).
A point before the retention watermark (the last pruned event) has expired (410); the
watermark itself stays valid, naming the pruned event it was.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from shared.errors import FieldError, InvalidCursor

VERSION = "v1"
# Largest xid8 / bigint a cursor may carry (both are 64-bit; xid8 is unsigned).
MAX_XID = 2**64 - 1
MAX_POSITION = 2**63 - 1


@dataclass(frozen=True, slots=True, order=True)
class FeedPoint:
    txid: int
    position: int

    @property
    def is_horizon(self) -> bool:
        return self.position == 0

    def encode(self) -> str:
        raw = f"{VERSION}.{self.txid}.{self.position}".encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


START = FeedPoint(0, 0)


def invalid(detail: str) -> InvalidCursor:
    return InvalidCursor(detail, errors=[FieldError("after", "not a cursor this feed issued")])


def decode(cursor: str) -> FeedPoint:
    """The point a cursor names; :class:`InvalidCursor` when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise invalid("The cursor is malformed.") from exc
    version, _, rest = raw.partition(".")
    txid_text, _, position_text = rest.partition(".")
    if version != VERSION or not txid_text.isdigit() or not position_text.isdigit():
        raise invalid("The cursor is malformed.")
    point = FeedPoint(int(txid_text), int(position_text))
    if point.txid > MAX_XID or point.position > MAX_POSITION:
        raise invalid("The cursor is malformed.")
    return point
