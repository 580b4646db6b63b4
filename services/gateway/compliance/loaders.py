from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cached_property, partial

from strawberry.dataloader import DataLoader

from services.gateway.batching import (
    LoaderGroup,
    PageResult,
    each,
    first_pages_then_resumed,
    loader,
    rows_of,
)
from services.gateway.connections import PageRequest
from shared.clients.governance import GovernanceClient
from shared.clients.governance.compliance import EvaluationDTO, EvaluationWithFindingsDTO
from shared.clients.governance.rules import RuleDTO


@dataclass(frozen=True, slots=True)
class RulesKey:
    """A page of one standard revision's rules."""

    standard_id: uuid.UUID
    request: PageRequest


class ComplianceLoaders(LoaderGroup):
    @cached_property
    def evaluation(self) -> DataLoader[uuid.UUID, EvaluationWithFindingsDTO]:
        """With its findings (no batch read: an evaluation is read whole, one at a time)."""
        return each(self.clients.governance.get_evaluation)

    @cached_property
    def latest(self) -> DataLoader[uuid.UUID, EvaluationDTO | None]:
        """Each project's newest evaluation, one upstream call per batch of projects."""
        return loader(partial(_latest, self.clients.governance))

    @cached_property
    def rules(self) -> DataLoader[RulesKey, PageResult[RuleDTO]]:
        return loader(partial(_rule_pages, self.clients.governance))


async def _latest(
    client: GovernanceClient, project_ids: list[uuid.UUID]
) -> list[EvaluationDTO | None]:
    found = {dto.project_id: dto for dto in await client.latest_evaluations(project_ids)}
    return [found.get(i) for i in project_ids]


async def _rule_pages(client: GovernanceClient, keys: list[RulesKey]) -> list[PageResult[RuleDTO]]:
    """First pages from the batch endpoint (one call per page size), resumed pages from
    the standard's own list."""

    async def first_pages(group: list[RulesKey]) -> dict[RulesKey, PageResult[RuleDTO]]:
        ids = list(dict.fromkeys(key.standard_id for key in group))
        pages = await client.rules_by_standard(ids, limit=group[0].request.limit)
        return {key: rows_of(pages.get(key.standard_id)) for key in group}

    async def resume(key: RulesKey) -> PageResult[RuleDTO]:
        page = await client.list_standard_rules(
            key.standard_id, limit=key.request.limit, cursor=key.request.cursor
        )
        return rows_of(page)

    return await first_pages_then_resumed(keys, _page_size, first_pages, resume)


def _page_size(key: RulesKey) -> int:
    return key.request.limit
