"""Resources by id, and a resource's rates and time off. The projects service has no batch
read of these (yet): one upstream read per distinct resource of a request, concurrently."""

from __future__ import annotations

import uuid
from functools import cached_property

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, each
from shared.clients.projects.resources import RateListDTO, ResourceDTO, TimeOffListDTO


class ResourceLoaders(LoaderGroup):
    @cached_property
    def resource(self) -> DataLoader[uuid.UUID, ResourceDTO]:
        return each(self.clients.projects.get_resource)

    @cached_property
    def rates(self) -> DataLoader[uuid.UUID, RateListDTO]:
        return each(self.clients.projects.list_resource_rates)

    @cached_property
    def time_off(self) -> DataLoader[uuid.UUID, TimeOffListDTO]:
        return each(self.clients.projects.list_resource_time_off)
