"""The change feed: ``GET /v1/events?after=<cursor>`` in every service (issue 13, point 2).

A client that was down catches up by reading the outbox from its last cursor, in the order
of :mod:`shared.events.tables` (``(txid, position)``, only rows of transactions older than
the reader's snapshot ``xmin``), so an event committed late is never skipped. ``wait``
long-polls: the request waits for the outbox's ``NOTIFY`` (one listening connection per
process) when nothing is new.
"""
