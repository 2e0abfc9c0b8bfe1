import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { renderApp, currentLocation } from "../render";
import { API, engagement, fakeToken, page, partnerSession, staffSession } from "../fixtures";
import { sessions } from "../../auth/session";

const USERS = {
  items: [
    {
      email: "pat@contoso.example",
      name: "Pat Admin",
      role: "incentives-admin",
      partner_id: "P-1001",
      partner_name: "Contoso Consulting",
    },
    {
      email: "uma@contoso.example",
      name: "Uma User",
      role: "incentives-user",
      partner_id: "P-1001",
      partner_name: "Contoso Consulting",
    },
    { email: "rita@program.example", name: "Rita Reviewer", role: "reviewer", partner_id: null, partner_name: null },
    {
      email: "paul@program.example",
      name: "Paul Program",
      role: "program-admin",
      partner_id: null,
      partner_name: null,
    },
  ],
};

function tokens() {
  return http.post(`${API}/local/tokens`, async ({ request }) => {
    const body = (await request.json()) as { email: string; role: string; partner_id?: string };
    return HttpResponse.json(
      {
        token: fakeToken({
          email: body.email,
          "cognito:groups": [body.role],
          ...(body.partner_id ? { "custom:partner_id": body.partner_id } : {}),
        }),
      },
      { status: 201 },
    );
  });
}

describe("Sign-in page", () => {
  it("lists each demo user as a button naming email, role and partner id", async () => {
    await renderApp("/sign-in", { handlers: [http.get(`${API}/local/users`, () => HttpResponse.json(USERS))] });
    const pat = await screen.findByRole("button", { name: /pat@contoso\.example.*incentives-admin.*P-1001/ });
    expect(pat).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /rita@program\.example.*reviewer/ })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /paul@program\.example.*program-admin/ })).toBeInTheDocument();
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
  });

  it("signs in with one click and lands on the role’s start page", async () => {
    await renderApp("/sign-in", {
      handlers: [
        http.get(`${API}/local/users`, () => HttpResponse.json(USERS)),
        tokens(),
        http.get(`${API}/engagements`, () => HttpResponse.json(page([engagement()]))),
      ],
    });
    await userEvent.click(await screen.findByRole("button", { name: /pat@contoso\.example/ }));
    expect(await screen.findByRole("heading", { level: 1, name: "Engagements" })).toBeInTheDocument();
    expect(sessions.get()?.partnerId).toBe("P-1001");
    expect(screen.getByRole("navigation", { name: "Main" })).toHaveTextContent("Payments");
  });

  it("shows an error when the demo users cannot be listed", async () => {
    await renderApp("/sign-in", {
      handlers: [
        http.get(`${API}/local/users`, () =>
          HttpResponse.json({ code: "internal_error", message: "x" }, { status: 500 }),
        ),
      ],
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side");
  });

  it("says when there are no demo users", async () => {
    await renderApp("/sign-in", { handlers: [http.get(`${API}/local/users`, () => HttpResponse.json({ items: [] }))] });
    expect(await screen.findByText("The local runner lists no demo users.")).toBeInTheDocument();
  });

  it("offers the organization sign-in when the runtime config names Cognito", async () => {
    await renderApp("/sign-in", {
      config: {
        api_base_url: "",
        auth: { provider: "cognito", authority: "https://cognito.example/pool", client_id: "abc" },
      },
    });
    expect(await screen.findByRole("button", { name: "Continue to sign-in" })).toBeInTheDocument();
    expect(screen.queryByText("Demo users")).not.toBeInTheDocument();
  });
});

