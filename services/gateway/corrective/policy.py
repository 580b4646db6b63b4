"""A portfolio's corrective policy in GraphQL: ``Portfolio.correctivePolicy`` and the input
of ``setCorrectivePolicy`` (the settings flattened; fields not sent take the defaults)."""

from __future__ import annotations

import uuid
from enum import Enum

import strawberry

from services.gateway.context import Info
from services.gateway.values import gid
from shared.clients.projects.corrective import CorrectivePolicyDTO, OptionKind, Ranking

EXPECTED_VERSION = "The version you read (0 while unset); a newer one makes this a userError."


@strawberry.enum(description="The order corrective options are listed in.")
class CorrectiveRanking(Enum):
    DAYS_GAINED = strawberry.enum_value(
        Ranking.days_gained.value, description="Most working days first."
    )
    DAYS_PER_COST = strawberry.enum_value(
        Ranking.days_per_cost.value,
        description="Free gains first, then working days per unit of cost.",
    )
    LEAST_RISK = strawberry.enum_value(
        Ranking.least_risk.value, description="Least added risk (P80) first."
    )


@strawberry.enum(description="A kind of corrective option.")
class CorrectiveOptionKind(Enum):
    CRASH = OptionKind.crash.value
    FAST_TRACK = OptionKind.fast_track.value
    REMOVE_LAG = OptionKind.remove_lag.value
    CUT_SCOPE = OptionKind.cut_scope.value
    MOVE_DEADLINE = OptionKind.move_deadline.value


@strawberry.type(
    description="A portfolio's limits and ranking for corrective options (version 0: the "
    "built-in defaults)."
)
class CorrectivePolicy:
    portfolio_id: strawberry.ID
    is_default: bool
    version: int = strawberry.field(description="Send as expectedVersion when changing it.")
    max_fast_track_overlap_percent: int = strawberry.field(
        description="Most of a predecessor's duration a fast-tracked successor may overlap."
    )
    max_options_per_kind: int
    ranking: CorrectiveRanking
    crash_max_extra_units: str = strawberry.field(
        description="Decimal string: units a crash may add to a task."
    )
    allowed_kinds: list[CorrectiveOptionKind]

    @classmethod
    def from_dto(cls, dto: CorrectivePolicyDTO) -> CorrectivePolicy:
        settings = dto.settings
        return cls(
            portfolio_id=gid(dto.portfolio_id),
            is_default=dto.is_default,
            version=dto.version,
            max_fast_track_overlap_percent=settings.max_fast_track_overlap_percent,
            max_options_per_kind=settings.max_options_per_kind,
            ranking=CorrectiveRanking(settings.ranking.value),
            crash_max_extra_units=str(settings.crash_max_extra_units),
            allowed_kinds=[CorrectiveOptionKind(k.value) for k in settings.allowed_kinds],
        )


@strawberry.input(description="A whole policy: fields not sent take the built-in defaults.")
class SetCorrectivePolicyInput:
    portfolio_id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    max_fast_track_overlap_percent: int | None = strawberry.UNSET
    max_options_per_kind: int | None = strawberry.UNSET
    ranking: CorrectiveRanking | None = strawberry.UNSET
    crash_max_extra_units: str | None = strawberry.field(
        default=strawberry.UNSET, description="Decimal string, above 0 and at most 10."
    )
    allowed_kinds: list[CorrectiveOptionKind] | None = strawberry.UNSET


async def portfolio_corrective_policy(info: Info, portfolio_id: uuid.UUID) -> CorrectivePolicy:
    policy = await info.context.clients.projects.corrective_policy(portfolio_id)
    return CorrectivePolicy.from_dto(policy)
