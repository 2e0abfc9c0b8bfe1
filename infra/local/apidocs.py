"""The API reference the local runner serves at /docs: Swagger UI reading /openapi.json from this origin.

- Swagger UI comes from the `swagger-ui-dist` npm package, pinned in web/package.json and installed by
  `npm ci` into web/node_modules (`make run` does it; another folder with `SWAGGER_UI_DIST`). Nothing is
  fetched from anywhere else: the page works with the network closed (docs/decisions.md).
- `GET /docs` is the page; `/docs/<file>` is one of the few package files it loads, or its initializer
  (`/docs/init.js`, a file because the policy below allows no inline script) and its stylesheet.
- The page keeps the runner's strict security headers with its own Content-Security-Policy: scripts, styles,
  fonts and requests from this origin only, images also as data: URLs (the icons in Swagger UI's stylesheet).
  Unlike the web app it needs no inline styles and no other origin. "Try it out" calls this same origin.
- Without web/node_modules, `/docs` answers a short 503 page saying how to install it; /openapi.json still works.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.local.webapp import NO_CACHE, ROOT, Answer, WebApp
from infra.web_headers import security_headers

PREFIX = "/docs"
DEFAULT_DIST = ROOT / "web" / "node_modules" / "swagger-ui-dist"
# The package's files the page loads (the rest of the package, e.g. its ES modules and maps, is not served)
FILES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "index.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
    "favicon-16x16.png": "image/png",
}


def content_security_policy() -> str:
    """Everything from this origin (the page, Swagger UI, /openapi.json, "Try it out"); images also data: (the
    stylesheet's SVG icons); no inline script or style, no eval, no framing."""
    return (
        "default-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'none'; object-src 'none'"
    )


INIT_JS = """\
// Swagger UI on the document named by #swagger-ui's data-url (served by infra/local/apidocs.py)
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.url,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",  // no top bar: this page shows this API's document only
    presets: [SwaggerUIBundle.presets.apis],
    deepLinking: true,
    filter: true,
    showExtensions: true,  // x-roles
    displayRequestDuration: true,
    defaultModelsExpandDepth: 0,
    validatorUrl: null,  // never ask validator.swagger.io about the document
    queryConfigEnabled: false,  // ?url=... cannot point the page at another document
    persistAuthorization: false  // a token pasted into Authorize is forgotten with the page
  });
});
"""

LOCAL_CSS = """\
.local-note { max-width: 1460px; margin: 0 auto; padding: 12px 20px 0; font: 14px/1.5 sans-serif; color: #3b4151; }
.local-note code { background: #eef0f3; padding: 1px 4px; border-radius: 3px; }
"""

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Workshop Claims API reference (local)</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="stylesheet" href="/docs/index.css">
<link rel="stylesheet" href="/docs/local.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
<p class="local-note">The local runner's API. To call the signed-in routes with <b>Try it out</b>, get a token
from <code>POST /local/tokens</code> (the demo users: <code>GET /local/users</code>) and paste it into
<b>Authorize</b>. The OpenAPI document itself: <a href="/openapi.json">/openapi.json</a>.</p>
<noscript><p class="local-note">This reference needs JavaScript; the document is at
<a href="/openapi.json">/openapi.json</a>.</p></noscript>
<div id="swagger-ui" data-url="/openapi.json"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
"""


@dataclass
class ApiDocs(WebApp):
    """Answers `/docs` and `/docs/…` for the runner; `dist` is the swagger-ui-dist package folder (its files
    go out like the web app's: ETag, revalidated, gzipped when the browser takes it)."""

    def __post_init__(self) -> None:
        self.dist = Path(self.dist or os.environ.get("SWAGGER_UI_DIST") or DEFAULT_DIST).resolve()

    @staticmethod
    def handles(path: str) -> bool:
        return path == PREFIX or path.startswith(PREFIX + "/")

    def serve(self, method: str, path: str, headers: Any) -> Answer:
        if method not in ("GET", "HEAD"):
            return self._page(405, "Method not allowed", "The API reference is only read.", {"Allow": "GET, HEAD"})
        assert self.dist is not None
        if not (self.dist / "swagger-ui-bundle.js").is_file():
            return self._page(
                503,
                "The API reference is not installed",
                "Run make run in the project folder: it installs the web packages (npm ci in web/), "
                "Swagger UI among them. The OpenAPI document is at /openapi.json.",
                {"Retry-After": "30"},
            )
        name = path[len(PREFIX) + 1 :]
        if path in (PREFIX, PREFIX + "/"):
            return self._file_answer(PAGE.encode(), "text/html; charset=utf-8", NO_CACHE, headers)
        if name == "init.js":
            return self._file_answer(INIT_JS.encode(), "text/javascript; charset=utf-8", NO_CACHE, headers)
        if name == "local.css":
            return self._file_answer(LOCAL_CSS.encode(), "text/css; charset=utf-8", NO_CACHE, headers)
        if name in FILES:
            return self._send_file(self.dist / name, FILES[name], NO_CACHE, headers)
        return self._page(404, "Not found", "There is no such file in the API reference.")

    def _answer(self, status: int, headers: dict[str, str], body: bytes) -> Answer:
        strict = {**security_headers(""), "Content-Security-Policy": content_security_policy()}
        return status, {**strict, **headers}, body