describe("Sessions", () => {
  it("sends a signed-out visitor to sign-in and back to the same page afterwards", async () => {
    await renderApp("/claims?status=draft", {
      handlers: [
        http.get(`${API}/local/users`, () => HttpResponse.json(USERS)),
        tokens(),
        http.get(`${API}/claims`, () => HttpResponse.json(page([]))),
        http.get(`${API}/engagements`, () => HttpResponse.json(page([]))),
      ],
    });
    await screen.findByRole("heading", { level: 1, name: "Sign in" });
    expect(currentLocation).toBe("/sign-in?return=%2Fclaims%3Fstatus%3Ddraft");
    await userEvent.click(await screen.findByRole("button", { name: /uma@contoso\.example/ }));
    expect(await screen.findByRole("heading", { level: 1, name: "Claims" })).toBeInTheDocument();
    expect(currentLocation).toBe("/claims?status=draft");
  });

  it("returns to sign-in when the API answers 401, saying the session ended", async () => {
    await renderApp("/engagements", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/engagements`, () =>
          HttpResponse.json({ code: "unauthorized", message: "Sign in" }, { status: 401 }),
        ),
        http.get(`${API}/local/users`, () => HttpResponse.json(USERS)),
      ],
    });
    expect(
      await screen.findByText("Your session has ended. Sign in again to continue where you were."),
    ).toBeInTheDocument();
    expect(currentLocation).toBe("/sign-in?return=%2Fengagements&reason=expired");
    expect(sessions.get()).toBeNull();
  });

  it("signs out", async () => {
    await renderApp("/engagements", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/engagements`, () => HttpResponse.json(page([]))),
        http.get(`${API}/local/users`, () => HttpResponse.json(USERS)),
      ],
    });
    await userEvent.click(await screen.findByRole("button", { name: "Sign out" }));
    await screen.findByRole("heading", { level: 1, name: "Sign in" });
    expect(sessions.get()).toBeNull();
    expect(window.sessionStorage.getItem("wc.session")).toBeNull();
  });
});

describe("Header", () => {
  it("shows partner admins Payments and the unread count", async () => {
    await renderApp("/engagements", {
      session: partnerSession("incentives-admin"),
      handlers: [
        http.get(`${API}/engagements`, () => HttpResponse.json(page([]))),
        http.get(`${API}/notifications`, ({ request }) =>
          HttpResponse.json(
            page(
              new URL(request.url).searchParams.get("unread") === "true"
                ? [
                    {
                      notification_id: "n1",
                      claim_id: "c",
                      kind: "approved",
                      message: "m",
                      created_at: "2026-01-01T00:00:00Z",
                      read: false,
                    },
                  ]
                : [],
            ),
          ),
        ),
      ],
    });
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(await screen.findByRole("link", { name: "Notifications (1 unread)" })).toBeInTheDocument();
    expect(nav).toHaveTextContent("Payments");
  });

  it("hides Payments from incentive users and shows reviewers only the review console", async () => {
    const first = await renderApp("/engagements", {
      session: partnerSession("incentives-user"),
      handlers: [http.get(`${API}/engagements`, () => HttpResponse.json(page([])))],
    });
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(nav).not.toHaveTextContent("Payments");
    expect(nav).toHaveTextContent("Claims");
    first.unmount();
    await renderApp("/review", { session: staffSession("reviewer") });
    const reviewerNav = await screen.findByRole("navigation", { name: "Main" });
    expect(reviewerNav).toHaveTextContent("Review");
    expect(reviewerNav).not.toHaveTextContent("Claims");
  });

  it("tells an incentives user that payments are not for their role", async () => {
    await renderApp("/payments", { session: partnerSession("incentives-user") });
    expect(await screen.findByRole("heading", { level: 1, name: "Not available for your role" })).toBeInTheDocument();
  });

  it("switches the language, remembers it and sets <html lang>", async () => {
    await renderApp("/engagements", {
      session: partnerSession(),
      handlers: [http.get(`${API}/engagements`, () => HttpResponse.json(page([])))],
    });
    await screen.findByRole("heading", { level: 1, name: "Engagements" });
    await userEvent.selectOptions(screen.getByLabelText("Language"), "nl");
    expect(await screen.findByRole("button", { name: "Afmelden" })).toBeInTheDocument();
    await waitFor(() => expect(document.documentElement.lang).toBe("nl"));
    expect(window.localStorage.getItem("wc.locale")).toBe("nl");
    expect(screen.getByRole("link", { name: "Meldingen" })).toBeInTheDocument();
  });

  it("has a skip link, a banner, navigation and main landmark", async () => {
    await renderApp("/engagements", {
      session: partnerSession(),
      handlers: [http.get(`${API}/engagements`, () => HttpResponse.json(page([])))],
    });
    await screen.findByRole("heading", { level: 1 });
    expect(screen.getByRole("link", { name: "Skip to main content" })).toHaveAttribute("href", "#main");
    expect(screen.getByRole("banner")).toBeInTheDocument();
    expect(screen.getByRole("main")).toBeInTheDocument();
  });
});
