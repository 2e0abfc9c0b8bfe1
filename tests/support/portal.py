"""The partner portal (web/) in headless Chromium: the built app and axe-core it needs, a page in a locale,
the app's words (its catalogues and the API's /labels), axe-core scans, and real minimal PDF and PNG files to
upload. Shared by the browser tests of the partner, review and program pages."""

from __future__ import annotations

import json
import re
import struct
import zlib
from typing import TYPE_CHECKING, Any

from tests.support.runner import ROOT, Client

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

ENGAGEMENT = "ENG-AI-WORKSHOP"
PARTNER = {"email": "pat@contoso.example", "role": "incentives-admin", "partner_id": "P-1001", "name": "Pat Jansen"}
DIST = ROOT / "web" / "dist" / "index.html"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
CATALOGUES = ROOT / "web" / "src" / "i18n"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BROWSER_LOCALE = {"en": "en-US", "nl": "nl-NL"}
UI_TIMEOUT = 15_000  # ms: a page, a dialog, a request's answer (generous: CI has 2 cores and a busy neighbour)
ENGAGEMENTS = {e["engagement_id"]: e for e in json.loads((ROOT / "shared" / "data" / "engagements.json").read_text())}


# ---- real, minimal files ---------------------------------------------------------------------------------


def minimal_pdf() -> bytes:
    """A valid one-page PDF 1.4 with a line of text (with a correct cross-reference table: viewers open it)."""
    text = b"BT /F1 18 Tf 72 720 Td (Workshop findings and recommendations) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def minimal_png(width: int = 16, height: int = 16) -> bytes:
    """A valid 8-bit RGB PNG, a small gradient (signature, IHDR, one zlib IDAT, IEND, each chunk with its CRC)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 255 // width, y * 255 // height, 160)) for x in range(width))
        for y in range(height)
    )  # each row: filter type 0, then its pixels
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PDF, PNG = minimal_pdf(), minimal_png()


# ---- words: the app's catalogues and the API's labels ----------------------------------------------------


class Words:
    """`t(key, **values)` as the app's i18next says it (nested keys, {{interpolation}}, _one/_other plurals);
    `label(group, code)` as the API's /labels says it in the locale (the words the app shows for codes)."""

    def __init__(self, base: str, locale: str):
        self.locale = locale
        self.catalogue = json.loads((CATALOGUES / f"{locale}.json").read_text())
        reader = Client(base, PARTNER["email"], PARTNER["role"], PARTNER["partner_id"])
        self.labels = reader.get("/labels", params={"locale": locale}).json()

    def t(self, key: str, **values: Any) -> str:
        node = self.catalogue
        *path, last = key.split(".")
        for part in path:
            node = node[part]
        if "count" in values and f"{last}_one" in node:
            last = f"{last}_one" if values["count"] == 1 else f"{last}_other"
        text = node[last]
        assert isinstance(text, str), key
        return re.sub(r"\{\{(\w+)\}\}", lambda m: str(values[m.group(1)]), text)

    def label(self, group: str, code: str) -> str:
        return self.labels[group][code]

    def question(self, kind: str, qid: str) -> str:
        [q] = [q for q in ENGAGEMENTS[ENGAGEMENT]["surveys"][kind] if q["id"] == qid]
        return q["text"][self.locale]


# ---- axe ---------------------------------------------------------------------------------------------------

# Colours are measured as painted: a transition still running (a button enabled a frame ago) would be
# measured half-way, so finite animations finish first (an endless spinner is left alone).
SETTLE = """async () => {
  const finite = document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  const done = Promise.all(finite.map((a) => a.finished.catch(() => null)));
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 2000))]);
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}"""
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: tags});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary}))}));
}"""


class Axe:
    """Scans the page as it is now; the walk goes on after a violation, and `assert_clean` lists them all."""

    def __init__(self, locale: str):
        self.locale = locale
        self.scanned: list[tuple[str, int]] = []
        self.violations: list[str] = []

    def scan(self, page: Page, name: str) -> None:
        # Injected with evaluate, not a <script> tag: the app's CSP (rightly) refuses inline scripts.
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(AXE.read_text())
        page.evaluate(SETTLE)
        found = page.evaluate(AXE_RUN, AXE_TAGS)
        self.scanned.append((name, len(found)))
        for v in found:
            self.violations.append(
                f"[{self.locale}] {name} ({page.url}): {v['id']} ({v['impact']}) {v['help']}"
                + "".join(f"\n      at {n['target']}: {n['summary']}" for n in v["nodes"])
            )

    def report(self) -> None:
        print(f"\naxe [{self.locale}]: " + ", ".join(f"{name}: {n}" for name, n in self.scanned))

    def assert_clean(self) -> None:
        assert not self.violations, (
            f"axe-core found {len(self.violations)} violation(s) in "
            f"{sum(1 for _, n in self.scanned if n)} of {len(self.scanned)} scans:\n" + "\n".join(self.violations)
        )


def new_page(browser: Browser, locale: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(
        locale=BROWSER_LOCALE[locale],
        viewport={"width": 1280, "height": 900},
        reduced_motion="reduce",
        timezone_id="Europe/Amsterdam",
    )
    context.set_default_timeout(UI_TIMEOUT)
    return context, context.new_page()
