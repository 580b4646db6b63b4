"""DESIGN §1: a service reads only its own database and reaches others over HTTP, and
``shared/`` (infrastructure) depends on neither the services nor the ``pmo`` CLI.

Parses every module's imports (no execution), so the rule holds for code paths tests do
not run too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("projects", "governance", "reporting", "gateway")
SQL_KEYWORDS = {"SELECT", "INSERT", "UPDATE", "DELETE", "FROM", "JOIN"}
TABLE_OWNERS = {
    "projects": {
        "portfolios",
        "programs",
        "projects",
        "project_members",
        "tasks",
        "dependencies",
        "calendars",
        "calendar_exceptions",
        "baselines",
        "baseline_tasks",
        "risks",
        "issues",
        "assumptions",
        "decisions",
        "change_requests",
        "status_updates",
        "actual_costs",
        "resources",
        "resource_rates",
        "resource_time_off",
        "assignments",
        "jobs",
        "risk_analyses",
        "corrective_options",
        "corrective_policies",
    },
    "governance": {
        "standards",
        "standard_rules",
        "evaluations",
        "evaluation_findings",
        "lessons",
        "lesson_terms",
        "lifecycles",
        "project_lifecycles",
        "gate_reviews",
        "gate_decisions",
        "deliverables",
        "templates",
        "template_instantiations",
    },
    "reporting": {
        "health_policies",
        "health_overrides",
        "project_snapshots",
        "corrective_actions",
        "snapshot_runs",
        "received_events",
        "pending_refreshes",
    },
}


def _modules(service: str) -> list[Path]:
    return sorted((ROOT / "services" / service).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("service", SERVICES)
def test_no_service_imports_another(service: str) -> None:
    others = [s for s in SERVICES if s != service]
    offending = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(service)
        for name in _imports(path)
        if any(name == f"services.{o}" or name.startswith(f"services.{o}.") for o in others)
    ]
    assert offending == []


@pytest.mark.parametrize("service", SERVICES)
def test_no_service_names_another_services_tables(service: str) -> None:
    foreign = {t for owner, tables in TABLE_OWNERS.items() if owner != service for t in tables}
    offending = []
    for path in _modules(service):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                words = set(node.value.replace(".", " ").replace(",", " ").split())
                if SQL_KEYWORDS & words and foreign & words:
                    offending.append(f"{path.relative_to(ROOT)}: {node.value[:60]!r}")
    assert offending == []


def _imports_of_packages(paths: list[Path], packages: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name} imports {name}"
        for path in paths
        for name in _imports(path)
        if any(name == p or name.startswith(f"{p}.") for p in packages)
    ]


# shared/ is the infrastructure both sides build on (DESIGN §1): importing a service or the
# CLI from it would make the test kit and every service depend on what sits above them.
SHARED_MUST_NOT_IMPORT = ("services", "pmo")


def test_shared_imports_no_service_or_cli_code() -> None:
    paths = sorted((ROOT / "shared").rglob("*.py"))
    assert _imports_of_packages(paths, SHARED_MUST_NOT_IMPORT) == []


def test_rule_catches_a_cross_import(tmp_path: Path) -> None:
    """The checker itself must be able to fail."""
    module = tmp_path / "bad.py"
    module.write_text("from services.projects.models import Task\n")
    assert "services.projects.models" in _imports(module)


@pytest.mark.parametrize(
    "source", ["from pmo.stack import run_stack\n", "import pmo.cli\n", "import services\n"]
)
def test_shared_rule_catches_an_import_of_the_cli_or_a_service(tmp_path: Path, source: str) -> None:
    module = tmp_path / "bad.py"
    module.write_text(source)
    assert len(_imports_of_packages([module], SHARED_MUST_NOT_IMPORT)) == 1


def test_shared_rule_ignores_lookalike_names(tmp_path: Path) -> None:
    module = tmp_path / "fine.py"
    module.write_text("import pmo_tools\nfrom servicesx import y\n")
    assert _imports_of_packages([module], SHARED_MUST_NOT_IMPORT) == []


def test_each_service_metadata_holds_only_its_tables() -> None:
    from services.governance.models import Base as GovernanceBase
    from services.projects.models import Base as ProjectsBase
    from services.reporting.models import Base as ReportingBase

    # Every service keeps its own idempotency ledger, audit log and event tables (outbox,
    # webhook subscriptions and deliveries).
    ledgers = {"idempotency_keys", "audit_records"} | {
        "outbox_events",
        "webhook_subscriptions",
        "webhook_deliveries",
        "webhook_attempts",
        "event_cursors",
    }
    assert set(ProjectsBase.metadata.tables) == TABLE_OWNERS["projects"] | ledgers
    assert set(GovernanceBase.metadata.tables) == TABLE_OWNERS["governance"] | ledgers
    assert set(ReportingBase.metadata.tables) == TABLE_OWNERS["reporting"] | ledgers
