"""JSON logging: one object per line with the current request id when there is one."""

from __future__ import annotations

import json
import logging
import logging.config
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has (plus uvicorn's ANSI-coloured copy of the message);
# anything else was passed through ``extra=`` and is emitted as a field.
_RECORD_ATTRS = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None)).keys()
    | {"message", "asctime", "taskName", "color_message"}
)


class JsonFormatter(logging.Formatter):
    """Format records as single-line JSON objects."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            payload["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRS and key not in payload:
                payload[key] = value
        if record.exc_info:
            payload["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            payload["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(payload, default=str, ensure_ascii=False)


def logging_config(level: str) -> dict[str, Any]:
    """``dictConfig`` mapping used by the app and by gunicorn's ``logconfig_dict``.

    Access lines come from the app's middleware (with request id, route and
    duration), so the servers' own plain-text access loggers get no handler.
    """
    json_handler = {"handlers": ["json"], "propagate": False, "level": level}
    silent = {"handlers": [], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["json"], "level": level},
        "loggers": {
            "gunicorn.error": json_handler,
            "uvicorn.error": json_handler,
            "gunicorn.access": silent,
            "uvicorn.access": silent,
        },
    }


def configure_logging(level: str) -> None:
    """Send all logging to stderr as JSON lines at ``level``."""
    logging.config.dictConfig(logging_config(level))
