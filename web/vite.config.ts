/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The API the dev server forwards to (`npm run dev`): a local runner, e.g. started with
// `.venv/bin/python -m infra.local.runner --port 3301`. Production builds call the API on their own origin
// (or `api_base_url` from /app/config.json), so no proxy is involved there.
const api = process.env.API_PROXY ?? "http://127.0.0.1:3301";
const apiPaths = [
  "/engagements",
  "/claims",
  "/nominations",
  "/notifications",
  "/payments",
  "/review",
  "/program",
  "/locations",
  "/labels",
  "/local",
  "/public",
  "/openapi.json",
  "/app/config.json",
];

export default defineConfig({
  base: "/app/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    target: "es2022",
    sourcemap: false,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(apiPaths.map((p) => [p, { target: api, changeOrigin: false }])),
  },
  test: {
    environment: "jsdom",
    environmentOptions: { jsdom: { url: "http://localhost/app/" } },
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "scripts/**/*.test.{ts,mjs}"],
    testTimeout: 20000,
    css: false,
  },
});
