"""The ``evm(statusDate:)`` fields of ``Project``, ``Portfolio`` and ``Program``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from datetime import date

from strawberry.types.nodes import SelectedField, Selection

from services.gateway.context import Info
from services.gateway.evm.loaders import EvmKey
from services.gateway.evm.types import Evm, PortfolioEvm, ProgramEvm
from shared.errors import FieldError, ValidationFailed

_HEAVY = ("tasks", "curve")


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:  # a fragment, spread or inline
            yield from _fields(selection.selections)


def _included(info: Info) -> tuple[str, ...]:
    """Which of the tasks and the S-curve the query selects on the field being resolved."""
    names = {field.name for field in _fields(info.selected_fields[0].selections)}
    return tuple(name for name in _HEAVY if name in names)


async def project_evm(
    info: Info, project_id: uuid.UUID, start: date | None, status_date: date | None
) -> Evm:
    if status_date is not None and start is not None and status_date < start:
        raise ValidationFailed(
            f"The status date {status_date} is before the project's start ({start}).",
            errors=[FieldError("statusDate", f"on or after {start}")],
        )
    loaders = info.context.loaders.evm
    key = EvmKey(project_id, status_date, _included(info))
    if key.include:
        return Evm.from_dto(await loaders.project.load(key))
    return Evm.from_figures(await loaders.project_figures.load(key))


async def portfolio_evm(
    info: Info, portfolio_id: uuid.UUID, status_date: date | None
) -> PortfolioEvm:
    dto = await info.context.loaders.evm.portfolio.load(EvmKey(portfolio_id, status_date))
    return PortfolioEvm.from_dto(dto)


async def program_evm(info: Info, program_id: uuid.UUID, status_date: date | None) -> ProgramEvm:
    dto = await info.context.loaders.evm.program.load(EvmKey(program_id, status_date))
    return ProgramEvm.from_dto(dto)
