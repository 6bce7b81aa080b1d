"""The server hands nothing to OpenTelemetry, even where a provider is installed.

FastAPI traces every request, and records validation failures and unhandled exceptions
with their messages, as soon as the process has an OpenTelemetry provider (an operator's
auto-instrumentation installs one). Those spans and records would carry the concrete paths
(a record's id) and messages that can hold what a person typed, which the server's own logs
leave out (``consent_server.log_format``, the access log's route templates).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from consent_server.crypto import generate_data_key

# A process with a tracer provider installed the way auto-instrumentation does (the
# global one); it records every span started, and prints them after a few requests.
PROGRAM = textwrap.dedent(
    """
    import json, sys
    from opentelemetry import trace
    from opentelemetry.trace import INVALID_SPAN_CONTEXT, NonRecordingSpan

    spans = []

    class RecordingTracer(trace.Tracer):
        def start_span(self, name, context=None, kind=None, attributes=None, *args, **kwargs):
            spans.append({"name": name, "attributes": dict(attributes or {})})
            return NonRecordingSpan(INVALID_SPAN_CONTEXT)

        def start_as_current_span(self, name, *args, **kwargs):
            return trace.use_span(self.start_span(name, *args, **kwargs), end_on_exit=True)

    class RecordingProvider(trace.TracerProvider):
        def get_tracer(self, *args, **kwargs):
            return RecordingTracer()

    trace.set_tracer_provider(RecordingProvider())

    from fastapi.testclient import TestClient
    from pydantic import SecretStr
    from consent_server.app import create_app
    from consent_server.settings import ServerSettings

    database, key = sys.argv[1], sys.argv[2]
    app = create_app(ServerSettings(database_url=database, data_key=SecretStr(key)))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get("/v1/health").status_code == 200
        record = "/v1/subjects/6f1c2d3e-0000-4000-8000-000000000001/preferences"
        assert client.get(record, headers={"Authorization": "Bearer x"}).status_code == 401
        typed = {"username": "Jansen 06-12345678", "passphrase": 3}
        assert client.post("/v1/sessions", json=typed).status_code == 422
    print(json.dumps(spans))
    """
)


def test_no_span_is_started_where_a_tracer_provider_is_installed(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'server.db'}"
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, database, generate_data_key()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    spans = json.loads(done.stdout.strip().splitlines()[-1])
    assert spans == []
