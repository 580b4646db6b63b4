"""Export responses from rows and columns, for any router that lists something.

CSV streams as the rows arrive: the caller reads the first page before calling, so a bad
request or an upstream failure is still a problem response; a failure on a later page can
only cut the stream (the client sees an incomplete transfer, never a short file that looks
whole). XLSX is written whole to a temporary file first (a workbook is a zip whose
directory comes last), so any failure is a problem response, then streamed out in chunks.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from starlette.responses import StreamingResponse

from services.reporting.exports.columns import Columns, Rows
from services.reporting.exports.csv_writer import CSV_MEDIA_TYPE, csv_chunks
from services.reporting.exports.xlsx_writer import XLSX_MEDIA_TYPE, file_chunks, write_xlsx

CSV_CONTENT = {"text/csv": {"schema": {"type": "string"}}}
XLSX_CONTENT = {XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}


def _disposition(filename: str) -> dict[str, str]:
    # Callers pass ASCII names built from ids and fixed words: nothing to escape.
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def csv_response(rows: Rows, columns: Columns, filename: str) -> StreamingResponse:
    return StreamingResponse(
        csv_chunks(rows, columns), media_type=CSV_MEDIA_TYPE, headers=_disposition(filename)
    )


async def xlsx_response(
    rows: Rows, columns: Columns, filename: str, *, sheet: str
) -> StreamingResponse:
    folder = Path(tempfile.mkdtemp(prefix="pmo-xlsx-"))
    try:
        path = folder / "export.xlsx"
        await write_xlsx(rows, columns, path, title=sheet)
        file = path.open("rb")
    finally:
        # The open file stays readable after its name is gone: nothing is left on disk,
        # whether the download completes, is abandoned, or the export failed.
        shutil.rmtree(folder, ignore_errors=True)
    size = file.seek(0, 2)
    file.seek(0)
    headers = {**_disposition(filename), "Content-Length": str(size)}
    return StreamingResponse(file_chunks(file), media_type=XLSX_MEDIA_TYPE, headers=headers)
