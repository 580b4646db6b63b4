from __future__ import annotations

import uuid
from functools import cached_property

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, by_id, each
from shared.clients.governance.lifecycles import LifecycleDTO, ProjectLifecycleDTO


class LifecycleLoaders(LoaderGroup):
    @cached_property
    def lifecycle(self) -> DataLoader[uuid.UUID, LifecycleDTO]:
        governance = self.clients.governance
        return by_id(governance.lifecycles_by_ids, governance.get_lifecycle, "Lifecycle")

    @cached_property
    def project_lifecycle(self) -> DataLoader[uuid.UUID, ProjectLifecycleDTO]:
        """By project id (the assignment's only key a caller knows)."""
        return each(self.clients.governance.project_lifecycle)
