"""The gateway's schema never breaks silently.

``services/gateway/schema.graphql`` is the committed SDL: ``pmo schema`` (``make schema``)
writes it from the code, and a test fails when the two differ. ``pmo schema --check`` (run
by ``make test`` through tests/gateway/test_schema_sdl.py) compares every committed version
of that file with the one before it, and the code's schema with the last committed one, using
graphql-core's ``find_breaking_changes``; a breaking change fails unless it is listed in
``services/gateway/schema-breaking-changes.json`` with a reason.

Why the whole history and not only ``git show HEAD:schema.graphql``: CI runs on a fresh
clone of the submitted main, where the SDL at HEAD already is the new one (committed with the
code that changed it) and no ref names the main the work started from. Comparing the code to
HEAD alone would only catch uncommitted changes. Walking the file's history (``git log --
schema.graphql``, each non-merge commit against its first parent) finds a break in any commit,
whether the checkout is a developer's worktree with edits, a branch, or CI's clone. Merge
commits are skipped: each side's commits were checked on their own.

A listed change must be an actual breaking change of some checked step (a stale or invented
entry fails too), and removing a field needs a deprecation first: a ``FIELD_REMOVED`` is only
accepted when the old schema marked the field ``@deprecated``.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graphql import (
    BreakingChange,
    BreakingChangeType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
)
from graphql.utilities.find_schema_changes import find_schema_changes

ROOT = Path(__file__).resolve().parents[1]
SDL_PATH = ROOT / "services" / "gateway" / "schema.graphql"
ACCEPTED_PATH = ROOT / "services" / "gateway" / "schema-breaking-changes.json"
REGENERATE = "make schema (or: uv run pmo schema)"


def code_sdl() -> str:
    """The SDL of the schema the gateway builds from the code."""
    from services.gateway.config import GatewaySettings
    from services.gateway.schema import build_schema as build_gateway_schema

    return build_gateway_schema(GatewaySettings()).as_str().rstrip("\n") + "\n"


def write_sdl(path: Path = SDL_PATH) -> bool:
    """Writes the code's SDL; True when the file changed."""
    sdl = code_sdl()
    if path.exists() and path.read_text(encoding="utf-8") == sdl:
        return False
    path.write_text(sdl, encoding="utf-8")
    return True


@dataclass(frozen=True)
class Step:
    """One change of the SDL: ``old`` to ``new``, named for the messages."""

    name: str
    old: str
    new: str


@dataclass(frozen=True)
class Accepted:
    change: str
    reason: str


def describe(change: BreakingChange) -> str:
    return f"{change.type.name}: {change.description}"


@lru_cache(maxsize=64)
def _schema(sdl: str) -> GraphQLSchema:
    return build_schema(sdl)


def breaking_changes(old_sdl: str, new_sdl: str) -> list[BreakingChange]:
    if old_sdl == new_sdl:
        return []
    # find_breaking_changes, as graphql-core 3.3 asks it to be written.
    changes = find_schema_changes(_schema(old_sdl), _schema(new_sdl))
    return [change for change in changes if isinstance(change.type, BreakingChangeType)]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def history_steps(repo: Path, path: Path) -> list[Step]:
    """Each non-merge commit that changed ``path``, against its first parent's version."""
    relative = path.resolve().relative_to(repo.resolve()).as_posix()
    commits = _git(repo, "log", "--no-merges", "--format=%H %h %s", "--", relative).splitlines()
    steps = []
    for line in commits:
        full, short, subject = line.split(" ", 2)
        new = _show(repo, full, relative)
        old = _show(repo, f"{full}^", relative)
        if new is not None and old is not None:
            steps.append(Step(f"commit {short} ({subject[:60]})", old, new))
    return steps


def _show(repo: Path, revision: str, relative: str) -> str | None:
    result = subprocess.run(
        ["git", "-C", str(repo), "show", f"{revision}:{relative}"],
        capture_output=True,
        text=True,
    )
    return result.stdout if result.returncode == 0 else None


def working_step(repo: Path, path: Path, sdl: str) -> Step | None:
    """The code's schema against the SDL committed at HEAD, when they differ."""
    relative = path.resolve().relative_to(repo.resolve()).as_posix()
    committed = _show(repo, "HEAD", relative)
    if committed is None or committed == sdl:
        return None
    return Step("the code (not committed yet)", committed, sdl)


def load_accepted(path: Path = ACCEPTED_PATH) -> list[Accepted]:
    if not path.exists():
        return []
    entries = json.loads(path.read_text(encoding="utf-8"))
    accepted = []
    for entry in entries:
        reason = str(entry.get("reason", "")).strip()
        if not reason:
            raise ValueError(f"{path.name}: {entry.get('change')!r} gives no reason")
        accepted.append(Accepted(change=str(entry["change"]), reason=reason))
    return accepted


REMOVED_FIELD = re.compile(r"Field (\w+)\.(\w+) was removed")


def _removed_without_deprecation(change: BreakingChange, old_sdl: str) -> bool:
    if change.type is not BreakingChangeType.FIELD_REMOVED:
        return False
    named = REMOVED_FIELD.match(change.description)
    if named is None:
        return False
    type_name, field_name = named.groups()
    old_type = _schema(old_sdl).get_type(type_name)
    if not isinstance(old_type, GraphQLObjectType | GraphQLInterfaceType):
        return False
    if field_name not in old_type.fields:
        return False
    return old_type.fields[field_name].deprecation_reason is None


def problems(steps: Iterable[Step], accepted: Sequence[Accepted]) -> list[str]:
    """What makes the check fail, one line each; empty when the schema evolved safely."""
    listed = {entry.change for entry in accepted}
    seen: set[str] = set()
    found = []
    for step in steps:
        for change in breaking_changes(step.old, step.new):
            text = describe(change)
            seen.add(text)
            if text not in listed:
                found.append(f"{step.name}: breaking change {text}")
            elif _removed_without_deprecation(change, step.old):
                found.append(f"{step.name}: {text} -- mark it @deprecated in a release first")
    for entry in accepted:
        if entry.change not in seen:
            found.append(f"{ACCEPTED_PATH.name}: {entry.change!r} is not a breaking change found")
    return found


def check(
    repo: Path = ROOT,
    path: Path = SDL_PATH,
    accepted_path: Path = ACCEPTED_PATH,
    current: str | None = None,
) -> list[str]:
    """The whole check: the committed history, then ``current`` (default: the code's SDL)
    against HEAD's."""
    steps = history_steps(repo, path)
    now = working_step(repo, path, code_sdl() if current is None else current)
    if now is not None:
        steps.insert(0, now)
    return problems(steps, load_accepted(accepted_path))


HOW_TO_ACCEPT = (
    "A breaking change needs a deprecation first (@deprecated, removed in a later release). "
    f"If it is deliberate, list it in services/gateway/{ACCEPTED_PATH.name} as "
    '{"change": "<the line above after \'breaking change \'>", "reason": "why"}.'
)
