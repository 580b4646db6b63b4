from __future__ import annotations

import uuid
from functools import cached_property

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, each
from shared.clients.governance.gates import GateReviewDTO


class GateLoaders(LoaderGroup):
    @cached_property
    def review(self) -> DataLoader[uuid.UUID, GateReviewDTO]:
        """One read per review (reviews are asked for one or one project's page at a time)."""
        return each(self.clients.governance.get_gate_review)
