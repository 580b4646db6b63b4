"""Typed, namespace-aware reads of MSPDI element values with errors that name the culprit."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element

from services.projects.interchange.mspdi_model import MspdiError

_REQUIRED: Any = object()
# MSPDI durations look like PT40H0M0S; accept the general ISO 8601 form with fractions too.
_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


class Reader:
    def __init__(self, root: Element) -> None:
        match = re.match(r"^\{[^}]*\}", root.tag)
        self._ns = match.group(0) if match else ""

    def _where(self, tag: str, task: int | None) -> str:
        return f"task UID {task}: {tag}" if task is not None else tag

    def child(self, el: Element, tag: str) -> Element | None:
        return el.find(self._ns + tag)

    def children(self, el: Element, *path: str) -> list[Element]:
        return el.findall("/".join(self._ns + p for p in path))

    def text(self, el: Element, tag: str) -> str | None:
        found = el.find(self._ns + tag)
        if found is None or found.text is None or not found.text.strip():
            return None
        return found.text.strip()

    def integer(
        self, el: Element, tag: str, default: Any = _REQUIRED, task: int | None = None
    ) -> Any:
        value = self.text(el, tag)
        if value is None:
            if default is _REQUIRED:
                raise MspdiError(f"{self._where(tag, task)} is missing", field=tag, task_id=task)
            return default
        try:
            return int(value)
        except ValueError:
            raise MspdiError(
                f"{self._where(tag, task)} is {value[:40]!r}, not an integer",
                field=tag,
                task_id=task,
            ) from None

    def flag(self, el: Element, tag: str, default: bool = False, task: int | None = None) -> bool:
        value = self.text(el, tag)
        if value is None:
            return default
        if value not in ("0", "1", "true", "false"):
            raise MspdiError(
                f"{self._where(tag, task)} is {value[:40]!r}, not 0 or 1", field=tag, task_id=task
            )
        return value in ("1", "true")

    def instant(self, el: Element, tag: str, task: int | None = None) -> datetime | None:
        value = self.text(el, tag)
        if value is None or value.startswith("NA"):
            return None
        try:
            return datetime.fromisoformat(value).replace(tzinfo=None)
        except ValueError:
            raise MspdiError(
                f"{self._where(tag, task)} is {value[:40]!r}, not a date-time",
                field=tag,
                task_id=task,
            ) from None

    def minutes(self, el: Element, tag: str, task: int | None = None) -> float | None:
        """An ISO 8601 duration as minutes of working time (MSPDI counts working hours)."""
        value = self.text(el, tag)
        if value is None:
            return None
        match = _DURATION.match(value)
        if match is None:
            raise MspdiError(
                f"{self._where(tag, task)} is {value[:40]!r}, not an ISO 8601 duration",
                field=tag,
                task_id=task,
            )
        parts = {k: float(v) for k, v in match.groupdict().items() if v and k != "sign"}
        total = (
            parts.get("d", 0) * 24 * 60
            + parts.get("h", 0) * 60
            + parts.get("m", 0)
            + parts.get("s", 0) / 60
        )
        return -total if match.group("sign") else total

    def number(self, value: str, field: str, task: int | None = None) -> float:
        try:
            return float(value)
        except ValueError:
            raise MspdiError(
                f"{self._where(field, task)} is {value[:40]!r}, not a number",
                field=field,
                task_id=task,
            ) from None
