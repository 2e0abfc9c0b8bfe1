"""The API reference at /docs (infra/local/apidocs.py): a page of this origin's scripts and styles only, under a
strict Content-Security-Policy, that in headless Chromium renders every operation of /openapi.json, with who
may call it and its examples, while no request leaves 127.0.0.1."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from werkzeug.datastructures import Headers

from infra.local.apidocs import ApiDocs
from shared.api.openapi_examples import REQUESTS
from shared.api.routes import ROUTES

pytestmark = pytest.mark.e2e
UI_TIMEOUT = 30_000  # ms: the first render parses a 1.7 MB bundle and the document (CI has 2 busy cores)


class Assets(HTMLParser):
    """The scripts (src, inline text) and stylesheets/icons (href) a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[str | None, str]] = []
        self.links: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.scripts.append((values.get("src"), ""))
            self._in_script = True
        elif tag == "link" and values.get("href"):
            self.links.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            src, text = self.scripts[-1]
            self.scripts[-1] = (src, text + data)


def test_docs_is_a_page_of_same_origin_scripts_under_a_strict_policy(runner):
    reply = requests.get(f"{runner}/docs", timeout=30)
    assert reply.status_code == 200 and reply.headers["Content-Type"].startswith("text/html")
    csp = reply.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "script-src" not in csp and "'unsafe-" not in csp and "http" not in csp  # this origin, nothing inline
    assert reply.headers["X-Content-Type-Options"] == "nosniff" and reply.headers["X-Frame-Options"] == "DENY"
    assert "/openapi.json" in reply.text  # the document it shows, from this origin

    page = Assets()
    page.feed(reply.text)
    assert len(page.scripts) >= 2, "the reference is rendered by scripts"  # Swagger UI and its initializer
    origin = urlsplit(runner).netloc
    for src, inline in page.scripts:
        assert src and not inline.strip(), f"inline script: {inline[:80]!r}"
        url = urljoin(reply.url, src)
        assert urlsplit(url).netloc == origin, url
        script = requests.get(url, timeout=30)
        assert script.status_code == 200 and script.headers["Content-Type"].startswith("text/javascript"), url
        assert script.headers["Content-Security-Policy"] == csp
    for href in page.links:
        url = urljoin(reply.url, href)
        assert urlsplit(url).netloc == origin and requests.get(url, timeout=30).status_code == 200, url
    bundle = requests.get(f"{runner}/docs/swagger-ui-bundle.js", headers={"Accept-Encoding": "gzip"}, timeout=30)
    assert "SwaggerUIBundle" in bundle.text and bundle.headers["Content-Encoding"] == "gzip"
    again = requests.get(
        f"{runner}/docs/swagger-ui-bundle.js",
        timeout=30,
        headers={"Accept-Encoding": "gzip", "If-None-Match": bundle.headers["ETag"]},
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/docs/package.json",
        "/docs/swagger-ui-bundle.js.map",
        "/docs/LICENSE",
        "/docs/%2e%2e/web/package.json",
        "/docs/oauth2-redirect.html",
    ],
)
def test_docs_serves_only_the_files_of_the_page(runner, path):
    reply = requests.get(runner + path, timeout=30)
    assert reply.status_code == 404 and reply.headers["Content-Type"].startswith("text/html"), path
    assert "Content-Security-Policy" in reply.headers


def test_docs_is_only_read(runner):
    reply = requests.post(f"{runner}/docs", timeout=30)
    assert reply.status_code == 405 and reply.headers["Allow"] == "GET, HEAD"


def test_without_the_package_docs_says_how_to_install_it(tmp_path):
    status, headers, body = ApiDocs(dist=tmp_path / "swagger-ui-dist").serve("GET", "/docs", Headers())
    assert status == 503 and headers["Content-Type"].startswith("text/html")
    assert b"make run" in body and b"/openapi.json" in body and headers["Retry-After"]


@pytest.mark.browser
def test_the_reference_renders_every_operation_offline(browser, runner):
    origin = urlsplit(runner).netloc
    left, problems = [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def only_this_origin(route):  # the network is closed: anything not for the runner is refused and noted
        if urlsplit(route.request.url).netloc == origin:
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_origin)
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        assert page.goto(f"{runner}/docs").status == 200
        operations = page.locator(".opblock")
        operations.first.wait_for(timeout=UI_TIMEOUT)
        assert operations.count() == len(ROUTES)  # every operation of the table, in its function's tag
        assert page.locator(".opblock-tag").count() == len({r.function for r in ROUTES})

        summary = "Open the claim of a consented nomination"
        operation = page.locator(".opblock-post", has_text=summary).filter(has_text="/claims").first
        operation.locator(".opblock-summary-description").get_by_text(summary).click()
        body = operation.locator(".opblock-body")
        body.wait_for(timeout=UI_TIMEOUT)
        text = body.inner_text()
        assert "Roles: partner admins (incentives-admin), partner users (incentives-user)" in text
        assert "x-roles" in text  # the extension, shown as such
        example = REQUESTS[("POST", "/claims")]["application/json"]["open"]["value"]
        assert json.dumps(example["nomination_id"]) in text  # the document's example, not one made from the schema
    finally:
        context.close()
    assert not left, f"requests left 127.0.0.1: {left}"
    assert not problems, problems  # a Content-Security-Policy violation is a console error
