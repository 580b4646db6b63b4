"""Lessons search over 10,000 lessons through the REST API (issue 9: <= 50 ms p50).

    uv run python tests/perf/bench_lessons.py [--lessons 10000] [--runs 50]

The governance app runs in-process (httpx ASGITransport) on a fresh migrated database. The
register is seeded in one bulk insert through the repository (vocabulary included): varied
lessons drawn from project-management phrases, a few rare words among them. Every timed
request is ``GET /v1/lessons?q=...`` through the API: a common word, a rare word, a typo, a
multi-word query, a quoted phrase, a query with filters, and the newest-first list. Printed:
the matches, p50 and p95 per query.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import statistics
import time
import uuid
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from services.governance.config import GovernanceSettings
from services.governance.lessons.repository import LessonRepository
from services.governance.lessons.suggestions import suggest_lessons
from services.governance.main import create_app
from shared.auth import mint_token
from shared.clients.governance.lessons import LessonCategory, LessonImpact, LessonOutcome
from shared.testing.database import fresh_migrated_databases, run_database_server

SUBJECTS = (
    "the schedule", "the baseline", "the vendor", "the supplier contract", "the budget",
    "the test environment", "the data migration", "the steering committee", "the sponsor",
    "the cut-over plan", "the critical path", "the integration team", "the requirements",
    "the change board", "the risk register", "the go-live", "the training plan",
    "the network upgrade", "the procurement process", "the design review",
)  # fmt: skip
EVENTS = (
    "slipped by three weeks", "was approved late", "ran over budget", "missed a dependency",
    "was not communicated", "changed after sign-off", "lacked an owner", "was underestimated",
    "blocked the release", "needed rework", "delayed the delivery", "was escalated twice",
    "exposed a quality gap", "held up testing", "went better than planned",
)  # fmt: skip
CAUSES = (
    "no change control", "optimistic estimates", "unclear ownership", "late vendor delivery",
    "missing test data", "a single point of failure", "scope creep", "weak requirements",
    "no contingency", "resource conflicts", "poor stakeholder engagement", "licence delays",
)  # fmt: skip
ADVICE = (
    "baseline the schedule before execution", "agree acceptance criteria early",
    "hold weekly risk reviews", "add contingency to vendor milestones",
    "rehearse the cut-over twice", "name one owner per deliverable",
    "freeze scope at the design gate", "book test environments a quarter ahead",
    "track lead times for hardware", "escalate blockers within two days",
)  # fmt: skip
# Words only a handful of lessons hold.
RARE = ("escrow", "mainframe", "asbestos", "helpdesk", "firmware", "sandbox", "tariff")
TAGS = (
    "erp", "crm", "infrastructure", "migration", "vendor", "testing", "security", "finance",
    "hr", "cloud", "network", "data", "training", "compliance", "construction",
)  # fmt: skip
PHASES = ("Initiation", "Planning", "Design", "Build", "Test", "Deployment", "Closing")

QUERIES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("common word", {"q": "schedule"}),
    ("rare word", {"q": "escrow"}),
    ("typo", {"q": "shedule"}),
    ("multi-word", {"q": "vendor delivery delay"}),
    ("phrase", {"q": '"critical path"'}),
    ("with filters", {"q": "budget", "category": "cost", "tag": "erp"}),
    ("typo + filter", {"q": "vendr contrct", "phase": "Build"}),
    ("newest, tag", {"tag": "cloud"}),
)


SYLLABLES = ("ka", "lo", "ven", "tri", "mar", "dus", "el", "qua", "rin", "sol", "tek", "vor")


def _names(rng: random.Random, count: int) -> list[str]:
    """Made-up system, site and supplier names: the long tail of a real register's words."""
    return [
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        for _ in range(count)
    ]


def _lesson(rng: random.Random, names: list[str]) -> dict[str, Any]:
    subject, event = rng.choice(SUBJECTS), rng.choice(EVENTS)
    story = f"{subject.capitalize()} {event} on the {rng.choice(TAGS)} project."
    if rng.random() < 0.003:
        story += f" The {rng.choice(RARE)} was the surprise."
    where = f"{rng.choice(names)} and {rng.choice(names)}"
    return {
        "id": uuid.uuid4(),
        "title": f"{subject.capitalize()} {event}",
        "context": f"{rng.choice(PHASES)} phase of a {rng.choice(TAGS)} programme at {where}.",
        "what_happened": story,
        "root_cause": rng.choice(CAUSES).capitalize() + ".",
        "recommendation": rng.choice(ADVICE).capitalize() + ".",
        "category": rng.choice(list(LessonCategory)).value,
        "tags": rng.sample(TAGS, rng.randint(1, 3)),
        "phase": rng.choice(PHASES),
        "impact": rng.choice(list(LessonImpact)).value,
        "outcome": rng.choice(list(LessonOutcome)).value,
        "author": f"user-{rng.randint(1, 200)}",
    }


