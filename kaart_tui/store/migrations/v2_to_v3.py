"""Schema 2 -> 3.

Schema 3 keeps the entries sent from phones in the room that the facilitator has not yet
accepted or left off (the ``waiting`` table): before, they lived only in the app's memory
and were lost when the laptop died or the room was closed. A schema 2 file had none.
"""

from __future__ import annotations

from typing import Any


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    migrated = dict(data)
    migrated.setdefault("waiting", {})
    migrated["meta"] = {"1": {"schema_version": 3}}
    return migrated
