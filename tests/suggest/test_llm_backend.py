"""The optional language-model backend, against a small local server speaking the OpenAI chat API."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from qualcode.errors import ValidationError
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.models import AuditEvent, Coder, Coding, Document
from qualcode.suggest.llm import ConfirmationNeeded, prompt_hash
from qualcode.suggest.llm_run import run_llm


class ChatServer(BaseHTTPRequestHandler):
    """Codes `licence` where a passage says "licence" (protocol only: no model behind it)."""

    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 - the http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        user = body["messages"][1]["content"]
        passages = re.split(r"Passage (\d+):\n", user)[1:]
        answer = {
            n: (["licence"] if "licence" in text else [])
            for n, text in zip(passages[::2], passages[1::2], strict=True)
        }
        payload = {"choices": [{"message": {"role": "assistant", "content": json.dumps(answer)}}]}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def chat_server(monkeypatch):
    ChatServer.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), ChatServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("QUALCODE_LLM_URL", f"http://127.0.0.1:{server.server_port}/v1")
    monkeypatch.setenv("QUALCODE_LLM_MODEL", "tiny")
    monkeypatch.setenv("QUALCODE_LLM_KEY", "secret")
    yield ChatServer
    server.shutdown()


def test_the_llm_codes_units_as_an_assistant(synthetic_url, chat_server):
    with session_scope(synthetic_url) as session:
        result = run_llm(session, current_project(session), ("P1.txt",), "paragraph")
        coder = session.query(Coder).filter_by(name="llm-assistant").one()
        codings = session.query(Coding).filter_by(coder_id=coder.id, deleted_at=None).all()
        text = session.get(Document, codings[0].document_id).text if codings else ""
    assert coder.role == "assistant"
    assert result["suggestions"]["licence"] == len(codings) > 0
    assert all("licence" in text[c.start : c.end] for c in codings)
    request = chat_server.requests[0]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer secret"
    assert (
        request["body"]["model"] == "tiny"
        and "key: licence" in request["body"]["messages"][0]["content"]
    )


def test_each_call_is_audited_with_model_and_prompt_hash(synthetic_url, chat_server):
    with session_scope(synthetic_url) as session:
        run_llm(session, current_project(session), ("P1.txt",), "paragraph", actor="alice")
        events = session.query(AuditEvent).filter_by(action="suggest.llm_call").all()
    sent = chat_server.requests
    assert len(events) == len(sent) > 0
    first = sent[0]["body"]["messages"]
    assert events[0].detail["prompt_sha256"] == prompt_hash(
        first[0]["content"], first[1]["content"]
    )
    assert events[0].detail["model"] == "tiny" and events[0].actor == "alice"


def test_text_goes_to_another_host_only_when_confirmed(synthetic_url, monkeypatch):
    monkeypatch.setenv("QUALCODE_LLM_URL", "https://llm.example.org/v1")
    with (
        session_scope(synthetic_url) as session,
        pytest.raises(ConfirmationNeeded, match="llm.example.org"),
    ):
        run_llm(session, current_project(session), ("P1.txt",), "paragraph")


def test_the_backend_is_off_unless_configured(synthetic_url, monkeypatch):
    monkeypatch.delenv("QUALCODE_LLM_URL", raising=False)
    with (
        session_scope(synthetic_url) as session,
        pytest.raises(ValidationError, match="off by default"),
    ):
        run_llm(session, current_project(session))
