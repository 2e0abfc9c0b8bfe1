import "@testing-library/jest-dom/vitest";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { cleanup } from "@testing-library/react";
import { server } from "./server";
import { initI18n } from "../i18n";
import en from "../i18n/en.json";
import nl from "../i18n/nl.json";

initI18n("en", { en, nl });

// jsdom lacks these; Fluent and the route focus use them.
if (!globalThis.CSS) (globalThis as { CSS?: unknown }).CSS = {};
if (!CSS.escape) CSS.escape = (s: string) => s.replace(/["\\]/g, "\\$&");
if (!window.matchMedia) {
  window.matchMedia = vi.fn().mockImplementation((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: vi.fn(),
    removeListener: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    dispatchEvent: vi.fn(),
  }));
}
if (!globalThis.ResizeObserver) {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}

// A request no handler answers fails its test. One still in flight when its test ended (a poll, a refetch of
// an unmounted page) meets the next test's handlers or none, and is not that test's business.
let running = false;
beforeEach(() => {
  running = true;
});
beforeAll(() =>
  server.listen({
    onUnhandledRequest: (_request, print) => {
      if (running) print.error();
    },
  }),
);
afterEach(() => {
  running = false;
  cleanup();
  server.resetHandlers();
  window.sessionStorage.clear();
  window.localStorage.clear();
});
afterAll(() => server.close());

import { configure } from "@testing-library/react";
// Pages load lazily (as in the browser); the first render of a page in a run takes a moment.
configure({ asyncUtilTimeout: 8000 });
