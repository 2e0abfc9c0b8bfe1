"""Request models: whether a body's fields validate."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError


def accepted(model: type[BaseModel], **fields: Any) -> bool:
    try:
        model(**fields)
    except ValidationError:
        return False
    return True
