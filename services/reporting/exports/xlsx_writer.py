"""XLSX with xlsxwriter in constant-memory mode: each row goes to disk as it is written, so
a sheet of 100,000 rows costs the memory of one. Typed cells (numbers, dates,
percentages), a bold header row that stays frozen, an autofilter and set column widths.

xlsxwriter is synchronous and CPU-bound: rows are written a batch at a time in a worker
thread (one batch in flight, so the workbook is never used by two threads at once) and the
event loop stays free for other requests meanwhile."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from services.reporting.exports.columns import CellType, Column, Columns, Row, Rows

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS_PER_BATCH = 500
FILE_CHUNK_BYTES = 64 * 1024
# Excel's limits: a sheet name has at most 31 characters and none of these.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_NUMBER_FORMATS = {
    CellType.integer: "0",
    CellType.number: "#,##0.00",
    CellType.ratio: "0.000",
    CellType.percent: "0.0%",
    CellType.date: "yyyy-mm-dd",
}
# Everything is written with an explicit type, so no string becomes a formula, a number or
# a link behind the caller's back; the options say so for any later write() too.
_WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def sheet_name(title: str) -> str:
    cleaned = _SHEET_NAME_FORBIDDEN.sub(" ", title).strip().strip("'")[:31].strip()
    return cleaned or "Sheet1"


class SheetWriter:
    """One worksheet, written row after row (constant-memory mode allows no going back)."""

    def __init__(self, path: Path, columns: Columns, title: str) -> None:
        self.workbook = xlsxwriter.Workbook(
            str(path), {**_WORKBOOK_OPTIONS, "tmpdir": str(path.parent)}
        )
        self.sheet: Worksheet = self.workbook.add_worksheet(sheet_name(title))
        self.columns = list(columns)
        self.formats: dict[CellType, Format] = {
            kind: self.workbook.add_format({"num_format": pattern})
            for kind, pattern in _NUMBER_FORMATS.items()
        }
        self.rows_written = 0
        self._header()

    def _header(self) -> None:
        bold = self.workbook.add_format({"bold": True, "bottom": 1})
        for index, column in enumerate(self.columns):
            self.sheet.set_column(index, index, column.width)
            self.sheet.write_string(0, index, column.header, bold)
        self.sheet.freeze_panes(1, 0)

    def write_rows(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.rows_written += 1
            for index, column in enumerate(self.columns):
                self._cell(self.rows_written, index, column, row.get(column.name))

    def _cell(self, row: int, col: int, column: Column, value: Any) -> None:
        if value is None:
            return
        kind = column.type
        if kind is CellType.text:
            self.sheet.write_string(row, col, str(value))
        elif kind is CellType.date:
            day = value.date() if isinstance(value, datetime) else value
            if not isinstance(day, date):
                day = date.fromisoformat(str(day))
            self.sheet.write_datetime(row, col, day, self.formats[kind])
        else:
            number = Decimal(value) / 100 if kind is CellType.percent else Decimal(value)
            # XLSX stores every number as a binary double: the cell keeps 15 significant
            # digits, which money below a trillion with its cents fits in.
            self.sheet.write_number(row, col, float(number), self.formats[kind])

    def close(self) -> None:
        if self.rows_written:
            self.sheet.autofilter(0, 0, self.rows_written, len(self.columns) - 1)
        self.workbook.close()


async def write_xlsx(rows: Rows, columns: Columns, path: Path, *, title: str) -> int:
    """Write the whole workbook to ``path`` (rows read as they come); the number of rows."""
    writer = await asyncio.to_thread(SheetWriter, path, columns, title)
    batch: list[Row] = []
    async for row in rows:
        batch.append(row)
        if len(batch) >= ROWS_PER_BATCH:
            await asyncio.to_thread(writer.write_rows, batch)
            batch = []
    await asyncio.to_thread(writer.write_rows, batch)
    await asyncio.to_thread(writer.close)
    return writer.rows_written


async def file_chunks(file: BinaryIO, chunk_bytes: int = FILE_CHUNK_BYTES) -> AsyncIterator[bytes]:
    """An open file's bytes in chunks, then closed."""
    try:
        while chunk := await asyncio.to_thread(file.read, chunk_bytes):
            yield chunk
    finally:
        file.close()
