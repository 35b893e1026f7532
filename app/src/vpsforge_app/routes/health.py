"""Liveness, readiness and version endpoints."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from vpsforge_app.db import Database

logger = logging.getLogger(__name__)
router = APIRouter(tags=["health"])

READINESS_TIMEOUT_SECONDS = 2.0


@router.get("/health")
async def health() -> dict[str, str]:
    """Liveness: the process answers HTTP; checks no dependency."""
    return {"status": "ok"}


@router.get("/health/ready", response_model=None)
async def ready(request: Request) -> JSONResponse | dict[str, str]:
    """Readiness: the database answers ``SELECT 1`` within the timeout."""
    database: Database = request.app.state.db
    timeout: float = request.app.state.readiness_timeout
    try:
        await asyncio.wait_for(asyncio.to_thread(database.ping), timeout=timeout)
    except TimeoutError:
        reason = f"database check timed out after {timeout:g}s"
    except Exception as exc:
        logger.warning("readiness check failed: %s", exc)
        reason = f"database unavailable ({type(exc).__name__})"
    else:
        return {"status": "ready"}
    logger.warning("not ready: %s", reason)
    return JSONResponse(status_code=503, content={"status": "not ready", "reason": reason})


@router.get("/version")
async def version(request: Request) -> dict[str, str]:
    settings = request.app.state.settings
    return {"version": settings.version, "release": settings.release_id}
