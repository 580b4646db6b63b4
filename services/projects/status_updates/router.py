from fastapi import APIRouter

router = APIRouter(tags=["status_updates"])
