from fastapi import APIRouter

router = APIRouter(tags=["change_requests"])
