"""The base of every output model: frozen, and refusing fields it does not know."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Output"]


class Output(BaseModel):
    """A read-only result (plan, explanation, advice): unknown fields are refused, none can be reassigned."""

    model_config = ConfigDict(extra="forbid", frozen=True)
