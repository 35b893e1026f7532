"""Write access: ``Authorization: Bearer <WRITE_TOKEN>`` guards every route that changes data.

Reads stay open. ``Settings.write_access`` decides what write routes do:

* ``token``: the bearer token must equal WRITE_TOKEN (constant-time compare), else 401;
* ``disabled`` (no WRITE_TOKEN outside development): 403, whatever the request carries;
* ``open`` (no WRITE_TOKEN with APP_ENV=development): no check, for local work.

The token is never logged or echoed back.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from vpsforge_app.settings import Settings

WRITES_DISABLED_DETAIL = "Writes are disabled: WRITE_TOKEN is not configured"
MISSING_TOKEN_DETAIL = "Bearer token required"
INVALID_TOKEN_DETAIL = "Invalid bearer token"
# Name of the security scheme in the OpenAPI document (/docs outside production).
SECURITY_SCHEME = "WriteToken"

# auto_error=False: this module chooses the status codes; the scheme also shows in /docs.
_bearer = HTTPBearer(
    scheme_name=SECURITY_SCHEME,
    description="WRITE_TOKEN from the app's environment",
    auto_error=False,
)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


async def require_write_access(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Dependency for write routes; raises 401/403 unless the request may write."""
    settings: Settings = request.app.state.settings
    access = settings.write_access
    if access == "open":
        return
    if access == "disabled" or settings.write_token is None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=WRITES_DISABLED_DETAIL)
    if credentials is None:
        raise _unauthorized(MISSING_TOKEN_DETAIL)
    # Header values arrive latin-1 decoded; compare bytes so any input is comparable.
    presented = credentials.credentials.encode("latin-1")
    expected = settings.write_token.get_secret_value().encode("ascii")
    if not secrets.compare_digest(presented, expected):
        raise _unauthorized(INVALID_TOKEN_DETAIL)
