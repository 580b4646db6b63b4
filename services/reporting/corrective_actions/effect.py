"""The measured effect of a corrective action: the figures of the latest snapshot when it
was recorded (``before``) against those of the latest snapshot taken after it (``after``).

The rule for ``worked`` (documented on the API's ``Effect``):

- the schedule got better: SPI(t) rose (SPI when either side lacks SPI(t)), or the P80
  finish moved earlier;
- and the critical float did not shrink (unknown on either side counts as not worse).

``worked`` is null until a snapshot after the action exists, and when neither an index nor
the P80 finish can be compared (no figures on one side)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from services.reporting.corrective_actions.schemas import Deltas, Effect, Figures


def _delta(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    return after - before if before is not None and after is not None else None


def _days(before: date | None, after: date | None) -> int | None:
    return (after - before).days if before is not None and after is not None else None


def deltas_of(before: Figures, after: Figures) -> Deltas:
    return Deltas(
        spi=_delta(before.spi, after.spi),
        spi_t=_delta(before.spi_t, after.spi_t),
        p80_finish_days=_days(before.p80_finish, after.p80_finish),
        critical_float_days=_delta(before.critical_float_days, after.critical_float_days),
    )


def worked(deltas: Deltas) -> bool | None:
    index = deltas.spi_t if deltas.spi_t is not None else deltas.spi
    if index is None and deltas.p80_finish_days is None:
        return None
    better = (index is not None and index > 0) or (
        deltas.p80_finish_days is not None and deltas.p80_finish_days < 0
    )
    float_kept = deltas.critical_float_days is None or deltas.critical_float_days >= 0
    return better and float_kept


def measured(before: Figures, after: Figures | None) -> Effect:
    if after is None:
        return Effect(before=before, after=None, deltas=None, worked=None)
    deltas = deltas_of(before, after)
    return Effect(before=before, after=after, deltas=deltas, worked=worked(deltas))


def figures_of(row: Any) -> Figures:
    """The compared figures of a snapshot row (anything with these attributes or keys)."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return Figures(
        day=get("day"),
        spi=get("spi"),
        spi_t=get("spi_t"),
        p80_finish=get("p80_finish"),
        critical_float_days=get("critical_float_days"),
    )
