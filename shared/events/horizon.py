"""Where the readers of an outbox stop: below every transaction of this database that may
still commit an event (tables.py says why readers order by ``(txid, position)``).

Transaction ids are server-wide, but only a transaction in this service's own database can
write to its outbox: transactions the server runs for other databases (other services, test
runs, a long report elsewhere) are left out, so they never hold back this service's feed or
its webhook deliveries. With none of ours running, the horizon is the snapshot's ``xmax``,
above every transaction id handed out so far.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, literal_column

from shared.events.tables import Xid8

HORIZON_SQL = """COALESCE(
    (SELECT min(running) FROM pg_snapshot_xip(pg_current_snapshot()) AS running
     WHERE running::xid NOT IN (
         SELECT backend_xid FROM pg_stat_activity
         WHERE backend_xid IS NOT NULL AND datname <> current_database())),
    pg_snapshot_xmax(pg_current_snapshot()))"""


def settled_horizon() -> ColumnElement[int]:
    """Every outbox row whose ``txid`` is below this is final (committed or rolled back)."""
    return literal_column(HORIZON_SQL, type_=Xid8)
