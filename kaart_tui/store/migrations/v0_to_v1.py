"""Schema 0 -> 1.

Schema 0 is the unversioned layout: no ``meta`` table, themes and entries kept the step
as its number (``"stap": 1`` for waarden ... ``5`` for acties), and attendance was a
boolean (``"aanwezig": true``). Schema 1 names the step (``"step": "waarden"``), stores
attendance as a status, and records the schema version.
"""

from __future__ import annotations

from typing import Any

STEP_KEYS = {1: "waarden", 2: "relaties", 3: "handelen", 4: "voorwaarden", 5: "acties"}


def _renamed_step(document: dict[str, Any]) -> dict[str, Any]:
    document = dict(document)
    if "stap" in document:
        number = document.pop("stap")
        document["step"] = STEP_KEYS.get(number, number)  # unknown: let validation name it
    return document


def _status(document: dict[str, Any]) -> dict[str, Any]:
    document = dict(document)
    if "aanwezig" in document:
        document["status"] = "aanwezig" if document.pop("aanwezig") else "afwezig"
    return document


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    migrated = dict(data)
    for table in ("themes", "entries"):
        migrated[table] = {k: _renamed_step(d) for k, d in data.get(table, {}).items()}
    migrated["attendance"] = {k: _status(d) for k, d in data.get("attendance", {}).items()}
    migrated["meta"] = {"1": {"schema_version": 1}}
    return migrated
