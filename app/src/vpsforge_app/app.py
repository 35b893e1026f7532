"""Application factory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.middleware.cors import CORSMiddleware

from vpsforge_app.db import Database
from vpsforge_app.logconfig import configure_logging
from vpsforge_app.metrics import Metrics, PrometheusMiddleware, metrics_endpoint
from vpsforge_app.middleware import REQUEST_ID_HEADER, RequestContextMiddleware
from vpsforge_app.routes import health, notes
from vpsforge_app.settings import Settings, load_settings

logger = logging.getLogger("vpsforge_app")

STARTUP_SCHEMA_TIMEOUT_SECONDS = 10.0


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    database: Database = app.state.db
    settings: Settings = app.state.settings
    try:
        await asyncio.wait_for(
            asyncio.to_thread(database.ensure_schema), timeout=STARTUP_SCHEMA_TIMEOUT_SECONDS
        )
    except Exception as exc:
        # Keep serving: /health/ready reports the outage and the schema is created later.
        logger.warning("database not reachable at startup: %s", exc or type(exc).__name__)
    logger.info(
        "application started",
        extra={
            "app_env": settings.app_env,
            "release": settings.release_id,
            "write_access": settings.write_access,
        },
    )
    try:
        yield
    finally:
        database.dispose()


async def database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    logger.warning("database error: %s", exc)
    return JSONResponse(
        status_code=503,
        content={
            "detail": "Database unavailable",
            "request_id": getattr(request.state, "request_id", None),
        },
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application; raises ``ConfigError`` when settings are invalid."""
    settings = settings or load_settings()
    configure_logging(settings.log_level)

    docs = settings.app_env != "production"
    app = FastAPI(
        title="vpsforge_app",
        version=settings.version,
        debug=settings.debug,
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url=None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.settings = settings
    app.state.db = Database(settings.database_url)
    app.state.metrics = Metrics()
    app.state.readiness_timeout = health.READINESS_TIMEOUT_SECONDS

    app.include_router(health.router)
    app.include_router(notes.router)
    app.add_api_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)
    app.add_exception_handler(OperationalError, database_unavailable)
    app.add_exception_handler(PoolTimeoutError, database_unavailable)

    # Added innermost first: requests pass RequestContext -> Prometheus -> CORS -> routes.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type", "Authorization", REQUEST_ID_HEADER],
        expose_headers=[REQUEST_ID_HEADER],
        max_age=600,
    )
    app.add_middleware(PrometheusMiddleware, metrics=app.state.metrics)
    app.add_middleware(RequestContextMiddleware, debug=settings.debug)
    return app
