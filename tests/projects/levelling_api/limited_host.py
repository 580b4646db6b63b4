"""The real job host (``services.projects.jobs.host``) in a process that may have at most
``NPROC`` processes of its user (RLIMIT_NPROC), so that the kernel refuses its next fork
with EAGAIN: ``python -m tests.projects.levelling_api.limited_host CONTROL_FD NPROC``.

The kernel does not apply RLIMIT_NPROC to root, so a host started by root first imports
what it will need, then becomes ``nobody`` (who owns no other process here, and cannot
read the interpreter's files under /root, hence the imports before)."""

from __future__ import annotations

import os
import resource
import sys

from services.projects.jobs import child, host  # noqa: F401 - imported before setuid
from tests.projects.levelling_api import sandbox_targets  # noqa: F401 - the jobs' module

NOBODY = 65534


def main() -> None:
    limit = int(sys.argv.pop(2))
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    resource.setrlimit(resource.RLIMIT_NPROC, (limit, limit))
    host.main()


if __name__ == "__main__":
    main()
