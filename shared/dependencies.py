"""Annotated dependencies every service router shares."""

from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from shared.concurrency import if_match_header
from shared.db import get_read_connection, get_session
from shared.pagination import PageParams, page_params

Session = Annotated[AsyncSession, Depends(get_session, scope="function")]
ReadConn = Annotated[AsyncConnection, Depends(get_read_connection)]
Paging = Annotated[PageParams, Depends(page_params)]
IfMatch = Annotated[list[int] | None, Depends(if_match_header)]
