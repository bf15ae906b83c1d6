"""Failure alerts: what a failed task tells the people who run newsdw.

``report_failure(context)`` is the DAG's ``on_failure_callback`` (any dict with the keys of an
Airflow task context works, so tests and scripts can call it too). It always logs the failure;
with ``NEWSDW_ALERT_WEBHOOK`` set it POSTs the JSON payload ``{dag_id, run_id, task_id,
logical_date, error}`` there (Slack/Teams/alertmanager-style incoming webhooks); with
``NEWSDW_ALERT_EMAIL`` set (comma-separated addresses) it mails it through the SMTP server of
Airflow's ``[smtp]`` config (``AIRFLOW__SMTP__SMTP_HOST`` ...). An alert that cannot be
delivered is logged, never raised: the callback must not mask the task's own failure.

For a failed validation ``error`` is the ``ValidationFailed`` message: the failing
expectations, their tables/columns, offending values and the Data Docs path.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote, unquote, urlsplit

log = logging.getLogger(__name__)

ENV_WEBHOOK = "NEWSDW_ALERT_WEBHOOK"
ENV_EMAIL = "NEWSDW_ALERT_EMAIL"
WEBHOOK_TIMEOUT = 5.0  # seconds, connect and read
SMTP_TIMEOUT = 10.0
ERROR_MAX_CHARS = 8000  # payloads stay small whatever the exception says


def failure_payload(context: Mapping[str, Any]) -> dict[str, str | None]:
    """``{dag_id, run_id, task_id, logical_date, error}`` from an Airflow task context (or a
    plain dict with those keys)."""
    ti = context.get("task_instance") or context.get("ti")
    dag = context.get("dag")
    logical = context.get("logical_date") or context.get("data_interval_start")
    error = context.get("exception") or context.get("error") or context.get("reason")
    return {
        "dag_id": _str(
            getattr(dag, "dag_id", None) or getattr(ti, "dag_id", None) or context.get("dag_id")
        ),
        "run_id": _str(context.get("run_id") or getattr(ti, "run_id", None)),
        "task_id": _str(getattr(ti, "task_id", None) or context.get("task_id")),
        "logical_date": logical.isoformat() if isinstance(logical, dt.date) else _str(logical),
        "error": _str(error)[:ERROR_MAX_CHARS] if error is not None else None,
    }


def report_failure(context: Mapping[str, Any]) -> dict[str, str | None]:
    """Log the failure and send the configured alerts; returns the payload. Never raises: the
    callback must not mask the task's own failure, whatever the context or the configuration
    (a malformed webhook URL, an unreachable mail server) holds."""
    try:
        payload = failure_payload(context)
    except Exception as exc:  # a context we cannot read still gets a log line
        log.error("task failed; its context could not be read for the alert: %s", exc)
        payload = {"dag_id": None, "run_id": None, "task_id": None, "logical_date": None,
                   "error": None}
    try:
        log.error(
            "%s run %s failed in task %s (logical date %s): %s",
            payload["dag_id"], payload["run_id"], payload["task_id"], payload["logical_date"],
            _scrub(str(payload["error"]), os.environ.get(ENV_WEBHOOK, "")),
        )
        url = os.environ.get(ENV_WEBHOOK, "").strip()
        if url:
            post_webhook(url, payload)
        recipients = [a.strip() for a in os.environ.get(ENV_EMAIL, "").split(",") if a.strip()]
        if recipients:
            send_email(recipients, payload)
    except Exception as exc:
        log.error("could not send the failure alert: %s",
                  _scrub(f"{type(exc).__name__}: {exc}", os.environ.get(ENV_WEBHOOK, "")))
    return payload


def post_webhook(url: str, payload: Mapping[str, Any], timeout: float = WEBHOOK_TIMEOUT) -> bool:
    """POST ``payload`` as JSON; False (and a log line) when it could not be delivered."""
    import requests

    try:
        response = requests.post(url, json=dict(payload), timeout=timeout)
        response.raise_for_status()
    except Exception as exc:  # RequestException, and ValueError/LocationParseError on bad URLs
        log.error("could not post the failure alert to %s: %s", _redacted(url),
                  _scrub(f"{type(exc).__name__}: {exc}", url))
        return False
    log.info("failure alert posted to %s", _redacted(url))
    return True


def send_email(recipients: list[str], payload: Mapping[str, Any]) -> bool:
    """Mail the alert through Airflow's SMTP settings; False (and a log line) on any error."""
    try:
        smtp = _smtp_settings()
        message = EmailMessage()
        message["Subject"] = (
            f"[newsdw] {payload['dag_id']} failed: {payload['task_id']} "
            f"({payload['logical_date']})"
        )
        message["From"] = smtp["mail_from"]
        message["To"] = ", ".join(recipients)
        message.set_content(
            "\n".join(f"{key}: {payload[key]}" for key in ("dag_id", "run_id", "task_id",
                                                           "logical_date"))
            + f"\n\n{payload['error']}\n"
        )
        client = smtplib.SMTP_SSL if smtp["ssl"] else smtplib.SMTP
        with client(smtp["host"], smtp["port"], timeout=SMTP_TIMEOUT) as server:
            if smtp["starttls"] and not smtp["ssl"]:
                server.starttls()
            if smtp["user"]:
                server.login(smtp["user"], smtp["password"] or "")
            server.send_message(message)
    except Exception as exc:  # an alert must never fail the callback
        log.error("could not mail the failure alert to %s: %s", ", ".join(recipients), exc)
        return False
    log.info("failure alert mailed to %s", ", ".join(recipients))
    return True


