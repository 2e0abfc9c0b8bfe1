import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { renderApp } from "../render";
import { API, engagement, page, partnerSession } from "../fixtures";
import { loadConfig } from "../../config";

const AUTHORITY = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool";

describe("Cognito provider", () => {
  it("starts the authorization code flow with PKCE from the runtime config", async () => {
    let discovered = false;
    await renderApp("/sign-in?return=%2Fclaims", {
      config: { api_base_url: "", auth: { provider: "cognito", authority: AUTHORITY, client_id: "client-123" } },
      handlers: [
        http.get(`${AUTHORITY}/.well-known/openid-configuration`, () => {
          discovered = true;
          return HttpResponse.json({
            issuer: AUTHORITY,
            authorization_endpoint: "https://auth.example/oauth2/authorize",
            token_endpoint: "https://auth.example/oauth2/token",
            jwks_uri: `${AUTHORITY}/.well-known/jwks.json`,
            response_types_supported: ["code"],
            code_challenge_methods_supported: ["S256"],
          });
        }),
      ],
    });
    await userEvent.click(await screen.findByRole("button", { name: "Continue to sign-in" }));
    await waitFor(() => expect(discovered).toBe(true));
    // oidc-client-ts keeps the PKCE verifier and our return path in sessionStorage until the callback.
    await waitFor(() => {
      const entry = Object.keys(window.sessionStorage).find((k) => k.startsWith("oidc.") && !k.startsWith("oidc.user"));
      expect(entry).toBeDefined();
      const state = JSON.parse(window.sessionStorage.getItem(entry as string) as string);
      expect(state.code_verifier).toMatch(/.{43,}/);
      expect(state.client_id).toBe("client-123");
      expect(state.data).toEqual({ returnTo: "/claims" });
    });
  });
});

describe("Runtime config", () => {
  it("reads /app/config.json, and falls back to the local provider without one", async () => {
    const ok = new Response(
      JSON.stringify({
        auth: { provider: "cognito", authority: AUTHORITY, client_id: "c" },
        api_base_url: "https://api.example",
      }),
    );
    expect(await loadConfig(async () => ok)).toMatchObject({
      auth: { provider: "cognito" },
      api_base_url: "https://api.example",
    });
    expect(await loadConfig(async () => new Response("no", { status: 404 }))).toEqual({
      auth: { provider: "local" },
      api_base_url: "",
    });
    await expect(
      loadConfig(async () => new Response(JSON.stringify({ auth: { provider: "saml" } }))),
    ).rejects.toThrow();
  });
});

describe("Route changes", () => {
  it("move focus to the new page’s heading and set the document title", async () => {
    await renderApp("/engagements", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/engagements`, () => HttpResponse.json(page([engagement()]))),
        http.get(`${API}/claims`, () => HttpResponse.json(page([]))),
      ],
    });
    await screen.findByRole("heading", { level: 1, name: "Engagements" });
    expect(document.title).toBe("Engagements · Workshop Claims");
    await userEvent.click(screen.getByRole("link", { name: "Claims" }));
    const heading = await screen.findByRole("heading", { level: 1, name: "Claims" });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(document.title).toBe("Claims · Workshop Claims");
  });
});
