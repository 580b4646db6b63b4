from __future__ import annotations

import uuid
from functools import cached_property

from strawberry.dataloader import DataLoader

from services.gateway.batching import LoaderGroup, by_id
from shared.clients.governance import LessonDTO


class LessonLoaders(LoaderGroup):
    @cached_property
    def lesson(self) -> DataLoader[uuid.UUID, LessonDTO]:
        governance = self.clients.governance
        return by_id(governance.lessons_by_ids, governance.get_lesson, "Lesson")
