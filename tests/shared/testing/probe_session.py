"""Run by ``test_database.py`` as a pytest session of its own (the file name keeps it out
of the main suite): it records the embedded server's postmaster pid, so the caller can check
that the process is gone once the session ends."""

from __future__ import annotations

import os
from pathlib import Path

from shared.postgres import DatabaseServer


def test_records_the_postmaster(database_server: DatabaseServer) -> None:
    assert database_server.pgdata is not None
    pid = (database_server.pgdata / "postmaster.pid").read_text().split("\n", 1)[0]
    Path(os.environ["PROBE_PID_FILE"]).write_text(pid)
