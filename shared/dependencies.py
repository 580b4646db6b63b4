"""Annotated dependencies every service router shares."""

import uuid
from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from shared.concurrency import if_match_header
from shared.db import get_session
from shared.pagination import (
    PageParams,
    ProjectBatch,
    page_params,
    project_batch,
    project_ids_param,
)
from shared.reads import Reader, get_reader

Session = Annotated[AsyncSession, Depends(get_session, scope="function")]
Read = Annotated[Reader, Depends(get_reader)]
Paging = Annotated[PageParams, Depends(page_params)]
# Batch reads of many projects' lists (the gateway's DataLoaders): ``?project_ids=&limit=``.
FirstPages = Annotated[ProjectBatch, Depends(project_batch)]
ProjectIds = Annotated[list[uuid.UUID], Depends(project_ids_param)]
IfMatch = Annotated[list[int] | None, Depends(if_match_header)]
