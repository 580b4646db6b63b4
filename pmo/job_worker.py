"""``pmo worker``: the projects service's job consumer without its HTTP side."""

from __future__ import annotations

import asyncio
import signal

import services.projects.forecasts.job
import services.projects.levelling.service
import services.projects.what_if.service  # noqa: F401 - registers the what-if handler
from services.projects.config import ProjectsSettings
from services.projects.jobs.worker import consume, worker_settings
from shared.db import make_engine, make_sessionmaker


async def run_worker() -> None:
    settings = ProjectsSettings()  # type: ignore[call-arg]
    engine = make_engine(settings.database_url, pool_size=4, max_overflow=4)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await consume(
            settings.database_url, make_sessionmaker(engine), worker_settings(settings), stop
        )
    finally:
        await engine.dispose()
