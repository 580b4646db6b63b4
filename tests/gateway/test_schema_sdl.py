"""The schema never breaks silently: the committed SDL is the code's, and no commit (nor the
uncommitted code) breaks it without a listed, reasoned, deprecated-first change."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from pmo import schema_guard

FIELD = "  code: String!\n"
PROJECT = (
    "type Project implements Node {\n  id: ID!\n\n"
    '  """The service\'s UUID: the id of the REST API."""\n  databaseId: ID!\n' + FIELD
)


def test_committed_sdl_is_the_codes() -> None:
    committed = schema_guard.SDL_PATH.read_text(encoding="utf-8")
    assert committed == schema_guard.code_sdl(), (
        "services/gateway/schema.graphql differs from the code's schema: "
        f"run `{schema_guard.REGENERATE}` and commit it"
    )


def test_no_unlisted_breaking_change_in_the_history() -> None:
    found = schema_guard.check()
    assert found == [], "\n".join([*found, schema_guard.HOW_TO_ACCEPT])


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A repository holding a copy of the real SDL in one commit."""
    git(tmp_path, "init", "-q", "-b", "main")
    sdl = tmp_path / "schema.graphql"
    sdl.write_text(schema_guard.SDL_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    git(tmp_path, "add", "schema.graphql")
    git(tmp_path, "commit", "-q", "-m", "the SDL")
    return tmp_path


def commit(repo: Path, sdl: str, message: str) -> None:
    (repo / "schema.graphql").write_text(sdl, encoding="utf-8")
    git(repo, "commit", "-q", "-am", message)


def run_check(repo: Path, accepted: list[dict[str, str]], current: str | None = None) -> list[str]:
    accepted_path = repo / "accepted.json"
    accepted_path.write_text(json.dumps(accepted), encoding="utf-8")
    sdl = repo / "schema.graphql"
    head = sdl.read_text(encoding="utf-8")
    return schema_guard.check(
        repo, sdl, accepted_path, current=head if current is None else current
    )


def without_project_code(sdl: str) -> str:
    assert PROJECT in sdl
    return sdl.replace(PROJECT, PROJECT.replace(FIELD, ""))


REMOVED = "FIELD_REMOVED: Field Project.code was removed."


def test_a_committed_breaking_change_fails(copy: Path) -> None:
    sdl = (copy / "schema.graphql").read_text(encoding="utf-8")
    assert run_check(copy, []) == []
    commit(copy, without_project_code(sdl), "drop Project.code")
    found = run_check(copy, [])
    assert len(found) == 1 and REMOVED in found[0] and "drop Project.code" in found[0]


def test_an_uncommitted_breaking_change_fails(copy: Path) -> None:
    sdl = (copy / "schema.graphql").read_text(encoding="utf-8")
    found = run_check(copy, [], current=without_project_code(sdl))
    assert found == [f"the code (not committed yet): breaking change {REMOVED}"]


def test_a_listed_removal_still_needs_a_deprecation_first(copy: Path) -> None:
    sdl = (copy / "schema.graphql").read_text(encoding="utf-8")
    listed = [{"change": REMOVED, "reason": "codes move to the project key"}]
    commit(copy, without_project_code(sdl), "drop Project.code")
    [found] = run_check(copy, listed)
    assert "@deprecated" in found


def test_a_deprecated_then_listed_removal_passes(copy: Path) -> None:
    sdl = (copy / "schema.graphql").read_text(encoding="utf-8")
    marked = '  code: String! @deprecated(reason: "Use key.")\n'
    deprecated = sdl.replace(PROJECT, PROJECT.replace(FIELD, marked))
    commit(copy, deprecated, "deprecate Project.code")
    commit(copy, deprecated.replace(marked, "", 1), "drop Project.code")
    listed = [{"change": REMOVED, "reason": "deprecated for a release"}]
    assert run_check(copy, listed) == []


def test_a_listed_change_that_is_not_a_break_fails(copy: Path) -> None:
    listed = [{"change": "FIELD_REMOVED: Field Task.name was removed.", "reason": "no such change"}]
    [found] = run_check(copy, listed)
    assert "not a breaking change found" in found


def test_a_listed_change_needs_a_reason(copy: Path) -> None:
    with pytest.raises(ValueError, match="no reason"):
        run_check(copy, [{"change": REMOVED, "reason": " "}])


def test_an_addition_is_not_breaking(copy: Path) -> None:
    sdl = (copy / "schema.graphql").read_text(encoding="utf-8")
    commit(copy, sdl.replace(PROJECT, PROJECT + "  nickname: String\n"), "add a field")
    assert run_check(copy, []) == []
