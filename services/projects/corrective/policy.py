"""The portfolio's corrective policy: read (defaults while unset) and replace (If-Match)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.corrective import repository
from services.projects.corrective.schemas import CorrectivePolicyRead, CorrectivePolicySettings
from services.projects.models import CorrectivePolicy
from shared.auth import GlobalRole, Principal
from shared.concurrency import check_version
from shared.errors import NotFound


async def settings_of(
    session: AsyncSession, portfolio_id: uuid.UUID | None
) -> CorrectivePolicySettings:
    """The policy a project's options follow: its portfolio's, else the defaults."""
    row = await repository.policy(session, portfolio_id) if portfolio_id else None
    if row is None:
        return CorrectivePolicySettings()
    return CorrectivePolicySettings.model_validate(row.settings)


async def get_policy(session: AsyncSession, portfolio_id: uuid.UUID) -> CorrectivePolicyRead:
    """Anyone signed in reads a portfolio's policy, as they read portfolios."""
    if not await repository.portfolio_exists(session, portfolio_id):
        raise NotFound(f"Portfolio {portfolio_id} not found.")
    row = await repository.policy(session, portfolio_id)
    if row is None:
        return CorrectivePolicyRead(
            portfolio_id=portfolio_id,
            settings=CorrectivePolicySettings(),
            is_default=True,
            version=0,
        )
    return _read(row)


async def put_policy(
    session: AsyncSession,
    principal: Principal,
    portfolio_id: uuid.UUID,
    settings: CorrectivePolicySettings,
    expected_versions: list[int] | None,
) -> CorrectivePolicyRead:
    """pmo/admin; If-Match 0 (or none) while the portfolio has no policy of its own."""
    principal.require_any(GlobalRole.admin, GlobalRole.pmo)
    if not await repository.portfolio_exists(session, portfolio_id):
        raise NotFound(f"Portfolio {portfolio_id} not found.")
    row = await repository.policy(session, portfolio_id, lock=True)
    check_version(row.version if row else 0, expected_versions)
    value = settings.model_dump(mode="json")
    if row is None:
        row = CorrectivePolicy(portfolio_id=portfolio_id, settings=value)
        repository.add(session, row)
    else:
        row.settings = value
    await session.flush()
    await session.refresh(row)
    return _read(row)


def _read(row: CorrectivePolicy) -> CorrectivePolicyRead:
    return CorrectivePolicyRead(
        portfolio_id=row.portfolio_id,
        settings=CorrectivePolicySettings.model_validate(row.settings),
        is_default=False,
        version=row.version,
    )
