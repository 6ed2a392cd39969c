"""The documented JSON shape of a stored event, shared by the command line and the HTTP API."""

from __future__ import annotations

import json
from typing import Any


def public_event(row: dict[str, Any]) -> dict[str, Any]:
    """One ``events`` row (with its ``actor`` and ``recipient`` members when loaded) as documented JSON."""
    speaker = row.get("speaker")
    return {
        "id": row["event_id"],
        "doc_id": row["doc_id"],
        "type": row["type"],
        "mode": row["mode"],
        "context": list(row["context"] or []),
        "actor": row.get("actor"),
        "recipient": row.get("recipient"),
        "actor_country": list(row["actor_country"] or []),
        "recipient_country": list(row["recipient_country"] or []),
        "date": row["date"],
        "date_granularity": row["date_granularity"],
        "quote": row["sentence"],
        "trigger": row["trigger"],
        "sentence": row["sentence_index"],
        "span": [row["span_start"], row["span_end"]],
        "trigger_span": [row["trigger_start"], row["trigger_end"]],
        "confidence": row["confidence"],
        "cameo": row["cameo"],
        "goldstein": row["goldstein"],
        "quad_class": row["quad_class"],
        "status": row["status"],
        "speaker": json.loads(speaker) if isinstance(speaker, str) else speaker,
        "via": row["via"],
        "rule": row["rule"],
        "explanation": list(row["explanation"] or []),
        "historical": bool(row.get("historical")),
        "place": (
            {
                "name": row["place_name"],
                "country": row["place_country"],
                "lat": row["latitude"],
                "lon": row["longitude"],
            }
            if row.get("place_name")
            else None
        ),
    }
