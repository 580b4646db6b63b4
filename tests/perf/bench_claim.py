"""The claim's plan and cost on a large deliveries table: one subscription with a backlog of
``--backlog`` due deliveries, ``--subscriptions`` others with a few due each, and
``--finished`` succeeded ones, in a freshly migrated projects database. Prints EXPLAIN
(ANALYZE, BUFFERS) of one claim (rolled back) and the time of a few claims.

    PMO_TEST_DATABASE_URL=... uv run python tests/perf/bench_claim.py [--backlog 200000]
        [--subscriptions 500] [--finished 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time

from sqlalchemy import TextClause, text
from sqlalchemy.dialects import postgresql

from services.projects.models import event_tables
from services.projects.models.base import Base
from shared.db import make_engine
from shared.testing.database import run_database_server, run_databases
from shared.webhooks.repository import WebhookRepository

FILL = """
WITH subs AS (
    INSERT INTO webhook_subscriptions (id, url, secret, owner)
    SELECT gen_random_uuid(), 'https://example.com/' || n, 'whsec_x', 'bench'
    FROM generate_series(0, :subs) n
    RETURNING id),
events AS (
    INSERT INTO outbox_events (id, type, entity_type, entity_id, actor, data)
    SELECT gen_random_uuid(), 'task.created', 'task', gen_random_uuid(), 'bench', '{}'
    FROM generate_series(1, :events) RETURNING id)
SELECT 1"""
DELIVER = """
INSERT INTO webhook_deliveries (id, subscription_id, event_id, status, next_attempt_at)
SELECT gen_random_uuid(), s.id, e.id,
       CASE WHEN e.n <= :due THEN 'pending' ELSE 'succeeded' END,
       now() - make_interval(secs => e.n)
FROM (SELECT id, row_number() OVER () AS n FROM outbox_events) e
JOIN (SELECT id, row_number() OVER (ORDER BY url) - 1 AS k FROM webhook_subscriptions) s
  ON s.k = CASE WHEN e.n <= :backlog THEN 0 ELSE 1 + e.n % :subs END"""


async def measure(url: str, backlog: int, subscriptions: int, finished: int) -> None:
    engine = make_engine(url, pool_size=1)
    repository = WebhookRepository(event_tables, Base.metadata.tables["projects"])
    spread = subscriptions * 4
    events = backlog + spread + finished
    async with engine.begin() as db:
        await db.execute(text(FILL), {"subs": subscriptions, "events": events})
        await db.execute(
            text(DELIVER),
            {"due": backlog + spread, "backlog": backlog, "subs": subscriptions},
        )
    async with engine.connect() as db:
        await db.execute(text("COMMIT"))
        await db.execute(text("ANALYZE"))
        total = (await db.execute(text("SELECT count(*) FROM webhook_deliveries"))).scalar()
    print(
        f"deliveries: {total} (backlog {backlog}, {subscriptions} others x4 due, "
        f"{finished} succeeded)"
    )
    statement = await repository_claim_sql(repository)
    async with engine.connect() as db:
        await db.execute(text("SET LOCAL jit = off"))  # as the claim does
        plan = await db.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + statement))
        print("\n".join(row[0] for row in plan))
        await db.rollback()
    print("| claim | rows | ms |\n|---|---|---|")
    for n in range(5):
        async with engine.begin() as db:
            started = time.perf_counter()
            rows = await repository.claim(db, 60.0, 64, 16)
            elapsed = (time.perf_counter() - started) * 1000
            await db.rollback()
        print(f"| {n + 1} | {len(rows)} | {elapsed:.1f} |")
    await engine.dispose()


async def repository_claim_sql(repository: WebhookRepository) -> str:
    """The claim's UPDATE with its parameters inlined (EXPLAIN takes no binds)."""
    captured: list[str] = []

    class Capture:
        async def execute(self, statement: object) -> object:
            if isinstance(statement, TextClause):  # SET LOCAL jit = off
                return None
            compiled = statement.compile(  # type: ignore[attr-defined]
                dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
            )
            captured.append(str(compiled))
            raise _Captured

    with contextlib.suppress(_Captured):
        await repository.claim(Capture(), 60.0, 64, 16)  # type: ignore[arg-type]
    return captured[0]


class _Captured(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backlog", type=int, default=200_000)
    parser.add_argument("--subscriptions", type=int, default=500)
    parser.add_argument("--finished", type=int, default=100_000)
    args = parser.parse_args()
    with run_database_server() as server, run_databases(server, "bench_claim") as urls:
        asyncio.run(measure(urls["projects"], args.backlog, args.subscriptions, args.finished))


if __name__ == "__main__":
    main()
