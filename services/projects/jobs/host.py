"""The job host: ``python -m services.projects.jobs.host CONTROL_FD``, one per worker.

A fresh interpreter (started by the server, never forked from it: the server has threads
and sockets) that stays single-threaded and forks one child per job. The module of a job's
target is imported here before the fork (once per host), so a job starts without paying
for numpy, OR-Tools and the engine again; the fork of this clean single-threaded process
is safe, and each child keeps the guarantees of a fresh one: its own RLIMIT_AS, its own
death when killed (the server asks, the host sends SIGKILL through a pidfd), a crash that
takes down only that child, and a child that dies with the host (PR_SET_PDEATHSIG).

Control messages are pickled tuples on a SOCK_SEQPACKET socket: ``("run", token, module,
memory)`` with the job's socket attached, ``("kill", token)``; the host answers
``("started", token, pid)`` and ``("exited", token, exit_code)``. End of file on the
control socket stops the host and kills its children.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import os
import pickle
import selectors
import signal
import socket
import sys
import traceback
from typing import Any

from services.projects.jobs.child import run_job

PR_SET_PDEATHSIG = 1


class Host:
    def __init__(self, control: socket.socket) -> None:
        self.control = control
        self.selector = selectors.DefaultSelector()
        self.selector.register(control, selectors.EVENT_READ)
        self.children: dict[int, tuple[int, int]] = {}  # pidfd -> (token, pid)
        self.pidfds: dict[int, int] = {}  # token -> pidfd

    def serve(self) -> None:
        while True:
            for key, _ in self.selector.select():
                if key.fileobj is self.control:
                    if not self._command():
                        self._stop()
                        return
                else:
                    self._reap(key.fd)

    def _command(self) -> bool:
        data, fds, _, _ = socket.recv_fds(self.control, 65536, 1)
        if not data:
            return False
        message = pickle.loads(data)
        if message[0] == "run":
            self._start(message[1], message[2], message[3], fds[0])
        elif message[1] in self.pidfds:
            _kill(self.pidfds[message[1]])
        return True

    def _start(self, token: int, module: str, memory: int, job_fd: int) -> None:
        _warm(module)
        try:
            pid = os.fork()
        except OSError:  # no process to be had: the job is not started
            os.close(job_fd)
            self._send(("exited", token, None))
            return
        if pid == 0:
            self._child(job_fd, memory)
        os.close(job_fd)
        pidfd = os.pidfd_open(pid)
        self.children[pidfd] = (token, pid)
        self.pidfds[token] = pidfd
        self.selector.register(pidfd, selectors.EVENT_READ)
        self._send(("started", token, pid))

    def _child(self, job_fd: int, memory: int) -> None:
        """The job's process: never returns into the host's loop."""
        code = 0
        try:
            host = os.getppid()
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            if os.getppid() != host:
                os._exit(1)
            self.selector.close()
            self.control.close()
            for pidfd in self.children:
                os.close(pidfd)
            _reseed()
            with socket.socket(fileno=job_fd) as job:
                run_job(job.makefile("rb"), job.makefile("wb"), memory)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)

    def _reap(self, pidfd: int) -> None:
        token, pid = self.children.pop(pidfd)
        del self.pidfds[token]
        self.selector.unregister(pidfd)
        os.close(pidfd)
        _, status = os.waitpid(pid, 0)
        self._send(("exited", token, os.waitstatus_to_exitcode(status)))

    def _send(self, message: tuple[Any, ...]) -> None:
        with contextlib.suppress(OSError):  # the server is gone: end of file stops the host
            self.control.send(pickle.dumps(message))

    def _stop(self) -> None:
        for pidfd, (_, pid) in self.children.items():
            _kill(pidfd)
            os.waitpid(pid, 0)


def _kill(pidfd: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it has just ended
        signal.pidfd_send_signal(pidfd, signal.SIGKILL)


def _warm(module: str) -> None:
    """Import the target's module here, so this job's child and every later one have it;
    if it fails, the child's unpickling raises the error where the job reports it."""
    with contextlib.suppress(Exception):
        importlib.import_module(module)


def _reseed() -> None:
    """A fork inherits the host's random state: numpy's global generator gets fresh
    entropy as a fresh interpreter's would (``random`` reseeds itself after a fork)."""
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()


def main() -> None:
    os.dup2(2, 1)  # what the host or a job prints goes to stderr
    Host(socket.socket(fileno=int(sys.argv[1]))).serve()


if __name__ == "__main__":
    main()
