"""Assignments by task and by resource: one upstream call per batch of tasks (or of
resources), the projects service's ``GET /v1/assignments?task_ids=`` batch read."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, loader
from shared.clients.projects.assignments import AssignmentDTO


class AssignmentLoaders(LoaderGroup):
    @cached_property
    def of_task(self) -> DataLoader[uuid.UUID, list[AssignmentDTO]]:
        return loader(self._of_tasks)

    @cached_property
    def of_resource(self) -> DataLoader[uuid.UUID, list[AssignmentDTO]]:
        return loader(self._of_resources)

    async def _of_tasks(self, ids: list[uuid.UUID]) -> Sequence[list[AssignmentDTO]]:
        answer = await self.clients.projects.assignments_by_ids(task_ids=ids)
        grouped: dict[uuid.UUID, list[AssignmentDTO]] = defaultdict(list)
        for dto in answer.items:
            grouped[dto.task_id].append(dto)
        return [grouped.get(i, []) for i in ids]

    async def _of_resources(self, ids: list[uuid.UUID]) -> Sequence[list[AssignmentDTO]]:
        answer = await self.clients.projects.assignments_by_ids(resource_ids=ids)
        grouped: dict[uuid.UUID, list[AssignmentDTO]] = defaultdict(list)
        for dto in answer.items:
            grouped[dto.resource_id].append(dto)
        return [grouped.get(i, []) for i in ids]
