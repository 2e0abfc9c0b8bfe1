"""The web app, served by the local runner under /app/ (web/README.md), same origin as the API.

- `GET /` redirects to `/app/`; `/app` to `/app/`.
- `/app/<file>` is the file from the Vite build (`web/dist`, built with base `/app/`; another folder with
  `WEB_DIST`). A path without a file extension that is not a file is a client route of the single-page
  app (`/app/claims/C-1`): it gets `index.html`. A missing file with an extension is a 404.
- `/app/config.json` is the runtime configuration the app reads at start (its sign-in provider and the
  API's base URL), made here, so one build runs locally and in AWS.
- `index.html` and `config.json` are revalidated on every load (`no-cache`); `/app/assets/*` carry a
  content hash in their names and are cached for a year (`immutable`). Text is gzipped when the browser
  takes it (a pre-compressed `.br`/`.gz` next to a file is used as is).
- Every answer carries strict security headers: a Content-Security-Policy that allows scripts only from
  this origin, styles from this origin and inline (Fluent UI's Griffel inserts its styles at run time),
  requests to this origin and to the S3 endpoint the presigned upload form posts to, and no framing.
- Without a build, `/app/` answers a short 503 page saying how to build it.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import mimetypes
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, cast

from infra.web_headers import security_headers

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIST = ROOT / "web" / "dist"
PREFIX = "/app"
Answer = tuple[int, dict[str, str], bytes]

NO_CACHE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".txt": "text/plain; charset=utf-8",
    ".wasm": "application/wasm",
    ".pdf": "application/pdf",
}
COMPRESSIBLE = ("text/", "application/json", "application/manifest+json", "image/svg+xml")
MIN_GZIP = 1024


@dataclass
class WebApp:
    """Answers `/` and `/app…` for the runner; `dist` defaults to WEB_DIST or web/dist."""

    s3_origin: str = ""
    dist: Path | None = None
    _gzipped: dict[tuple[str, float, int], bytes] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.dist = Path(self.dist or os.environ.get("WEB_DIST") or DEFAULT_DIST).resolve()

    @staticmethod
    def handles(path: str) -> bool:
        return path == "/" or path == PREFIX or path.startswith(PREFIX + "/")

    def config(self) -> dict:
        """The app's runtime configuration: sign in through the runner's /local/tokens; the API is this origin."""
        return {"auth": {"provider": "local"}, "api_base_url": ""}

    def serve(self, method: str, path: str, headers: Any) -> Answer:
        """The answer to `method path` (`headers`: the request's, for conditional and gzip requests)."""
        if method not in ("GET", "HEAD"):
            return self._page(405, "Method not allowed", "The web app is only read.", {"Allow": "GET, HEAD"})
        if path in ("/", PREFIX):
            return self._answer(302, {"Location": PREFIX + "/", "Cache-Control": NO_CACHE}, b"")
        relative = path[len(PREFIX) + 1 :]
        if relative == "config.json":
            body = json.dumps(self.config()).encode()
            return self._file_answer(body, "application/json", NO_CACHE, headers)
        index = cast(Path, self.dist) / "index.html"  # set in __post_init__
        if not index.is_file():
            return self._page(
                503,
                "The web app is not built yet",
                "Run make run in the project folder: it builds the app (web/dist) before it starts "
                "the runner. The API itself works: see /docs.",
                {"Retry-After": "30"},
            )
        target = self._resolve(relative)
        if target is not None and target.is_dir():
            target = target / "index.html"
        if target is None or not target.is_file():
            if target is None or PurePosixPath(relative).suffix or relative.startswith("assets/"):
                return self._page(404, "Not found", "There is no such file in the web app.")
            target = index  # no file and no extension: a client-side route of the single-page app
        cache = IMMUTABLE if relative.startswith("assets/") and target != index else NO_CACHE
        content_type = (
            TYPES.get(target.suffix.lower()) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        )
        return self._send_file(target, content_type, cache, headers)

    # ------------------------------------------------------------ files
    def _resolve(self, relative: str) -> Path | None:
        """The file under dist that a URL path names; None for anything that would leave dist."""
        from urllib.parse import unquote

        parts = PurePosixPath(unquote(relative)).parts
        if relative.startswith("/") or any(p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
            return None  # no way out of dist, and no dot-files (the build's .vite/ manifest)
        assert self.dist is not None
        target = self.dist.joinpath(*parts).resolve() if parts else self.dist
        if target != self.dist and self.dist not in target.parents:
            return None
        return target

    def _send_file(self, target: Path, content_type: str, cache: str, headers: Any) -> Answer:
        """The file, in the best encoding the request takes; 304 when the browser's copy is current. Each
        encoding is its own representation, with its own ETag."""
        stat = target.stat()
        tag = hashlib.sha256(f"{target}:{stat.st_mtime_ns}:{stat.st_size}".encode()).hexdigest()[:20]
        encodings = _accepted(headers.get("Accept-Encoding"))
        encoding, body = None, b""
        packed: Path | None
        for name, suffix in (("br", ".br"), ("gzip", ".gz")):  # pre-compressed next to the file, if built so
            packed = target.with_name(target.name + suffix)
            if name in encodings and packed.is_file():
                encoding = name
                break
        if (
            encoding is None
            and "gzip" in encodings
            and content_type.startswith(COMPRESSIBLE)
            and stat.st_size >= MIN_GZIP
        ):
            encoding = "gzip"
            packed = None
        etag = f'"{tag}-{encoding}"' if encoding else f'"{tag}"'
        extra = {"ETag": etag, "Vary": "Accept-Encoding"}
        if _matches(headers.get("If-None-Match"), etag):
            return self._answer(304, {"Cache-Control": cache, **extra}, b"")
        if encoding and packed is not None:
            body = packed.read_bytes()
        elif encoding:
            body = self._gzip((str(target), stat.st_mtime, stat.st_size), target.read_bytes())
        else:
            body = target.read_bytes()
        return self._answer(
            200,
            {
                "Content-Type": content_type,
                "Cache-Control": cache,
                **extra,
                **({"Content-Encoding": encoding} if encoding else {}),
            },
            body,
        )

    def _file_answer(self, body: bytes, content_type: str, cache: str, headers: Any) -> Answer:
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        if _matches(headers.get("If-None-Match"), etag):
            return self._answer(304, {"Cache-Control": cache, "ETag": etag}, b"")
        return self._answer(200, {"Content-Type": content_type, "Cache-Control": cache, "ETag": etag}, body)

    def _gzip(self, key: tuple[str, float, int], body: bytes) -> bytes:
        with self._lock:
            if key not in self._gzipped:
                if len(self._gzipped) > 256:
                    self._gzipped.clear()
                self._gzipped[key] = gzip.compress(body, compresslevel=6, mtime=0)
            return self._gzipped[key]

    # ------------------------------------------------------------ answers
    def _answer(self, status: int, headers: dict[str, str], body: bytes) -> Answer:
        return status, {**security_headers(self.s3_origin), **headers}, body

    def _page(self, status: int, title: str, text: str, headers: dict[str, str] | None = None) -> Answer:
        page = (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f"<body><main><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></main></body></html>"
        )
        return self._answer(
            status,
            {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", **(headers or {})},
            page.encode(),
        )


def _accepted(value: str | None) -> set[str]:
    """Encodings the request accepts (q=0 excluded)."""
    accepted = set()
    for part in (value or "").split(","):
        name, _, params = part.strip().partition(";")
        if name and params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            accepted.add(name.strip().lower())
    return accepted


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    return if_none_match.strip() == "*" or etag in [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
