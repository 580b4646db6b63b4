"""CSV (RFC 4180: quoted as needed, CRLF line ends, UTF-8) with the csv module, written a
batch of rows at a time as the rows arrive."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from services.reporting.exports.columns import CellType, Column, Columns, Rows

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
ROWS_PER_CHUNK = 500
# A spreadsheet opening the file runs a cell that starts with one of these as a formula
# (CSV injection): text from users gets a leading apostrophe, as OWASP recommends.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any, column: Column) -> str:
    if value is None:
        return ""
    if column.type is CellType.text:
        text = str(value)
        return "'" + text if text.startswith(FORMULA_STARTS) else text
    if column.type is CellType.date and isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")  # never an exponent ("1E+3")
    return str(value)


async def csv_chunks(
    rows: Rows, columns: Columns, *, rows_per_chunk: int = ROWS_PER_CHUNK
) -> AsyncIterator[bytes]:
    """The header line, then the rows in chunks of ``rows_per_chunk``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    pending = 0
    async for row in rows:
        writer.writerow([csv_cell(row.get(c.name), c) for c in columns])
        pending += 1
        if pending >= rows_per_chunk:
            yield _drain(buffer)
            pending = 0
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    return data
