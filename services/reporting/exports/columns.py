"""What an export is made of, whatever it lists: column specs and rows.

A row is a mapping from column name to value; rows come as an async iterator, so a writer
holds one page of them at a time, never the whole list. The writers (CSV and XLSX) are
generic: any domain builds its rows and columns and hands them over."""

from __future__ import annotations

from collections.abc import AsyncIterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class CellType(StrEnum):
    text = "text"
    integer = "integer"
    # A decimal amount (money): a number cell with two decimals in XLSX, the exact decimal
    # string in CSV.
    number = "number"
    # An index such as SPI or CPI: three decimals.
    ratio = "ratio"
    # Percent complete and the like, 0-100: an XLSX percentage cell (the value / 100).
    percent = "percent"
    date = "date"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    header: str
    type: CellType = CellType.text
    # In characters, as spreadsheets measure a column.
    width: float = 14.0


Row = Mapping[str, Any]
Rows = AsyncIterable[Row]
Columns = Sequence[Column]
