from __future__ import annotations

import uuid
from functools import cached_property

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, by_id
from shared.clients.governance.templates import TemplateDTO


class TemplateLoaders(LoaderGroup):
    @cached_property
    def template(self) -> DataLoader[uuid.UUID, TemplateDTO]:
        governance = self.clients.governance
        return by_id(governance.templates_by_ids, governance.get_template, "Template")
