"""``make bench``: every benchmark, each printing its own table.

uv run python -m tests.perf.run_all [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from shared.testing.database import run_database_server

# Benchmarks measure the services, not the rate limiter refusing their load generators.
os.environ.setdefault("PMO_RATE_LIMIT_ENABLED", "false")

BENCHMARKS = (
    ("HTTP: REST, gateway and the raw-asyncpg reference", "tests/perf/bench_http.py"),
    ("Scheduling engine (pure CPM)", "tests/perf/bench_scheduling.py"),
    (
        "Levelling on PSPLIB j30 (480 instances): CP-SAT solver and SSGS heuristic",
        "tests/perf/bench_psplib.py",
    ),
    (
        "Levelling a 2,000-task plan with 20 people through the REST API (job, worker, apply)",
        "tests/perf/bench_levelling_api.py",
    ),
    (
        "One task edit in a 5,000-task project, through the REST API",
        "tests/perf/bench_schedule_api.py",
    ),
    (
        "A mutation moving a task in a 1,000-task plan: GraphQL gateway beside REST",
        "tests/perf/bench_mutation.py",
    ),
    (
        "MSPDI import of 5,000 tasks and bulk upserts of 1,000, through the REST API",
        "tests/perf/bench_import_bulk.py",
    ),
    ("Facts of 50 projects of 100 tasks in one batch read", "tests/perf/bench_facts.py"),
    (
        "Earned value of a 10,000-task project and metrics of 100 projects, through the REST API",
        "tests/perf/bench_evm.py",
    ),
    (
        "Assignments of a 10,000-task project (19,600 costed on read), through the REST API",
        "tests/perf/bench_assignments.py",
    ),
    (
        "Compliance evaluation of a portfolio (200 projects x 30 rules x 100 tasks)",
        "tests/perf/bench_governance.py",
    ),
    ("Lessons search over 10,000 lessons, through the REST API", "tests/perf/bench_lessons.py"),
    (
        "Portfolio dashboard of 1,000 projects / 200,000 tasks, through the REST API",
        "tests/perf/bench_dashboard.py",
    ),
    (
        "Daily snapshot of 1,000 projects (health and figures), through the REST API",
        "tests/perf/bench_snapshots.py",
    ),
    (
        "Exports: CSV and XLSX of 10,000 and 100,000 rows, a 2,000-project portfolio via REST",
        "tests/perf/bench_exports.py",
    ),
    (
        "Portfolio capacity: 50 projects x 200 tasks x 100 people, by week over two years",
        "tests/perf/bench_capacity.py",
    ),
    (
        "Schedule risk analysis: 10,000 Monte Carlo iterations of a 1,000-task plan",
        "tests/perf/bench_montecarlo.py",
    ),
    (
        "Schedule risk analysis through the REST API: 10,000 iterations of 1,000 tasks",
        "tests/perf/bench_risk_api.py",
    ),
    (
        "Corrective options of a 2,000-task plan (engine and Monte Carlo per option), REST API",
        "tests/perf/bench_corrective_options.py",
    ),
    (
        "Events: 50 clients pushing idempotent bulk upserts for 60 s, webhooks to a loopback "
        "receiver",
        "tests/perf/bench_events.py",
    ),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="one short run per scenario")
    args = parser.parse_args()
    http_args = ["--seconds", "2", "--runs", "1"] if args.quick else []
    failed = False
    # Held across the scripts: each reuses this server, and it is stopped once at the end.
    with run_database_server():
        for title, script in BENCHMARKS:
            print(f"\n## {title}\n", flush=True)
            extra = http_args if script.endswith("bench_http.py") else []
            result = subprocess.run([sys.executable, script, *extra], check=False)
            failed = failed or result.returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
