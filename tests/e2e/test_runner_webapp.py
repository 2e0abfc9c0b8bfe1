"""The web app as the local runner serves it (infra/local/webapp.py, web/README.md): `/` → `/app/`, the Vite
build's files with their types and caching, the single-page app's client routes, the runtime config, strict
security headers on every answer, and a 503 page saying how to build the app when there is no build.

A runner of its own serves a tiny fake build (WEB_DIST) without the demo seed, so these tests know every
file; the session runner (whatever web/dist holds) is checked for what never depends on the build."""

from __future__ import annotations

import gzip
import os
import re
import uuid
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from werkzeug.datastructures import Headers

from infra.local.webapp import WebApp
from infra.web_headers import content_security_policy
from tests.support.runner import outbox, running_runner, user_maker

pytestmark = pytest.mark.e2e

INDEX = (
    b'<!doctype html><html lang="en"><head><script type="module" src="/app/assets/index-4f2a9c.js"></script>'
    b'</head><body><div id="root"></div></body></html>'
)
SCRIPT = b"console.log('the partner portal');\n" * 100  # big enough to be gzipped
STRICT = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


def fake_build(root: Path) -> Path:
    """What `vite build` (base /app/) leaves in web/dist, in miniature."""
    (root / "assets").mkdir(parents=True)
    (root / ".vite").mkdir()
    (root / "index.html").write_bytes(INDEX)
    (root / "assets" / "index-4f2a9c.js").write_bytes(SCRIPT)
    (root / "assets" / "index-77e1b0.css").write_bytes(b"body{margin:0}")
    (root / "assets" / "logo-19ac.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    (root / "favicon.ico").write_bytes(b"\x00\x00\x01\x00")
    (root / "locales").mkdir()
    (root / "locales" / "nl.json").write_bytes(b'{"submit": "Indienen"}')
    (root / ".vite" / "manifest.json").write_bytes(b"{}")
    return root


@pytest.fixture(scope="module")
def app_runner(tmp_path_factory):
    """A runner serving a fake build, with no demo seed (fast to start)."""
    dist = fake_build(tmp_path_factory.mktemp("dist"))
    with ExitStack() as stack:
        saved = {k: os.environ.get(k) for k in ("WEB_DIST", "DEMO_SEED")}
        os.environ.update(WEB_DIST=str(dist), DEMO_SEED="0")
        try:  # the runner process takes the environment when it starts; nothing else here sees it
            base = stack.enter_context(running_runner(tmp_path_factory.mktemp("app-runner")))
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        yield base


def get(base: str, path: str, **kw) -> requests.Response:
    return requests.get(base + path, allow_redirects=False, timeout=30, **kw)


def assert_strict(reply: requests.Response, s3_origin: str | None = None) -> None:
    for name, value in STRICT.items():
        assert reply.headers[name] == value, (name, reply.headers)
    csp = reply.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "img-src 'self' data: blob:",
        "style-src 'self' 'unsafe-inline'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
    ):
        assert directive in csp, csp
    assert "script-src" not in csp and "'unsafe-eval'" not in csp  # scripts: this origin only (default-src)
    upload = re.search(r"connect-src 'self' (http://127\.0\.0\.1:\d+);", csp)
    assert upload and f"form-action 'self' {upload.group(1)}" in csp, csp  # the presigned POST's S3 endpoint
    if s3_origin:
        assert upload.group(1) == s3_origin
    assert "camera=()" in reply.headers["Permissions-Policy"]


# ---------------------------------------------------------------- over HTTP, a known build
def test_root_redirects_to_the_app(app_runner):
    for path in ("/", "/app"):
        reply = get(app_runner, path)
        assert (reply.status_code, reply.headers["Location"]) == (302, "/app/")
        assert_strict(reply)


def test_the_app_shell_and_its_client_routes_get_index_html_revalidated(app_runner):
    for path in (
        "/app/",
        "/app/sign-in",
        "/app/claims/C-1",
        "/app/engagements/ENG-AI-WORKSHOP/customers?tab=eligible",
        "/app/review/claims/clm_123",
        "/app/index.html",
    ):
        reply = get(app_runner, path)
        assert reply.status_code == 200 and reply.content == INDEX, path
        assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
        assert reply.headers["Cache-Control"] == "no-cache"
        assert_strict(reply)


def test_the_presigned_upload_form_targets_the_origin_the_policy_allows(app_runner):
    """The CSP's upload origin is the very origin of the URL the upload form posts to (moto's S3 locally)."""
    p = user_maker(app_runner)("incentives-admin", "P-1001")
    email = f"ann@c{uuid.uuid4().hex[:8]}.example"
    n = p.post(
        "/engagements/ENG-AI-WORKSHOP/customers",
        json={"location_id": "L-1001", "customer_email": email, "tenant_id": str(uuid.uuid4())},
    ).json()
    assert (
        p.post(
            f"/nominations/{n['nomination_id']}/consent-request",
            json={
                "customer_contact": {"name": "Ann", "email": email},
                "partner_contact": {"name": "Pat", "email": p.email},
            },
        ).status_code
        == 202
    )
    link = next(x for x in outbox(app_runner, email)[-1]["links"] if "/public/consent/" in x)
    assert (
        requests.post(link, json={"decision": "accept"}, headers={"Accept": "application/json"}, timeout=30).status_code
        == 200
    )
    claim = p.post("/claims", json={"nomination_id": n["nomination_id"]}).json()
    form = p.post(
        f"/claims/{claim['claim_id']}/evidence/invoice/upload",
        json={"file_name": "invoice.pdf", "content_type": "application/pdf", "size": 100},
    ).json()
    target = urlsplit(form["url"])
    csp = get(app_runner, f"/app/claims/{claim['claim_id']}").headers["Content-Security-Policy"]
    assert_strict(get(app_runner, "/app/"), s3_origin=f"{target.scheme}://{target.netloc}")
    assert f"connect-src 'self' {target.scheme}://{target.netloc};" in csp


