"""How a gate review moves a project: the projects service owns the phase and refuses to
change it for anyone but the governance service."""

from __future__ import annotations

import uuid
from typing import Protocol

from shared.clients.projects import ProjectsClient
from shared.clients.projects.projects import ProjectStatus
from shared.errors import ServiceUnavailable, UpstreamError


class ProjectPhases(Protocol):
    async def enter_phase(
        self,
        project_id: uuid.UUID,
        phase: str,
        *,
        status: ProjectStatus | None,
        review_id: uuid.UUID,
    ) -> None:
        """Put the project in ``phase`` (and ``status``, if given); idempotent per review."""

    async def cancel(self, project_id: uuid.UUID, *, review_id: uuid.UUID) -> None:
        """Cancel the project (a ``stop`` at a gate); idempotent per review."""


class ProjectsServicePhases:
    """:class:`ProjectPhases` through the projects service's phase operation, called with
    the governance service's own identity (the only one it accepts a phase change from).
    The Idempotency-Key is the review's, so a retried decision replays the first change."""

    def __init__(self, projects: ProjectsClient) -> None:
        self._projects = projects

    async def enter_phase(
        self,
        project_id: uuid.UUID,
        phase: str,
        *,
        status: ProjectStatus | None,
        review_id: uuid.UUID,
    ) -> None:
        body: dict[str, str] = {"phase": phase}
        if status is not None:
            body["status"] = status.value
        await self._send(project_id, body, f"gate-review-{review_id}")

    async def cancel(self, project_id: uuid.UUID, *, review_id: uuid.UUID) -> None:
        body = {"status": ProjectStatus.cancelled.value}
        await self._send(project_id, body, f"gate-review-{review_id}-stop")

    async def _send(self, project_id: uuid.UUID, body: dict[str, str], key: str) -> None:
        try:
            await self._projects.send_json(
                "POST", f"/v1/projects/{project_id}/phase", body, idempotency_key=key
            )
        except (UpstreamError, ServiceUnavailable) as exc:
            raise type(exc)(
                f"The projects service did not take the project's change ({exc.detail}); "
                "nothing was recorded: send the decision again."
            ) from exc
