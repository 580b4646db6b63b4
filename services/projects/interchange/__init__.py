"""Plan interchange formats. MSPDI (MS Project XML) import; export comes later."""

from services.projects.interchange.mspdi_mapping import scheduled_tasks, to_schedule_input
from services.projects.interchange.mspdi_model import (
    MspdiBaseline,
    MspdiCalendar,
    MspdiComputed,
    MspdiError,
    MspdiLink,
    MspdiProject,
    MspdiTask,
)
from services.projects.interchange.mspdi_reader import read_mspdi

__all__ = [
    "MspdiBaseline",
    "MspdiCalendar",
    "MspdiComputed",
    "MspdiError",
    "MspdiLink",
    "MspdiProject",
    "MspdiTask",
    "read_mspdi",
    "scheduled_tasks",
    "to_schedule_input",
]