def test_hashed_assets_are_cached_for_a_year_with_their_types(app_runner):
    for path, content_type in (
        ("/app/assets/index-4f2a9c.js", "text/javascript; charset=utf-8"),
        ("/app/assets/index-77e1b0.css", "text/css; charset=utf-8"),
        ("/app/assets/logo-19ac.svg", "image/svg+xml"),
    ):
        reply = get(app_runner, path, headers={"Accept-Encoding": "identity"})
        assert reply.status_code == 200 and reply.headers["Content-Type"] == content_type, path
        assert reply.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "Content-Encoding" not in reply.headers
        assert_strict(reply)
    for path, content_type in (("/app/favicon.ico", "image/x-icon"), ("/app/locales/nl.json", "application/json")):
        reply = get(app_runner, path)  # not content-hashed: revalidated like the shell
        assert (reply.status_code, reply.headers["Content-Type"], reply.headers["Cache-Control"]) == (
            200,
            content_type,
            "no-cache",
        ), path


def test_text_is_gzipped_for_browsers_that_take_it_and_revalidation_is_a_304(app_runner):
    reply = get(app_runner, "/app/assets/index-4f2a9c.js", headers={"Accept-Encoding": "gzip, deflate"}, stream=True)
    raw = reply.raw.read()
    assert reply.headers["Content-Encoding"] == "gzip" and reply.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(raw) == SCRIPT and len(raw) < len(SCRIPT) / 10
    again = get(
        app_runner,
        "/app/assets/index-4f2a9c.js",
        headers={"Accept-Encoding": "gzip", "If-None-Match": reply.headers["ETag"]},
    )
    assert again.status_code == 304 and again.content == b""
    plain = get(app_runner, "/app/assets/index-4f2a9c.js", headers={"Accept-Encoding": "identity"})
    assert plain.headers["ETag"] != reply.headers["ETag"]  # another representation, another tag
    shell = get(app_runner, "/app/")
    assert get(app_runner, "/app/claims/C-9", headers={"If-None-Match": shell.headers["ETag"]}).status_code == 304


def test_the_runtime_config_names_the_local_sign_in_and_this_origin(app_runner):
    reply = get(app_runner, "/app/config.json")
    assert reply.status_code == 200 and reply.headers["Content-Type"] == "application/json"
    assert reply.json() == {"auth": {"provider": "local"}, "api_base_url": ""}
    assert reply.headers["Cache-Control"] == "no-cache"
    assert_strict(reply)


@pytest.mark.parametrize(
    "path",
    [
        "/app/assets/missing-1234.js",
        "/app/missing.png",
        "/app/assets/",
        "/app/.vite/manifest.json",
        "/app/%2e%2e/README.md",
        "/app/..%2fREADME.md",
        "/app/assets/..%2f..%2f..%2fREADME.md",
    ],
)
def test_missing_files_hidden_files_and_escapes_are_404(app_runner, path):
    reply = get(app_runner, path)
    assert reply.status_code == 404 and reply.headers["Content-Type"].startswith("text/html"), path
    assert b"Workshop" not in reply.content and b"README" not in reply.content
    assert_strict(reply)


def test_the_app_is_only_read(app_runner):
    reply = requests.post(app_runner + "/app/claims/C-1", json={}, timeout=30)
    assert reply.status_code == 405 and reply.headers["Allow"] == "GET, HEAD"
    assert requests.head(app_runner + "/app/", timeout=30).status_code == 200


def test_the_api_and_its_documents_are_still_there(app_runner):
    assert get(app_runner, "/openapi.json").json()["openapi"].startswith("3.1")
    assert "/openapi.json" in get(app_runner, "/docs").text
    assert get(app_runner, "/claims").status_code == 401


# ---------------------------------------------------------------- in process: no build
def test_without_a_build_the_app_says_how_to_build_it(tmp_path):
    app = WebApp(s3_origin="http://127.0.0.1:5000", dist=tmp_path / "dist")  # never built
    status, headers, body = app.serve("GET", "/app/claims/C-1", Headers())
    assert status == 503 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"make run" in body and headers["Retry-After"]
    assert headers["Content-Security-Policy"] == content_security_policy("http://127.0.0.1:5000")
    status, _, body = app.serve("GET", "/app/config.json", Headers())  # the config does not need a build
    assert status == 200 and b'"local"' in body
    assert app.serve("GET", "/", Headers())[0] == 302


def test_the_build_folder_comes_from_web_dist_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("WEB_DIST", raising=False)
    assert WebApp().dist == (Path(__file__).resolve().parents[2] / "web" / "dist")
    monkeypatch.setenv("WEB_DIST", str(tmp_path))
    assert WebApp().dist == tmp_path.resolve()


# ---------------------------------------------------------------- the session runner (any build)
def test_the_session_runner_serves_the_app_or_says_how_to_build_it(runner):
    reply = get(runner, "/")
    assert (reply.status_code, reply.headers["Location"]) == (302, "/app/")
    shell = get(runner, "/app/")
    assert shell.status_code in (200, 503) and shell.headers["Content-Type"] == "text/html; charset=utf-8"
    assert_strict(shell)
    assert get(runner, "/app/config.json").json()["auth"] == {"provider": "local"}