async def seed(app: Any, count: int) -> int:
    """Seeds ``count`` lessons; answers the size of their vocabulary."""
    rng = random.Random(9)
    names = _names(rng, 3000)
    rows = [_lesson(rng, names) for _ in range(count)]
    async with app.state.sessionmaker() as session:
        await LessonRepository().insert_many(session, rows)
        await session.commit()
    # What autovacuum does soon after a bulk load: merge the GIN indexes' pending lists and
    # gather statistics (the steady state searches run in).
    autocommit = app.state.engine.execution_options(isolation_level="AUTOCOMMIT")
    async with autocommit.connect() as connection:
        await connection.exec_driver_sql("VACUUM (ANALYZE) lessons, lesson_terms")
        terms = await connection.exec_driver_sql("SELECT count(*) FROM lesson_terms")
        return int(terms.scalar_one())


async def timings(
    http: httpx.AsyncClient, params: dict[str, Any], runs: int
) -> tuple[int, list[float]]:
    found = 0
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = await http.get("/v1/lessons", params=params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
        found = len(response.json()["items"])
    return found, sorted(times)


SUGGESTION_REQUESTS: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "tags+cat+text",
        {
            "tags": ["erp", "migration"],
            "category": "schedule",
            "text": "ERP roll-out: migrate the finance data and train the users before go-live",
            "phase": "Build",
        },
    ),
    ("text only", {"text": "Data centre move: the servers go to the new network in two steps"}),
    ("one tag", {"tags": ["cloud"]}),
)


async def time_suggestions(app: Any, runs: int) -> None:
    """suggest_lessons as templates and gates call it (no HTTP), on the app's reader."""
    print(f"\n{'suggest_lessons':<60}{'found':>6}{'p50 ms':>9}{'p95 ms':>9}")
    for label, request in SUGGESTION_REQUESTS:
        times = []
        for run in range(runs + 3):
            started = time.perf_counter()
            found = await suggest_lessons(app.state.reader, **request)
            if run >= 3:  # warm-up runs not counted
                times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p50, p95 = statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]
        print(f"{label:<60}{len(found):>6}{p50:>9.1f}{p95:>9.1f}")


async def main(count: int, runs: int, urls: dict[str, str]) -> None:
    app = create_app(GovernanceSettings(database_url=urls["governance"]))
    token = mint_token(os.environ["PMO_AUTH_JWT_SECRET"], subject="bench", roles=["member"])
    async with LifespanManager(app):
        started = time.perf_counter()
        terms = await seed(app, count)
        seconds = time.perf_counter() - started
        print(f"seeded {count} lessons ({terms} distinct terms) in {seconds:.1f} s\n")
        transport = httpx.ASGITransport(app=app)
        headers = {"authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=headers
        ) as http:
            print(f"{'query':<16}{'params':<44}{'hits':>6}{'p50 ms':>9}{'p95 ms':>9}")
            for label, params in QUERIES:
                await timings(http, params, 3)  # warm up (plans, statement caches)
                found, times = await timings(http, params, runs)
                p50 = statistics.median(times)
                p95 = times[max(0, int(len(times) * 0.95) - 1)]
                shown = " ".join(f"{k}={v}" for k, v in params.items())
                print(f"{label:<16}{shown:<44}{found:>6}{p50:>9.1f}{p95:>9.1f}")
            print("\nhits: lessons on the first page (limit 50).")
        await time_suggestions(app, runs)


if __name__ == "__main__":
    os.environ.setdefault("PMO_ENVIRONMENT", "test")
    os.environ.setdefault("PMO_LOG_LEVEL", "WARNING")
    os.environ.setdefault("PMO_AUTH_JWT_SECRET", secrets.token_urlsafe(48))
    parser = argparse.ArgumentParser()
    parser.add_argument("--lessons", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    # Built before the loop starts: the helper runs its own event loop.
    with run_database_server() as server:
        database_urls = fresh_migrated_databases(server, "pmo_bench_lessons")
        asyncio.run(main(args.lessons, args.runs, database_urls))
