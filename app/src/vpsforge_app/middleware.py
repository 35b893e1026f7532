"""Pure ASGI middleware: request id, JSON access log and the last-resort 500 handler."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vpsforge_app.logconfig import request_id_var

REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,128}$")

access_logger = logging.getLogger("vpsforge_app.access")
error_logger = logging.getLogger("vpsforge_app.error")


def request_id_from(scope: Scope) -> str:
    """The caller's X-Request-ID when it is a sane token, otherwise a fresh uuid4 hex."""
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER.encode():
            candidate = value.decode("latin-1")
            if _REQUEST_ID_RE.fullmatch(candidate):
                return candidate
            break
    return uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    """Path template of the matched route (``/notes/{note_id}``), bounded for metrics."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "<unmatched>"


class RequestContextMiddleware:
    """Assigns a request id, echoes it, logs one access line and turns crashes into JSON 500s."""

    def __init__(self, app: ASGIApp, *, debug: bool = False) -> None:
        self.app = app
        self.debug = debug

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        request_id = request_id_from(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_request_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        except Exception as exc:
            error_logger.exception(
                "unhandled error", extra={"method": scope["method"], "path": scope["path"]}
            )
            if not response_started:
                await self._send_error(send_with_request_id, request_id, exc)
        finally:
            access_logger.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": route_template(scope),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "client": (scope.get("client") or ("", 0))[0] or None,
                },
            )
            request_id_var.reset(token)

    async def _send_error(self, send: Send, request_id: str, exc: Exception) -> None:
        payload: dict[str, str] = {"detail": "Internal Server Error", "request_id": request_id}
        if self.debug:
            payload["error"] = f"{type(exc).__name__}: {exc}"
        body = json.dumps(payload).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 500,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
