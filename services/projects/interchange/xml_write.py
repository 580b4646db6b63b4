"""Writing MSPDI element values: the text forms MS Project uses (pure)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from xml.etree.ElementTree import Element, SubElement


def add(parent: Element, tag: str, value: object) -> None:
    """A child element with ``value`` as text; nothing for None."""
    if value is None:
        return
    SubElement(parent, tag).text = text(value)


def text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, date):
        return value.isoformat() + "T00:00:00"
    return str(value)


def whole_percent(percent: Decimal | float) -> int:
    """MSPDI's PercentComplete is a whole number: rounded, but never 100 for a task not
    complete (MS Project would take it as finished)."""
    whole = round(float(percent))
    return min(whole, 99) if percent < 100 else 100


def duration_text(days: Decimal | float, minutes_per_day: int) -> str:
    return seconds_text(seconds(days, minutes_per_day))


def seconds(days: Decimal | float, minutes_per_day: int) -> int:
    return round(float(days) * minutes_per_day * 60)


def seconds_text(total: int) -> str:
    """An ISO 8601 duration the way MS Project writes one: ``PT40H0M0S``."""
    sign = "-" if total < 0 else ""
    hours, rest = divmod(abs(total), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}PT{hours}H{minutes}M{secs}S"
