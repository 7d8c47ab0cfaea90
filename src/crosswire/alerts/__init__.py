"""Alerts: a webhook POST when an article matching a query, or a new version of a story, is stored.

    crosswire alerts add --webhook https://hooks.example.org/x --query Kunshan

Firing happens after each ingest, watch round, upload or load (``notify_stored``); delivery goes
through the ``alert_outbox`` table (``deliver``), retried with backoff, never sent twice.
"""
from __future__ import annotations

from .deliver import DeliveryLoop, DeliveryReport, deliver
from .match import matches, notify_stored, parse_query
from .store import (Alert, AlertError, add_alert, deliveries, get_alert, has_active, list_alerts, payload_of,
                    remove_alert)

__all__ = ["Alert", "AlertError", "DeliveryLoop", "DeliveryReport", "add_alert", "deliver", "deliveries",
           "get_alert", "has_active", "list_alerts", "matches", "notify_stored", "parse_query", "payload_of",
           "remove_alert"]