def _smtp_settings() -> dict[str, Any]:
    """Airflow's ``[smtp]`` section (config file or ``AIRFLOW__SMTP__*``)."""
    try:
        from airflow.configuration import conf

        def get(key: str, default: str) -> str:
            return str(conf.get("smtp", key, fallback=default))
    except ImportError:  # outside an Airflow installation: the environment variables only

        def get(key: str, default: str) -> str:
            return os.environ.get(f"AIRFLOW__SMTP__{key.upper()}", default)

    def flag(key: str, default: str) -> bool:
        return get(key, default).strip().lower() in ("1", "true", "yes", "on")

    return {
        "host": get("smtp_host", "localhost"),
        "port": int(get("smtp_port", "25")),
        "mail_from": get("smtp_mail_from", "newsdw@localhost"),
        "starttls": flag("smtp_starttls", "False"),
        "ssl": flag("smtp_ssl", "False"),
        "user": get("smtp_user", "") or None,
        "password": get("smtp_password", "") or None,
    }


def _redacted(url: str) -> str:
    """Webhook URLs carry their secret in the path, query or user info: log scheme and host
    only. Never raises (a port out of range or a malformed URL is still logged)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.netloc.rsplit("@", 1)[-1]  # user:password@ is a secret too
        return f"{parts.scheme}://{host}/…" if parts.scheme and host else "<webhook URL>"
    except Exception:
        return "<webhook URL>"


def _secrets(url: str) -> list[str]:
    """The secret parts of a webhook URL (whole URL, path + query, user info, every path
    segment and query value of 6+ characters), as written and as HTTP clients re-quote them
    (a space in the path becomes %20 in requests' messages)."""
    try:
        parts = urlsplit(url.strip())
    except Exception:
        return [url] if url else []
    pieces = [url.strip(), parts.path + (f"?{parts.query}" if parts.query else ""),
              parts.netloc.rsplit("@", 1)[0] if "@" in parts.netloc else ""]
    pieces += [seg for seg in parts.path.split("/") if len(seg) >= 6]
    pieces += [kv.split("=", 1)[-1] for kv in parts.query.split("&") if len(kv) >= 6]
    out: set[str] = set()
    for piece in pieces:
        if piece.strip("/?"):
            out.update({piece, quote(piece, safe="/:?=&"), quote(piece, safe=""),
                        unquote(piece), piece.replace(" ", "+")})
    return sorted(out, key=len, reverse=True)


def _scrub(text: str, url: str) -> str:
    """Keep the webhook's secret out of a log line: every form of it becomes "…"."""
    if not url:
        return text
    text = text.replace(url, _redacted(url))
    for secret in _secrets(url):
        text = text.replace(secret, "…")
    return text


def _str(value: Any) -> str | None:
    return None if value is None else str(value)
