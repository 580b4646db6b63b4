"""What the wire shows. Figures are computed and summed at full precision (Decimal, 28
significant digits) and rounded once, on the way out: money to the cent, indices (SPI,
CPI, TCPI, SPI(t)) to six places, working days (PD, AT, ES, SV(t), IEAC(t)) to four, the
scale the projects service gives every duration it computes. Halves round away from zero,
as money is rounded on an invoice; a negative zero shows as zero."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
INDEX = Decimal("0.000001")
DAY = Decimal("0.0001")


def _rounded(value: Decimal, places: Decimal) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP) + 0  # + 0: -0.00 becomes 0.00


def money(value: Decimal) -> Decimal:
    return _rounded(value, CENT)


def index(value: Decimal | None) -> Decimal | None:
    return None if value is None else _rounded(value, INDEX)


def days(value: Decimal | None) -> Decimal | None:
    return None if value is None else _rounded(value, DAY)


def optional_money(value: Decimal | None) -> Decimal | None:
    return None if value is None else money(value)
