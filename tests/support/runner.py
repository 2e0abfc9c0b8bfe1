"""The real local runner (`python -m infra.local.runner`) on a free port, driven over HTTP like a client:
started and stopped, its signed-in users, and the emails in its outbox."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_runner(port: int, log_path: Path, *options: str) -> subprocess.Popen[bytes]:
    log = open(log_path, "wb")  # noqa: SIM115 — the runner subprocess writes to it for its whole life
    proc = subprocess.Popen(
        [sys.executable, "-m", "infra.local.runner", "--port", str(port), "--schedule-seconds", "0", *options],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"local runner exited: {log_path.read_text()[-2000:]}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2).status_code == 200:
                return proc
        except requests.RequestException:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"local runner did not start: {log_path.read_text()[-2000:]}")


@contextmanager
def running_runner(log_dir: Path, *options: str) -> Iterator[str]:
    """A local runner on a free port for the block's duration (`options` are the runner's command-line
    options); yields its base URL."""
    port = free_port()
    proc = start_runner(port, log_dir / "runner.log", *options)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


class Client:
    """A signed-in user of the local runner."""

    def __init__(self, base: str, email: str, role: str, partner_id: str | None = None):
        self.base, self.email, self.role, self.partner_id = base, email, role, partner_id
        body = {"email": email, "role": role, **({"partner_id": partner_id} if partner_id else {})}
        self.token = requests.post(f"{base}/local/tokens", json=body, timeout=10).json()["token"]
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {self.token}", "Accept": "application/json"})

    def request(self, method: str, path: str, **kw: Any) -> requests.Response:
        return self.session.request(method, self.base + path, timeout=30, **kw)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> requests.Response:
        return self.request("POST", path, json=json, **kw)

    def patch(self, path: str, json: Any = None, **kw: Any) -> requests.Response:
        return self.request("PATCH", path, json=json, **kw)


def user_maker(base: str, email_prefix: str = "") -> Callable[..., Client]:
    """`make(role, partner_id, email)`: a new signed-in user of the runner at `base` (program staff have no
    partner)."""

    def make(role: str = "incentives-admin", partner_id: str | None = "P-1001", email: str | None = None) -> Client:
        email = email or f"{email_prefix}{role.split('-')[-1]}-{uuid.uuid4().hex[:8]}@example.com"
        return Client(base, email, role, None if role in ("reviewer", "program-admin") else partner_id)

    return make


def outbox(base: str, to: str | None = None) -> list[dict[str, Any]]:
    items = requests.get(f"{base}/local/outbox", timeout=10).json()["items"]
    return [m for m in items if to is None or any(to.lower() in str(a).lower() for a in m["to"])]


def wait_for_mail(
    base: str, to: str, wanted: Callable[[dict[str, Any]], bool], count: int = 1, timeout: float = 15
) -> list[dict[str, Any]]:
    """`to`'s emails that `wanted` picks, once there are `count` of them: emails go out from the table's
    stream, after the request that caused them, so a reader waits (in wall time, bounded) and then
    checks there is no extra one."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in outbox(base, to) if wanted(m)]
        if len(found) >= count or time.monotonic() > deadline:
            assert len(found) == count, f"{len(found)} emails to {to}, expected {count}: {found}"
            return found
        time.sleep(0.1)
