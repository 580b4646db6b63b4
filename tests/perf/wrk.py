"""Run wrk (Debian package) and read its report: requests/s and latency percentiles."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    # The load tool comes from the distribution's package registry, installed on demand.
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is missing: install the Debian package 'wrk'")
    return found


def lua_script(method: str, headers: dict[str, str], body: bytes | None) -> Path:
    lines = [f'wrk.method = "{method}"']
    for name, value in headers.items():
        lines.append(f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}")
    if body is not None:
        lines.append(f"wrk.body = {json.dumps(body.decode())}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write("\n".join(lines) + "\n")
    return Path(handle.name)


def run_wrk(
    url: str, script: Path, *, connections: int, seconds: int, cpu: str | None
) -> WrkResult:
    command = [
        ensure_wrk(),
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        # wrk's default 2 s timeout would count the slowest answers of a queue of 50 heavy
        # queries as errors; report them as latency instead.
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    if cpu is not None and shutil.which("taskset"):
        command = ["taskset", "-c", cpu, *command]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return parse(output)


def parse(output: str) -> WrkResult:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _percentile(output, "50%")
    p99 = _percentile(output, "99%")
    return WrkResult(rps, p50, p99, _errors(output))


def _errors(output: str) -> int:
    total = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        total += int(non_2xx.group(1))
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket:
        total += sum(int(n) for n in socket.groups())
    return total


def _percentile(output: str, label: str) -> float:
    match = re.search(rf"^\s*{re.escape(label)}\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    if match is None:
        return float("nan")
    return float(match.group(1)) * _UNITS[match.group(2)]
