"""Schema migrations: one module per change, applied in order to the raw file content.

A session file records its schema version in the ``meta`` table. Opening an older file
runs every migration from its version up to CURRENT; the original is kept beside the
backups first, so a migration can never cost a facilitator their data.
"""

from __future__ import annotations

from typing import Any, Callable

from kaart_tui.store.migrations import v0_to_v1, v1_to_v2, v2_to_v3

CURRENT = 3

# MIGRATIONS[n] turns schema n into schema n + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: v0_to_v1.migrate,
    1: v1_to_v2.migrate,
    2: v2_to_v3.migrate,
}


def schema_version(data: dict[str, Any]) -> int:
    meta = data.get("meta")
    if not meta:
        return 0  # schema 0 had no meta table
    document = next(iter(meta.values()))
    version = document["schema_version"]
    if type(version) is not int:  # Infinity, "2", true: not a version
        raise ValueError(version)
    return version


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = schema_version(data)
    while version < CURRENT:
        data = MIGRATIONS[version](data)
        version += 1
    return data
