"""One currency per portfolio (issue 10): money rolls up without exchange rates.

A portfolio names its roll-up currency; a project that sets its own must use it; actual
cost entries must be in the project's currency. Entries in another currency are refused
until exchange rates exist, rather than summed as if they were the same money."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.currency import repository
from services.projects.models import Project
from shared.errors import Conflict, FieldError, ValidationFailed


class CurrencyMismatch(ValidationFailed):
    title = "Currency mismatch"
    slug = "currency-mismatch"


NO_EXCHANGE_RATES = "amounts in another currency are refused until exchange rates exist"


async def check_project_currency(session: AsyncSession, project: Project) -> None:
    """A project priced in its own currency must use its portfolio's (422); a change of
    the currency it records costs in must not strand costs in another (409)."""
    portfolio_currency = None
    if project.portfolio_id is not None:
        portfolio_currency = await repository.portfolio_currency(session, project.portfolio_id)
    if project.currency and portfolio_currency and project.currency != portfolio_currency:
        raise CurrencyMismatch(
            f"The project's currency {project.currency} is not its portfolio's "
            f"({portfolio_currency}): one currency per portfolio, {NO_EXCHANGE_RATES}.",
            errors=[FieldError("currency", f"must be {portfolio_currency}, the portfolio's")],
        )
    if project.id is None:
        return
    effective = project.currency or portfolio_currency
    others = [c for c in await repository.cost_currencies(session, project.id) if c != effective]
    if others:
        raise Conflict(
            f"The project records actual costs in {', '.join(others)}: its currency cannot "
            f"become {effective or 'none'} while they exist ({NO_EXCHANGE_RATES})."
        )


async def check_portfolio_currency(
    session: AsyncSession, portfolio_id: uuid.UUID, currency: str
) -> None:
    """A portfolio's currency changes only while nothing in it uses another (409)."""
    others = [
        c
        for c in await repository.currencies_used_in_portfolio(session, portfolio_id)
        if c != currency
    ]
    if others:
        raise Conflict(
            f"Projects or actual costs of this portfolio use {', '.join(others)}: its "
            f"currency cannot become {currency} ({NO_EXCHANGE_RATES}).",
            extra={"currencies_in_use": others},
        )


async def project_cost_currency(session: AsyncSession, project_id: uuid.UUID) -> str:
    """The one currency the project's actual costs may be recorded in: its own, or its
    portfolio's. 422 when it has none, or when the two disagree (a project priced in
    another currency before portfolios had one)."""
    found = await repository.project_currencies(session, project_id)
    own, portfolio = found if found is not None else (None, None)
    if own and portfolio and own != portfolio:
        raise CurrencyMismatch(
            f"The project is priced in {own} but its portfolio rolls up in {portfolio}: "
            f"costs are refused until the project uses {portfolio} ({NO_EXCHANGE_RATES}).",
            errors=[FieldError("currency", f"the project's currency must become {portfolio}")],
        )
    currency = own or portfolio
    if currency is None:
        raise CurrencyMismatch(
            "The project has no currency (neither its own nor a portfolio's): set one "
            "before recording costs.",
            errors=[FieldError("currency", "the project has no currency")],
        )
    return currency


def ensure_cost_currency(currency: str, project_currency: str, field: str = "currency") -> None:
    if currency != project_currency:
        raise CurrencyMismatch(
            f"The entry is in {currency} but the project's costs are in {project_currency}: "
            f"entries in another currency are refused until exchange rates exist.",
            errors=[
                FieldError(
                    field,
                    f"must be {project_currency}, the project's currency: another currency is "
                    "refused until exchange rates exist",
                )
            ],
        )
