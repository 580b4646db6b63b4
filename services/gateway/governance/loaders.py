from __future__ import annotations

import uuid
from functools import cached_property

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, by_id
from shared.clients.governance import StandardDTO


class GovernanceLoaders(LoaderGroup):
    @cached_property
    def standard(self) -> DataLoader[uuid.UUID, StandardDTO]:
        governance = self.clients.governance
        return by_id(governance.standards_by_ids, governance.get_standard, "Standard")
