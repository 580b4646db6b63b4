"""What an MSPDI file cannot say about a ``data_date`` project, kept in two custom text
fields so that our own import restores it (pure).

MS Project has no data-date mode. The export writes such a project the way MS Project gets
the same dates (see ``export_progress.py``): remaining work moved forward to the status date
by its own option, and the tasks not started yet held after the status date by a start-no-
earlier-than constraint, as its "Update Project > Reschedule uncompleted work" command does.
The project's own settings (on the project summary task) and each rewritten task's own
constraint travel beside them in the custom fields Text1 and Text2, named by their aliases:
MS Project shows them as two columns, and the import reads them by alias, not by number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from services.projects.engine import ConstraintType, ProgressMode
from services.projects.interchange.mspdi_model import MspdiProject, MspdiStatusOptions

SETTINGS_ALIAS = "PMO progress settings"
CONSTRAINT_ALIAS = "PMO constraint"
# FieldID and FieldName of the task custom fields Text1 and Text2 (MS Project's numbering).
FIELDS = {SETTINGS_ALIAS: ("188743731", "Text1"), CONSTRAINT_ALIAS: ("188743734", "Text2")}
MARK_ALIASES = frozenset(FIELDS)
SETTING_NAMES = (
    "progress_mode",
    "move_completed_ends_back",
    "move_remaining_starts_back",
    "move_remaining_starts_forward",
    "move_completed_ends_forward",
    "split_in_progress_tasks",
)
_MODES = {mode.value: mode for mode in ProgressMode}
_KINDS = {kind.value: kind for kind in ConstraintType}


def encode_settings(project: Mapping[str, Any]) -> str:
    """``progress_mode=data_date;move_completed_ends_back=0;...``"""
    parts = [f"progress_mode={project['progress_mode']}"]
    parts += [f"{name}={int(bool(project[name]))}" for name in SETTING_NAMES[1:]]
    return ";".join(parts)


def decode_settings(text: str) -> dict[str, Any] | None:
    """The settings, or None when the text is not ours (then the file's own elements count)."""
    pairs = dict(part.partition("=")[::2] for part in text.split(";"))
    if set(pairs) != set(SETTING_NAMES) or pairs["progress_mode"] not in _MODES:
        return None
    if any(pairs[name] not in ("0", "1") for name in SETTING_NAMES[1:]):
        return None
    settings: dict[str, Any] = {"progress_mode": _MODES[pairs["progress_mode"]]}
    settings.update((name, pairs[name] == "1") for name in SETTING_NAMES[1:])
    return settings


def encode_constraint(kind: str, when: datetime | None) -> str:
    """``ASAP``, or ``SNET 2025-01-08T00:00:00`` for a dated kind."""
    return kind if when is None else f"{kind} {when.isoformat()}"


def decode_constraint(text: str) -> tuple[ConstraintType, datetime | None] | None:
    kind, _, when = text.partition(" ")
    if kind not in _KINDS:
        return None
    if not when:
        return _KINDS[kind], None
    try:
        return _KINDS[kind], datetime.fromisoformat(when).replace(tzinfo=None)
    except ValueError:
        return None


def restore_data_date(project: MspdiProject) -> MspdiProject:
    """The project our export wrote, when its summary task says it was a data-date one: its
    own settings, and each task's own constraint where the export held it after the status
    date. Any other file is returned as it is."""
    summary = next((t for t in project.tasks if t.outline_level == 0), None)
    text = summary.marks.get(SETTINGS_ALIAS) if summary is not None else None
    settings = decode_settings(text) if text is not None else None
    if settings is None or settings["progress_mode"] != ProgressMode.DATA_DATE:
        return project
    tasks = []
    for task in project.tasks:
        mark = task.marks.get(CONSTRAINT_ALIAS)
        own = decode_constraint(mark) if mark is not None else None
        if own is not None:
            task = replace(task, constraint=own[0], constraint_date=own[1])
        tasks.append(task)
    options = {name: settings[name] for name in SETTING_NAMES[1:]}
    return replace(
        project,
        tasks=tuple(tasks),
        progress_mode=ProgressMode.DATA_DATE,
        status_options=MspdiStatusOptions(**options),
    )
