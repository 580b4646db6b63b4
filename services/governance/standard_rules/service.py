"""The rules of a standard revision: written only while the revision is a draft (a
published revision is immutable), copied into each new revision, and read by evaluations."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from services.governance.models import Standard, StandardRule
from services.governance.standard_rules.kinds import describe_all, require_kind, validated_params
from services.governance.standard_rules.repository import COLUMNS, RuleRepository
from services.governance.standard_rules.schemas import RuleCreate, RuleScope, RuleUpdate
from shared.auth import GlobalRole, Principal
from shared.concurrency import check_version
from shared.errors import Conflict, NotFound
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import pages_in_order

repository = RuleRepository()

AUTHORS = (GlobalRole.admin, GlobalRole.pmo)
SCOPE_COLUMNS = {
    "portfolio_ids": "scope_portfolio_ids",
    "project_statuses": "scope_project_statuses",
    "phases": "scope_phases",
    "tags": "scope_tags",
}
# Fields a PATCH may not clear: null leaves them unchanged.
_NOT_NULLABLE = ("kind", "params", "severity", "weight", "scope")


def rule_view(row: Mapping[str, Any]) -> dict[str, Any]:
    """A rule as the API shows it (the scope columns nested under ``scope``)."""
    view = {k: v for k, v in row.items() if not k.startswith("scope_")}
    view["weight"] = float(row["weight"])
    params = row["params"]
    # The read pool answers jsonb as text; the write session as decoded values.
    view["params"] = orjson.loads(params) if isinstance(params, str) else params
    view["scope"] = {name: row[column] for name, column in SCOPE_COLUMNS.items()}
    return view


def _columns_of(rule: StandardRule) -> dict[str, Any]:
    return {column.key: getattr(rule, column.key) for column in COLUMNS}


def rule_view_of(rule: StandardRule) -> dict[str, Any]:
    return rule_view(_columns_of(rule))


def list_rule_kinds() -> list[dict[str, Any]]:
    return describe_all()


async def list_rules(
    reader: Reader, standard_id: uuid.UUID, page: PageParams
) -> tuple[list[dict[str, Any]], str | None]:
    if not await repository.standard_exists(reader, standard_id):
        raise NotFound(f"Standard {standard_id} not found.")
    rows, cursor = await repository.list_for_standard(reader, standard_id, page)
    return [rule_view(row) for row in rows], cursor


async def get_rule(reader: Reader, standard_id: uuid.UUID, rule_id: uuid.UUID) -> dict[str, Any]:
    row = await repository.get(reader, rule_id)
    if row is None or row["standard_id"] != standard_id:
        raise NotFound(f"Rule {rule_id} not found in standard {standard_id}.")
    return rule_view(row)


async def first_rule_pages(
    reader: Reader, standard_ids: list[uuid.UUID], limit: int
) -> list[dict[str, Any]]:
    """The first page of rules of each standard asked for, in the order asked (empty for
    unknown ones): the gateway's batch read."""
    pages = await repository.first_pages(reader, standard_ids, limit)
    for page in pages.values():
        page["items"] = [rule_view(row) for row in page["items"]]
    return pages_in_order(standard_ids, pages, key="standard_id")


async def _draft(session: AsyncSession, standard_id: uuid.UUID) -> Standard:
    standard = await repository.lock_standard(session, standard_id)
    if standard is None:
        raise NotFound(f"Standard {standard_id} not found.")
    return standard


def _ensure_editable(standard: Standard) -> None:
    if standard.status != "draft":
        raise Conflict(
            f"Revision {standard.revision} of {standard.key!r} is {standard.status}: its rules "
            "are frozen. Start a new revision to change them."
        )


def _scope_columns(scope: RuleScope) -> dict[str, Any]:
    values = scope.model_dump(mode="json")
    values["portfolio_ids"] = list(scope.portfolio_ids)
    return {column: values[name] for name, column in SCOPE_COLUMNS.items()}


async def create_rule(
    session: AsyncSession, principal: Principal, standard_id: uuid.UUID, data: RuleCreate
) -> dict[str, Any]:
    principal.require_any(*AUTHORS)
    standard = await _draft(session, standard_id)
    _ensure_editable(standard)
    kind = require_kind(data.kind)
    rule = StandardRule(
        standard_id=standard_id,
        position=await repository.next_position(session, standard_id),
        kind=kind.name,
        params=validated_params(kind, data.params),
        severity=data.severity.value,
        weight=data.weight,
        title=data.title,
        description=data.description,
        **_scope_columns(data.scope),
    )
    session.add(rule)
    await session.flush()
    return rule_view_of(rule)


async def _editable_rule(
    session: AsyncSession,
    principal: Principal,
    standard_id: uuid.UUID,
    rule_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> StandardRule:
    principal.require_any(*AUTHORS)
    standard = await _draft(session, standard_id)
    rule = await repository.load_for_update(session, rule_id)
    if rule is None or rule.standard_id != standard_id:
        raise NotFound(f"Rule {rule_id} not found in standard {standard_id}.")
    _ensure_editable(standard)
    check_version(rule.version, expected_versions)
    return rule


async def update_rule(
    session: AsyncSession,
    principal: Principal,
    standard_id: uuid.UUID,
    rule_id: uuid.UUID,
    data: RuleUpdate,
    expected_versions: list[int] | None,
) -> dict[str, Any]:
    rule = await _editable_rule(session, principal, standard_id, rule_id, expected_versions)
    changes = {
        name: value
        for name, value in data.model_dump(exclude_unset=True).items()
        if value is not None or name not in _NOT_NULLABLE
    }
    if "kind" in changes or "params" in changes:
        kind = require_kind(changes.pop("kind", rule.kind))
        rule.kind = kind.name
        rule.params = validated_params(kind, changes.pop("params", rule.params))
    if data.scope is not None:
        del changes["scope"]
        changes.update(_scope_columns(data.scope))
    if data.severity is not None:
        changes["severity"] = data.severity.value
    for field, value in changes.items():
        setattr(rule, field, value)
    await session.flush()
    return rule_view_of(rule)


async def delete_rule(
    session: AsyncSession,
    principal: Principal,
    standard_id: uuid.UUID,
    rule_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> None:
    rule = await _editable_rule(session, principal, standard_id, rule_id, expected_versions)
    await session.delete(rule)
    await session.flush()


async def copy_rules(session: AsyncSession, source_id: uuid.UUID, target_id: uuid.UUID) -> None:
    """A new revision starts with its source's rules (new rows, same order)."""
    skip = {"id", "standard_id", "created_at", "updated_at", "version"}
    for rule in await repository.of_standard(session, source_id):
        values = {k: v for k, v in _columns_of(rule).items() if k not in skip}
        session.add(StandardRule(standard_id=target_id, **values))
    await session.flush()


async def rule_count(session: AsyncSession, standard_id: uuid.UUID) -> int:
    return await repository.count(session, standard_id)


async def published_rules(session: AsyncSession) -> list[dict[str, Any]]:
    """Every rule of every published revision, with its standard's key and revision."""
    return await repository.published(session)
