"""Annotated dependencies every service router shares."""

from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from shared.concurrency import if_match_header
from shared.db import get_session
from shared.pagination import PageParams, page_params
from shared.reads import Reader, get_reader

Session = Annotated[AsyncSession, Depends(get_session, scope="function")]
Read = Annotated[Reader, Depends(get_reader)]
Paging = Annotated[PageParams, Depends(page_params)]
IfMatch = Annotated[list[int] | None, Depends(if_match_header)]
