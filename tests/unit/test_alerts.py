"""newsdw.ops.alerts against real servers on 127.0.0.1: the webhook POST (JSON payload, timeout,
errors logged not raised) and the optional SMTP mail."""

from __future__ import annotations

import datetime as dt
import json
import logging
import socketserver
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsdw.ops import alerts

SECRET_PATH = "/hooks/T000/B000/s3cr3t-token"


class _TaskInstance:
    dag_id = "news_daily"
    task_id = "validate_raw"
    run_id = "scheduled__2024-04-20T00:00:00+00:00"


ERROR = (
    "raw validation failed for 2024-04-20 (run scheduled__2024-04-20T00:00:00+00:00): "
    "1 critical expectation(s) failed\n- expect_column_values_to_be_unique on "
    "raw.articles.article_id: 2 of 20 unexpected (10.0%); offending values: 'art_1'"
)


def _context() -> dict:
    return {
        "task_instance": _TaskInstance(),
        "run_id": _TaskInstance.run_id,
        "logical_date": dt.datetime(2024, 4, 20, tzinfo=dt.UTC),
        "exception": RuntimeError(ERROR),
    }


EXPECTED = {
    "dag_id": "news_daily",
    "run_id": "scheduled__2024-04-20T00:00:00+00:00",
    "task_id": "validate_raw",
    "logical_date": "2024-04-20T00:00:00+00:00",
    "error": ERROR,
}


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(  # type: ignore[attr-defined]
            (self.path, self.headers["Content-Type"], json.loads(body))
        )
        time.sleep(self.server.delay)  # type: ignore[attr-defined]
        try:
            self.send_response(self.server.status)  # type: ignore[attr-defined]
            self.end_headers()
            self.wfile.write(b"ok")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.received, server.status, server.delay = [], 200, 0.0  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}{SECRET_PATH}"


@pytest.fixture(autouse=True)
def _no_alert_env(monkeypatch) -> None:
    monkeypatch.delenv(alerts.ENV_WEBHOOK, raising=False)
    monkeypatch.delenv(alerts.ENV_EMAIL, raising=False)


def test_without_configuration_the_failure_is_only_logged(caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="newsdw.ops.alerts"):
        payload = alerts.report_failure(_context())
    assert payload == EXPECTED
    [record] = caplog.records
    assert "news_daily run scheduled__2024-04-20" in record.getMessage()
    assert "validate_raw" in record.getMessage() and "raw.articles.article_id" in record.message


def test_the_webhook_gets_the_json_payload(hook, monkeypatch, caplog) -> None:
    monkeypatch.setenv(alerts.ENV_WEBHOOK, _url(hook))
    with caplog.at_level(logging.INFO, logger="newsdw.ops.alerts"):
        alerts.report_failure(_context())
    [(path, content_type, body)] = hook.received
    assert path == SECRET_PATH and content_type == "application/json"
    assert body == EXPECTED
    assert "s3cr3t" not in caplog.text  # the webhook's secret stays out of the logs
    assert "failure alert posted to http://127.0.0.1:" in caplog.text


def test_a_plain_dict_context_works_too(hook, monkeypatch) -> None:
    monkeypatch.setenv(alerts.ENV_WEBHOOK, _url(hook))
    alerts.report_failure({"dag_id": "news_daily", "run_id": "manual__1", "task_id": "publish",
                           "logical_date": "2024-04-21", "error": "disk full"})
    [(_, _, body)] = hook.received
    assert body == {"dag_id": "news_daily", "run_id": "manual__1", "task_id": "publish",
                    "logical_date": "2024-04-21", "error": "disk full"}


def test_a_failing_webhook_is_logged_not_raised(hook, monkeypatch, caplog) -> None:
    hook.status = 500
    monkeypatch.setenv(alerts.ENV_WEBHOOK, _url(hook))
    with caplog.at_level(logging.ERROR, logger="newsdw.ops.alerts"):
        payload = alerts.report_failure(_context())
    assert payload == EXPECTED and len(hook.received) == 1
    assert "could not post the failure alert" in caplog.text and "500" in caplog.text
    assert "s3cr3t" not in caplog.text


def test_a_slow_webhook_times_out(hook, caplog) -> None:
    hook.delay = 3.0
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="newsdw.ops.alerts"):
        assert alerts.post_webhook(_url(hook), EXPECTED, timeout=0.3) is False
    assert time.monotonic() - started < 2.5
    assert "timed out" in caplog.text.lower()


def test_an_unreachable_webhook_is_logged_not_raised(monkeypatch, caplog) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    port = server.server_address[1]
    server.server_close()  # nothing listens there any more
    monkeypatch.setenv(alerts.ENV_WEBHOOK, f"http://127.0.0.1:{port}/hook")
    with caplog.at_level(logging.ERROR, logger="newsdw.ops.alerts"):
        alerts.report_failure(_context())
    assert "could not post the failure alert" in caplog.text
    assert "/hook" not in caplog.text


