"""ASGI entry point: ``gunicorn vpsforge_app.main:app`` or ``uvicorn vpsforge_app.main:app``."""

from __future__ import annotations

import sys

from fastapi import FastAPI

from vpsforge_app.app import create_app
from vpsforge_app.settings import ConfigError

__all__ = ["app", "create_app"]

# Exit status gunicorn treats as "application failed to load": it stops instead of
# restarting workers that can never boot.
APP_LOAD_ERROR = 4


def _build() -> FastAPI:
    try:
        return create_app()
    except ConfigError as exc:
        print(f"vpsforge_app: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(APP_LOAD_ERROR) from None


app = _build()
