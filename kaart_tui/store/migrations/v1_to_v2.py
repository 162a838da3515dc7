"""Schema 1 -> 2.

Schema 1 kept the quorum and the list of evaluation bijeenkomsten in one settings
document outside the records, an action's note only when there was one, and a vote's id
beside keys that differed between a theme and an entry. Schema 2 (the shape of
kaart-bundle version 2): every key always present; an evaluation is a flag on its
bijeenkomst; the settings document holds only the quorum; new keys for people who left
the team or asked to be forgotten, free-text action owners, the next meeting, step notes.
"""

from __future__ import annotations

import secrets
from typing import Any

DEFAULTS: dict[str, dict[str, Any]] = {
    "participants": {"left_from": None, "removed_after": None},
    "bijeenkomsten": {"evaluation": False, "next_date": None, "next_location": None},
    "actions": {"owner_text": None, "note": None},
    "votes": {"theme": None, "entry": None},
    "rounds": {"include_earlier": False},
}


def _with_defaults(table: str, document: Any) -> Any:
    if not isinstance(document, dict):
        return document  # refused, with its name, when the file is decoded
    return {**DEFAULTS.get(table, {}), **document}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    migrated = {name: dict(table) for name, table in data.items() if isinstance(table, dict)}
    for table, _ in DEFAULTS.items():
        migrated[table] = {doc_id: _with_defaults(table, document)
                           for doc_id, document in migrated.get(table, {}).items()}
    for document in migrated["votes"].values():
        if isinstance(document, dict) and "id" not in document:  # schema 0 had none
            document["id"] = f"v-{secrets.token_hex(5)}"
    settings = [d for d in migrated.get("settings", {}).values() if isinstance(d, dict)]
    evaluations = set()
    if settings:
        evaluations = {e for e in settings[0].get("evaluations", []) if isinstance(e, str)}
        migrated["settings"] = {"1": {"quorum": settings[0].get("quorum", 0.7)}}
    for document in migrated.get("bijeenkomsten", {}).values():
        if isinstance(document, dict) and document.get("id") in evaluations:
            document["evaluation"] = True
    migrated.setdefault("notes", {})
    migrated["meta"] = {"1": {"schema_version": 2}}
    return migrated