def test_the_default_timeout_is_five_seconds() -> None:
    assert alerts.WEBHOOK_TIMEOUT == 5.0


# --- email --------------------------------------------------------------------------------------


class _SMTP(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: EHLO, MAIL, RCPT, DATA, QUIT."""

    def handle(self) -> None:
        def reply(line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")

        reply("220 test ESMTP")
        data: list[str] | None = None
        while raw := self.rfile.readline():
            line = raw.decode().rstrip("\r\n")
            if data is not None:
                if line == ".":
                    self.server.messages.append("\n".join(data))  # type: ignore[attr-defined]
                    data = None
                    reply("250 queued")
                else:
                    data.append(line[1:] if line.startswith("..") else line)
                continue
            verb = line[:4].upper()
            if verb in ("MAIL", "RCPT"):
                self.server.envelope.append(line)  # type: ignore[attr-defined]
            if verb == "DATA":
                data = []
                reply("354 go ahead")
            elif verb == "QUIT":
                reply("221 bye")
                return
            else:
                reply("250 ok")


@pytest.fixture
def smtp_server(monkeypatch, tmp_path) -> Iterator[socketserver.ThreadingTCPServer]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTP)
    server.daemon_threads = True
    server.messages, server.envelope = [], []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("AIRFLOW_HOME", str(tmp_path / "airflow"))
    monkeypatch.setenv("AIRFLOW__SMTP__SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("AIRFLOW__SMTP__SMTP_PORT", str(server.server_address[1]))
    monkeypatch.setenv("AIRFLOW__SMTP__SMTP_MAIL_FROM", "airflow@example.org")
    monkeypatch.setenv("AIRFLOW__SMTP__SMTP_STARTTLS", "False")
    monkeypatch.setenv("AIRFLOW__SMTP__SMTP_SSL", "False")
    yield server
    server.shutdown()
    server.server_close()


def test_the_alert_is_mailed_when_an_address_is_set(smtp_server, monkeypatch) -> None:
    monkeypatch.setenv(alerts.ENV_EMAIL, "oncall@example.org, data@example.org")
    alerts.report_failure(_context())
    [message] = smtp_server.messages
    subject = "Subject: [newsdw] news_daily failed: validate_raw (2024-04-20T00:00:00+00:00)"
    assert subject in message
    assert "From: airflow@example.org" in message
    assert "raw.articles.article_id" in message
    assert sum(line.upper().startswith("RCPT") for line in smtp_server.envelope) == 2


def test_an_unreachable_mail_server_is_logged_not_raised(smtp_server, monkeypatch, caplog) -> None:
    monkeypatch.setenv("AIRFLOW__SMTP__SMTP_PORT", "1")  # nothing listens on port 1
    monkeypatch.setenv(alerts.ENV_EMAIL, "oncall@example.org")
    with caplog.at_level(logging.ERROR, logger="newsdw.ops.alerts"):
        assert alerts.report_failure(_context()) == EXPECTED
    assert "could not mail the failure alert to oncall@example.org" in caplog.text


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:99999/hooks/T0KEN-SECRET-123",  # port out of range
    "http://[::1/hooks/T0KEN-SECRET-123",  # malformed host
    "ftp://example.invalid/hooks/T0KEN-SECRET-123",  # no HTTP adapter
    "not a url at all T0KEN-SECRET-123",
])
def test_report_failure_never_raises_whatever_the_webhook(url, monkeypatch, caplog) -> None:
    monkeypatch.setenv(alerts.ENV_WEBHOOK, url)
    with caplog.at_level("INFO"):
        payload = alerts.report_failure({"dag_id": "news_daily", "task_id": "load_raw",
                                         "exception": RuntimeError("boom")})
    assert payload["error"] == "boom"
    assert "T0KEN-SECRET-123" not in caplog.text


def test_report_failure_survives_an_unreadable_context(caplog) -> None:
    class Hostile:
        def get(self, key, default=None):
            raise RuntimeError("no context")

    with caplog.at_level("INFO"):
        alerts.report_failure(Hostile())
    assert "could not be read" in caplog.text


def test_a_webhook_secret_with_a_space_never_reaches_the_log(monkeypatch, caplog) -> None:
    url = "http://127.0.0.1:9/hooks/my secret token/x?key=abc def ghi"
    monkeypatch.setenv(alerts.ENV_WEBHOOK, url)
    with caplog.at_level("INFO"):
        alerts.report_failure({"dag_id": "d", "task_id": "t",
                               "exception": RuntimeError(f"failed posting {url}")})
    for secret in ("my secret token", "my%20secret%20token", "my+secret+token", "abc def ghi",
                   "abc%20def%20ghi", "abc+def+ghi"):
        assert secret not in caplog.text, secret
    assert "127.0.0.1" in caplog.text  # the host is still said
