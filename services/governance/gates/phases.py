"""How a gate review moves a project: the projects service owns the phase and changes it
only for the governance service calling as itself (``set_project_phase`` with the
``governance-service`` role; see shared/service_identity.py)."""

from __future__ import annotations

import uuid
from typing import Protocol

from shared.clients.projects import ProjectsClient
from shared.clients.projects.projects import ProjectPhaseChange, ProjectStatus
from shared.errors import ServiceUnavailable, UpstreamError
from shared.service_identity import ServiceIdentity


class ProjectPhases(Protocol):
    async def enter_phase(
        self,
        project_id: uuid.UUID,
        phase: str,
        *,
        status: ProjectStatus | None,
        review_id: uuid.UUID,
    ) -> None:
        """Put the project in ``phase`` (and ``status``, if given). Sending the same change
        again changes nothing, so a retried decision can send it again."""

    async def cancel(self, project_id: uuid.UUID, phase: str, *, review_id: uuid.UUID) -> None:
        """Cancel the project, which stays in ``phase`` (a ``stop`` at a gate)."""


class ProjectsServicePhases:
    """:class:`ProjectPhases` through the projects service, as the governance service."""

    def __init__(self, projects: ProjectsClient, identity: ServiceIdentity) -> None:
        self._projects = projects
        self._identity = identity

    async def enter_phase(
        self,
        project_id: uuid.UUID,
        phase: str,
        *,
        status: ProjectStatus | None,
        review_id: uuid.UUID,
    ) -> None:
        # Without a status the project keeps its own (an unset field is not sent).
        extra = {"status": status} if status is not None else {}
        change = ProjectPhaseChange(
            phase=phase, gate_review_id=review_id, note=f"Gate into {phase} passed.", **extra
        )
        await self._send(project_id, change)

    async def cancel(self, project_id: uuid.UUID, phase: str, *, review_id: uuid.UUID) -> None:
        change = ProjectPhaseChange(
            phase=phase,
            status=ProjectStatus.cancelled,
            gate_review_id=review_id,
            note="Stopped at a gate review.",
        )
        await self._send(project_id, change)

    async def _send(self, project_id: uuid.UUID, change: ProjectPhaseChange) -> None:
        try:
            with self._identity.acting():
                await self._projects.set_project_phase(project_id, change)
        except (UpstreamError, ServiceUnavailable) as exc:
            raise type(exc)(
                f"The projects service did not take the project's change ({exc.detail}); "
                "nothing was recorded: send the decision again."
            ) from exc
