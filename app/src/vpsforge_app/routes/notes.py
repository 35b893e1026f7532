"""Notes resource persisted through DATABASE_URL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from sqlalchemy import select

from vpsforge_app.auth import require_write_access
from vpsforge_app.db import Database, Note

router = APIRouter(prefix="/notes", tags=["notes"])

# Every route that changes data takes this (tests/test_write_access.py checks it).
WRITE_ACCESS = [Depends(require_write_access)]

MAX_TITLE_LENGTH = 200
MAX_BODY_LENGTH = 10_000
MAX_PAGE_SIZE = 100
MAX_ID = 2**63 - 1


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE_LENGTH)
    ]
    body: Annotated[str, Field(max_length=MAX_BODY_LENGTH)] = ""


class NoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    body: str
    created_at: datetime

    @field_validator("created_at")
    @classmethod
    def _assume_utc(cls, value: datetime) -> datetime:
        # SQLite drops the zone; values are always written in UTC.
        return value if value.tzinfo else value.replace(tzinfo=UTC)


class NotePage(BaseModel):
    items: list[NoteOut]
    limit: int
    offset: int


def _db(request: Request) -> Database:
    return request.app.state.db


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    dependencies=WRITE_ACCESS,
    responses={
        401: {"description": "Missing or wrong bearer token"},
        403: {"description": "Writes are disabled (no WRITE_TOKEN)"},
    },
)
def create_note(payload: NoteIn, request: Request) -> NoteOut:
    with _db(request).session() as session:
        note = Note(title=payload.title, body=payload.body)
        session.add(note)
        session.commit()
        return NoteOut.model_validate(note)


@router.get("")
def list_notes(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> NotePage:
    with _db(request).session() as session:
        notes = session.scalars(select(Note).order_by(Note.id).limit(limit).offset(offset))
        items = [NoteOut.model_validate(note) for note in notes]
    return NotePage(items=items, limit=limit, offset=offset)


@router.get("/{note_id}")
def get_note(note_id: Annotated[int, Path(ge=1, le=MAX_ID)], request: Request) -> NoteOut:
    with _db(request).session() as session:
        note = session.get(Note, note_id)
        if note is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"note {note_id} not found")
        return NoteOut.model_validate(note)
