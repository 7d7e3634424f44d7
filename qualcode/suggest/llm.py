"""An optional language-model backend for suggestions: an OpenAI-compatible endpoint the team chose.

Off by default: it runs only when `QUALCODE_LLM_URL` names an endpoint (`QUALCODE_LLM_MODEL` the
model, `QUALCODE_LLM_KEY` an API key, all from the environment). The prompt is built from the
codebook alone (definitions, include and exclude rules, examples) plus the units to code. Text
leaves this machine only after the person confirms it when the host is not local, and every call
is recorded in the audit log (host, model, a hash of the prompt, the units sent). The answer is
read as JSON; a unit the model leaves out gets no code.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlparse

from qualcode.errors import QualcodeError, ValidationError
from qualcode.store.models import Code

BATCH = 20
TIMEOUT = 120


class ConfirmationNeeded(QualcodeError):
    """Sending text to a host that is not this machine needs the person's explicit yes."""


@dataclass(frozen=True)
class Endpoint:
    url: str
    model: str
    key: str

    @property
    def host(self) -> str:
        return urlparse(self.url).hostname or ""

    @property
    def is_local(self) -> bool:
        host = self.host
        if host in ("localhost", "localhost.localdomain"):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False


def configured_endpoint(environ: dict[str, str] | None = None) -> Endpoint | None:
    """The endpoint the environment names, or None (the backend is off)."""
    environ = os.environ if environ is None else environ
    url = environ.get("QUALCODE_LLM_URL", "").strip()
    if not url:
        return None
    if urlparse(url).scheme not in ("http", "https"):
        raise ValidationError(f"QUALCODE_LLM_URL must be an http(s) URL, not {url!r}")
    return Endpoint(url.rstrip("/"), environ.get("QUALCODE_LLM_MODEL", "").strip() or "default",
                    environ.get("QUALCODE_LLM_KEY", ""))  # fmt: skip


def codebook_prompt(codes: list[Code]) -> str:
    """The system prompt: the task and every code with its rules and examples."""
    lines = [
        "You code interview transcripts for a qualitative study. For each numbered passage, list "
        "the keys of every code below that applies, following each code's definition and its "
        "include and exclude rules. Answer with one JSON object mapping each passage number to a "
        'list of code keys, e.g. {"1": ["key_a"], "2": []}, and nothing else.',
        "",
        "Codes:",
    ]
    for code in codes:
        lines.append(f"- key: {code.key}; name: {code.name}")
        for label, text in (("definition", code.definition), ("include", code.include),
                            ("exclude", code.exclude)):  # fmt: skip
            if text:
                lines.append(f"  {label}: {text}")
        for example in code.examples or []:
            lines.append(f"  example: {example}")
    return "\n".join(lines)


def passages_prompt(texts: list[str]) -> str:
    return "\n\n".join(f"Passage {i + 1}:\n{text}" for i, text in enumerate(texts))


def prompt_hash(system: str, user: str) -> str:
    return hashlib.sha256(f"{system}\n\n{user}".encode()).hexdigest()


def _request(endpoint: Endpoint, system: str, user: str) -> str:
    body = json.dumps({"model": endpoint.model, "temperature": 0,
                       "messages": [{"role": "system", "content": system},
                                    {"role": "user", "content": user}]}).encode()  # fmt: skip
    headers = {"Content-Type": "application/json"}
    if endpoint.key:
        headers["Authorization"] = f"Bearer {endpoint.key}"
    request = urllib.request.Request(
        f"{endpoint.url}/chat/completions", body, headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - the user's own endpoint
            answer = json.loads(response.read())
        return answer["choices"][0]["message"]["content"]
    except (urllib.error.URLError, OSError) as exc:
        raise ValidationError(f"{endpoint.url}: the language model did not answer ({exc})") from exc
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ValidationError(
            f"{endpoint.url}: not an OpenAI-compatible chat answer ({exc})"
        ) from exc


def _parse(content: str, n: int, keys: set[str]) -> list[set[str]]:
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValidationError(f"the language model's answer is not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ValidationError("the language model's answer is not a JSON object of passages")
    return [
        {k for k in data.get(str(i + 1), []) if isinstance(k, str) and k in keys}
        if isinstance(data.get(str(i + 1), []), list) else set()
        for i in range(n)
    ]  # fmt: skip


def code_units(
    endpoint: Endpoint, codes: list[Code], texts: list[str], confirmed: bool
) -> tuple[list[set[str]], list[dict]]:
    """The code keys the model gives each text, and one record per call (for the audit log)."""
    if not endpoint.is_local and not confirmed:
        raise ConfirmationNeeded(
            f"sending transcript text to {endpoint.host} (not this machine) needs confirmation: "
            "confirm it in the app, or pass --send-text-to-llm"
        )
    system, keys = codebook_prompt(codes), {c.key for c in codes}
    answers, calls = [], []
    for start in range(0, len(texts), BATCH):
        batch = texts[start : start + BATCH]
        user = passages_prompt(batch)
        answers += _parse(_request(endpoint, system, user), len(batch), keys)
        calls.append({"host": endpoint.host, "model": endpoint.model,
                      "prompt_sha256": prompt_hash(system, user), "units": len(batch)})  # fmt: skip
    return answers, calls
