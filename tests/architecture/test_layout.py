"""The layout every domain copies (STYLE.md): a domain is a package whose SQL stays in its own
repository; routers call services, never repositories; modules and functions stay small.

Parses the source (no execution), so the rules hold for code paths tests do not run too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("projects", "governance", "reporting")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _domain_of(path: Path, service: str, root: Path) -> str | None:
    parts = path.relative_to(root / "services" / service).parts
    return parts[0] if len(parts) > 1 else None


def foreign_repository_imports(path: Path, service: str, root: Path = ROOT) -> list[str]:
    """Imports of another domain's repository module from ``path``."""
    own = _domain_of(path, service, root)
    prefix = f"services.{service}."
    found = []
    for name in sorted(_imports(path)):
        parts = name.removeprefix(prefix).split(".")
        is_repository = len(parts) >= 2 and parts[1] == "repository"
        if name.startswith(prefix) and is_repository and parts[0] != own:
            found.append(name)
    return found


def _modules(service: str) -> list[Path]:
    return sorted((ROOT / "services" / service).rglob("*.py"))


@pytest.mark.parametrize("service", SERVICES)
def test_no_domain_reaches_into_another_domains_repository(service: str) -> None:
    offending = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(service)
        for name in foreign_repository_imports(path, service)
    ]
    assert offending == [], "go through the other domain's service instead"


@pytest.mark.parametrize("service", SERVICES)
def test_routers_call_services_not_repositories(service: str) -> None:
    offending = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(service)
        if path.name == "router.py"
        for name in _imports(path)
        if name.startswith("services.") and (name.endswith(".repository") or ".repository." in name)
    ]
    assert offending == []


def _too_long(path: Path, root: Path = ROOT) -> list[str]:
    source = path.read_text()
    found = []
    if len(source.splitlines()) > MAX_MODULE_LINES:
        found.append(f"{path.relative_to(root)}: {len(source.splitlines())} lines")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{path.relative_to(root)}:{node.lineno} {node.name}: {length} lines")
    return found


def test_modules_and_functions_stay_small() -> None:
    paths = sorted([*(ROOT / "services").rglob("*.py"), *(ROOT / "shared").rglob("*.py")])
    offending = [problem for path in paths for problem in _too_long(path)]
    assert offending == [], "split the module or the function"


def test_the_checks_can_fail(tmp_path: Path) -> None:
    domain = tmp_path / "services" / "projects" / "tasks"
    domain.mkdir(parents=True)
    module = domain / "service.py"
    module.write_text(
        "from services.projects.schedule.repository import ScheduleRepository\n"
        "from services.projects.tasks.repository import TaskRepository\n"
        "def f():\n" + "    pass\n" * MAX_FUNCTION_LINES
    )
    assert foreign_repository_imports(module, "projects", tmp_path) == [
        "services.projects.schedule.repository",
        "services.projects.schedule.repository.ScheduleRepository",
    ]
    too_long = f"services/projects/tasks/service.py:3 f: {MAX_FUNCTION_LINES + 1} lines"
    assert _too_long(module, tmp_path) == [too_long]
