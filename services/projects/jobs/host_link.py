"""The server's side of the job host (``host.py``): starts it, hands it jobs, kills them.

One host per process, started by the first job and bound to that job's event loop; a host
that died (or belongs to a loop that is gone) is replaced by the next job.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import pickle
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field

import structlog

log = structlog.get_logger("pmo.projects.jobs")
REAP_SECONDS = 10.0


class HostUnavailable(Exception):
    """The host died, or could not take the job, before the job started."""


@dataclass
class HostedJob:
    token: int
    started: asyncio.Future[int] = field(repr=False)
    exited: asyncio.Future[int | None] = field(repr=False)


class JobHost:
    def __init__(self, process: subprocess.Popen[bytes], control: socket.socket) -> None:
        self.process = process
        self.control = control
        self.loop = asyncio.get_running_loop()
        self.jobs: dict[int, HostedJob] = {}
        self.tokens = itertools.count(1)
        self.reader = self.loop.create_task(self._read())

    @classmethod
    def start(cls, environment: dict[str, str]) -> JobHost:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with theirs:
            process = subprocess.Popen(
                [sys.executable, "-m", "services.projects.jobs.host", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                env=environment,
            )
        ours.setblocking(False)
        log.info("job_host_started", pid=process.pid)
        return cls(process, ours)

    def usable(self) -> bool:
        return not self.reader.done() and self.loop is asyncio.get_running_loop()

    def submit(self, module: str, memory: int, job_socket: socket.socket) -> HostedJob:
        """Hand the host a job (its end of ``job_socket``); its process starts soon."""
        job = HostedJob(next(self.tokens), self.loop.create_future(), self.loop.create_future())
        message = pickle.dumps(("run", job.token, module, memory))
        try:
            socket.send_fds(self.control, [message], [job_socket.fileno()])
        except OSError as error:
            raise HostUnavailable(f"the job host did not take the job: {error}") from error
        self.jobs[job.token] = job
        return job

    async def reap(self, job: HostedJob) -> None:
        """Kill the job's process if it still runs and wait until it has; a host that does
        not answer is killed with all its jobs."""
        if not job.exited.done():
            with contextlib.suppress(OSError):
                self.control.send(pickle.dumps(("kill", job.token)))
        try:
            await asyncio.wait_for(asyncio.shield(job.exited), REAP_SECONDS)
        except TimeoutError:
            self.close()

    def close(self) -> None:
        """Stop the host: its children die with it (PR_SET_PDEATHSIG)."""
        self.process.kill()
        # Reaped off the event loop, so a replaced host does not stay a zombie.
        threading.Thread(target=self.process.wait, name="job-host-reaper", daemon=True).start()
        if self.loop.is_closed():
            self.control.close()
            return
        if self.reader.done():
            self.control.close()
        else:
            self.reader.cancel()  # then closes the control socket, once no longer read
        self._orphan_jobs()

    async def _read(self) -> None:
        try:
            while data := await self.loop.sock_recv(self.control, 4096):
                kind, token, value = pickle.loads(data)
                job = self.jobs.get(token)
                if job is not None and kind == "started":
                    job.started.set_result(value)
                elif job is not None:
                    del self.jobs[token]
                    if not job.started.done():  # the host could not fork it
                        job.started.set_exception(HostUnavailable("the job host could not fork"))
                    job.exited.set_result(value)
        except OSError:
            pass
        finally:
            self.control.close()
            self._orphan_jobs()
            log.info("job_host_stopped", pid=self.process.pid)

    def _orphan_jobs(self) -> None:
        for job in self.jobs.values():
            if not job.started.done():
                job.started.set_exception(HostUnavailable("the job host stopped"))
            if not job.exited.done():
                job.exited.set_result(None)
        self.jobs.clear()


_HOST: JobHost | None = None


def shared_host(environment: dict[str, str]) -> JobHost | None:
    """This process' host, started (again) if need be; None if it cannot be started."""
    global _HOST
    if _HOST is not None and _HOST.usable():
        return _HOST
    if _HOST is not None:
        _HOST.close()
        _HOST = None
    try:
        _HOST = JobHost.start({"OPENBLAS_NUM_THREADS": "1", **environment})
    except OSError:
        log.warning("job_host_not_started", exc_info=True)
    return _HOST


def forget(host: JobHost) -> None:
    """Stop using ``host`` (it failed to take a job): the next job starts another."""
    global _HOST
    host.close()
    if _HOST is host:
        _HOST = None


def current_pid() -> int | None:
    return _HOST.process.pid if _HOST is not None else None
