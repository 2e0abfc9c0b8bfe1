import { describe, expect, it } from "vitest";
import { screen, within, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse, delay } from "msw";
import { renderApp, currentLocation } from "../render";
import { API, claim, engagement, location, nomination, page, partnerSession } from "../fixtures";
import type { Location } from "../../api/types";

const base = [http.get(`${API}/engagements`, () => HttpResponse.json(page([engagement()])))];

/** The partner's own enrolled locations (GET /locations). */
function locations(rows: Location[]) {
  return http.get(`${API}/locations`, () => HttpResponse.json(page(rows)));
}

function tabs(rows: Record<string, ReturnType<typeof nomination>[]>) {
  return http.get(`${API}/engagements/:id/customers`, ({ request }) => {
    const tab = new URL(request.url).searchParams.get("tab") ?? "eligible";
    return HttpResponse.json(page(rows[tab] ?? []));
  });
}

describe("Customers page", () => {
  it("shows the eligible tab with the MCI columns and the Action column", async () => {
    await renderApp("/engagements/ENG-AI-WORKSHOP/customers?tab=eligible", {
      session: partnerSession(),
      handlers: [
        ...base,
        tabs({
          eligible: [
            nomination(),
            nomination({
              nomination_id: "nom_2",
              customer: { name: "Adventure Works", email: "bo@adventure-works.example", tenant_id: "t2" },
              actions: ["resend_consent"],
              consent_requested_at: "2026-01-01T00:00:00Z",
            }),
            nomination({
              nomination_id: "nom_3",
              customer: { name: "Tailspin", email: "cy@tailspin.example", tenant_id: "t3" },
              status: "consented",
              type: "active",
              days_left: null,
              actions: ["open_claim"],
            }),
            nomination({
              nomination_id: "nom_4",
              customer: { name: "Wingtip", email: "di@wingtip.example", tenant_id: "t4" },
              status: "consented",
              type: "active",
              days_left: null,
              claim_id: "clm_4",
              claim_status: "draft",
              actions: ["view_claim"],
            }),
          ],
        }),
      ],
    });
    expect(
      await screen.findByRole("heading", { level: 1, name: "Customers — AI Business Value Workshop" }),
    ).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Customers: Eligible" });
    for (const header of ["Customer", "Tenant ID", "Type", "Status", "Consent days left", "Action"]) {
      expect(within(table).getByRole("columnheader", { name: header })).toBeInTheDocument();
    }
    const rows = within(table).getAllByRole("row");
    expect(within(rows[1]).getByRole("button", { name: "Request consent" })).toBeInTheDocument();
    expect(within(rows[1]).getByText("20 days left")).toBeInTheDocument();
    expect(within(rows[1]).getByText("Not started")).toBeInTheDocument();
    expect(within(rows[2]).getByRole("button", { name: "Resend consent" })).toBeInTheDocument();
    expect(within(rows[3]).getByRole("button", { name: "Submit workshop claim" })).toBeInTheDocument();
    expect(within(rows[3]).getByText("Active")).toBeInTheDocument();
    expect(within(rows[4]).getByRole("link", { name: "View claim" })).toHaveAttribute("href", "/claims/clm_4");
    expect(screen.getByRole("button", { name: "Add customer" })).toBeInTheDocument();
  });

  it("keeps the tab in the query string and shows each tab’s empty state and reasons", async () => {
    await renderApp("/engagements/ENG-AI-WORKSHOP/customers", {
      session: partnerSession(),
      handlers: [
        ...base,
        tabs({
          ineligible: [
            nomination({ status: "lost_to_other_partner", tab: "ineligible", actions: [], days_left: null }),
          ],
        }),
      ],
    });
    expect(await screen.findByText("No eligible customers yet. Use Add customer to nominate one.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("tab", { name: "Ineligible" }));
    expect(currentLocation).toBe("/engagements/ENG-AI-WORKSHOP/customers?tab=ineligible");
    expect(
      await screen.findByText("The customer consented to this engagement with another partner."),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole("tab", { name: "Completed" }));
    expect(await screen.findByText("No completed claims yet.")).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Completed" })).toHaveAttribute("aria-selected", "true");
  });

  it("shows loading and error states", async () => {
    await renderApp("/engagements/ENG-AI-WORKSHOP/customers?tab=eligible", {
      session: partnerSession(),
      handlers: [
        ...base,
        http.get(`${API}/engagements/:id/customers`, async () => {
          await delay(30);
          return HttpResponse.json({ code: "internal_error", message: "x" }, { status: 500 });
        }),
      ],
    });
    expect(await screen.findByText("Loading…")).toBeInTheDocument();
    expect(await screen.findByRole("alert")).toHaveTextContent("This could not be loaded");
  });

  it("adds a customer: checks the form first, then shows the API’s refusal next to the field, keeping what was typed", async () => {
    const bodies: unknown[] = [];
    await renderApp("/engagements/ENG-AI-WORKSHOP/customers?tab=eligible", {
      session: partnerSession(),
      handlers: [
        ...base,
        tabs({}),
        locations([location()]),
        http.post(`${API}/engagements/:id/customers`, async ({ request }) => {
          const body = (await request.json()) as Record<string, string>;
          bodies.push(body);
          if (!body.tenant_id)
            return HttpResponse.json(
              {
                code: "tenant_id_required",
                message:
                  "The customer's email domain is not in the tenant directory; provide the customer's tenant_id.",
              },
              { status: 422 },
            );
          if (!body.mismatch_reason)
            return HttpResponse.json(
              { code: "mismatch_reason_required", message: "explain why in mismatch_reason." },
              { status: 422 },
            );
          return HttpResponse.json(
            nomination({ customer: { name: null, email: body.customer_email, tenant_id: body.tenant_id } }),
            { status: 201 },
          );
        }),
      ],
    });
    await userEvent.click(await screen.findByRole("button", { name: "Add customer" }));
    const dialog = await screen.findByRole("dialog", { name: "Add customer" });
    // The only location is chosen already; the email is missing.
    expect(await within(dialog).findByLabelText(/Enrolled location/)).toHaveValue("L-1001");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add customer" }));
    expect(within(dialog).getAllByText("Fill in this field.")).toHaveLength(1);
    await userEvent.type(within(dialog).getByLabelText(/Customer email/), "not-an-email");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add customer" }));
    expect(within(dialog).getByText("Enter an email address, like name@example.com.")).toBeInTheDocument();
    expect(bodies).toHaveLength(0);
    await userEvent.clear(within(dialog).getByLabelText(/Customer email/));
    await userEvent.type(within(dialog).getByLabelText(/Customer email/), "ann@unknown.example");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add customer" }));
    const tenant = within(dialog).getByLabelText(/Tenant ID/);
    await waitFor(() => expect(tenant).toHaveAttribute("aria-invalid", "true"));
    expect(
      within(dialog).getByText("The email's domain is not in the tenant directory. Enter the customer's tenant ID."),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Customer email/)).toHaveValue("ann@unknown.example");
    await userEvent.type(tenant, "tenant-x");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add customer" }));
    expect(
      await within(dialog).findByText("Enter the tenant ID as a GUID, like 7f1c2b8e-1111-4c3a-9a51-0f0e6c1a2b01."),
    ).toBeInTheDocument();
    await userEvent.clear(tenant);
    await userEvent.type(tenant, "0ce9e1b4-0000-4000-8000-00000000beef");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add customer" }));
    const reason = await within(dialog).findByLabelText(/Reason the tenant ID differs/);
    await userEvent.type(reason, "The customer uses a subsidiary tenant.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add customer" }));
    expect(
      await screen.findByText("ann@unknown.example was added. Next, request the customer's consent."),
    ).toBeInTheDocument();
    expect(bodies.at(-1)).toEqual({
      location_id: "L-1001",
      customer_email: "ann@unknown.example",
      tenant_id: "0ce9e1b4-0000-4000-8000-00000000beef",
      mismatch_reason: "The customer uses a subsidiary tenant.",
    });
  });

  it("picks the location from the partner’s own that serve this engagement, the remembered one first", async () => {
    const bodies: Record<string, string>[] = [];
    window.localStorage.setItem("wc.location.P-1001", "L-1005");
    await renderApp("/engagements/ENG-AI-WORKSHOP/customers?tab=eligible", {
      session: partnerSession(),
      handlers: [
        ...base,
        tabs({}),
        locations([
          location({ location_id: "L-1001", country: "NL", engagement_ids: ["ENG-AI-WORKSHOP"] }),
          location({ location_id: "L-1005", country: "BE", engagement_ids: ["*"] }),
          location({ location_id: "L-1009", country: "DE", engagement_ids: ["ENG-SECURITY-WORKSHOP"] }),
        ]),
        http.post(`${API}/engagements/:id/customers`, async ({ request }) => {
          const body = (await request.json()) as Record<string, string>;
          bodies.push(body);
          return HttpResponse.json(
            nomination({ customer: { name: null, email: body.customer_email, tenant_id: "t" } }),
            { status: 201 },
          );
        }),
      ],
    });
    await userEvent.click(await screen.findByRole("button", { name: "Add customer" }));
    const dialog = await screen.findByRole("dialog", { name: "Add customer" });
    const picker = await within(dialog).findByLabelText(/Enrolled location/);
    expect(picker).toHaveValue("L-1005");
    expect(
      within(picker)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Choose a location", "L-1001 · Netherlands", "L-1005 · Belgium"]);
    await userEvent.selectOptions(picker, "L-1001");
    await userEvent.type(within(dialog).getByLabelText(/Customer email/), "ann@northwind.example");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add customer" }));
    expect(
      await screen.findByText("ann@northwind.example was added. Next, request the customer's consent."),
    ).toBeInTheDocument();
    expect(bodies).toEqual([{ location_id: "L-1001", customer_email: "ann@northwind.example" }]);
    expect(window.localStorage.getItem("wc.location.P-1001")).toBe("L-1001");
  });

  it.each([
    ["no location at all", [], /Your partner has no enrolled location yet/],
    [
      "none for this engagement",
      [location({ engagement_ids: ["ENG-SECURITY-WORKSHOP"] })],
      /None of your partner's enrolled locations may nominate customers for this engagement/,
    ],
  ])("says so when the partner has no location to nominate from: %s", async (_case, rows, message) => {
    await renderApp("/engagements/ENG-AI-WORKSHOP/customers?tab=eligible", {
      session: partnerSession(),
      handlers: [...base, tabs({}), locations(rows)],
    });
    await userEvent.click(await screen.findByRole("button", { name: "Add customer" }));
    const dialog = await screen.findByRole("dialog", { name: "Add customer" });
    expect(await within(dialog).findByText(message)).toBeInTheDocument();
    expect(within(dialog).queryByRole("button", { name: "Add customer" })).not.toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Close" })).toBeInTheDocument();
  });

  it("requests consent and asks for a contact reason when the API wants one", async () => {
    const bodies: Record<string, unknown>[] = [];
    await renderApp("/engagements/ENG-AI-WORKSHOP/customers?tab=eligible", {
      session: partnerSession(),
      handlers: [
        ...base,
        tabs({ eligible: [nomination()] }),
        http.post(`${API}/nominations/:id/consent-request`, async ({ request }) => {
          const body = (await request.json()) as Record<string, unknown>;
          bodies.push(body);
          if (!body.contact_reason)
            return HttpResponse.json(
              { code: "contact_reason_required", message: "This address is not on the customer's domain." },
              { status: 422 },
            );
          return HttpResponse.json(nomination({ actions: ["resend_consent"] }), { status: 202 });
        }),
      ],
    });
    await userEvent.click(await screen.findByRole("button", { name: "Request consent" }));
    const dialog = await screen.findByRole("dialog", { name: "Request consent" });
    const customer = within(dialog).getByRole("group", { name: "Customer contact" });
    expect(within(customer).getByLabelText(/Email/)).toHaveValue("ann@northwind.example");
    await userEvent.clear(within(customer).getByLabelText(/Email/));
    await userEvent.type(within(customer).getByLabelText(/Email/), "ann@gmail.example");
    await userEvent.selectOptions(within(customer).getByLabelText("Language of emails"), "nl");
    await userEvent.click(within(dialog).getByRole("button", { name: "Request consent" }));
    const reason = await within(dialog).findByLabelText(/Why this contact is not on the customer's domain/);
    expect(reason).toHaveAttribute("aria-invalid", "true");
    await userEvent.type(reason, "The customer’s IT lead uses this mailbox.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Request consent" }));
    expect(await screen.findByText("The consent request was sent to ann@gmail.example.")).toBeInTheDocument();
    expect(bodies.at(-1)).toMatchObject({
      customer_contact: { email: "ann@gmail.example", locale: "nl", name: "Northwind Traders" },
      contact_reason: "The customer’s IT lead uses this mailbox.",
    });
  });

  it("shows the wait when a consent request is resent too soon", async () => {
    await renderApp("/engagements/ENG-AI-WORKSHOP/customers?tab=eligible", {
      session: partnerSession(),
      handlers: [
        ...base,
        tabs({ eligible: [nomination({ actions: ["resend_consent"] })] }),
        http.post(`${API}/nominations/:id/consent-request`, () =>
          HttpResponse.json(
            { code: "too_soon", message: "Sent moments ago" },
            { status: 429, headers: { "Retry-After": "240" } },
          ),
        ),
      ],
    });
    await userEvent.click(await screen.findByRole("button", { name: "Resend consent" }));
    const dialog = await screen.findByRole("dialog", { name: "Resend consent" });
    await userEvent.type(
      within(within(dialog).getByRole("group", { name: "Partner contact" })).getByLabelText(/Name/),
      "Pat",
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Resend consent" }));
    expect(
      await within(dialog).findByText("This was sent moments ago. You can send it again in 4 minutes."),
    ).toBeInTheDocument();
  });

  it("says when the consent email failed and the API's message when a send fails", async () => {
    await renderApp("/engagements/ENG-AI-WORKSHOP/customers?tab=eligible", {
      session: partnerSession(),
      handlers: [
        ...base,
        tabs({ eligible: [nomination({ actions: ["resend_consent"], consent_email_status: "failed" })] }),
        http.post(`${API}/nominations/:id/consent-request`, () =>
          HttpResponse.json(
            { code: "email_failed", message: "The link is saved, but its email could not be sent; send it again." },
            { status: 503 },
          ),
        ),
      ],
    });
    expect(await screen.findByText("The consent email could not be sent. Resend consent.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Resend consent" }));
    const dialog = await screen.findByRole("dialog", { name: "Resend consent" });
    await userEvent.type(
      within(within(dialog).getByRole("group", { name: "Partner contact" })).getByLabelText(/Name/),
      "Pat",
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Resend consent" }));
    expect(await within(dialog).findByText(/its email could not be sent/)).toBeInTheDocument();
  });

  it.each([
    [
      "en",
      /^The consent email could not be delivered: .* Check the address and resend consent to the right contact\.$/,
    ],
    [
      "nl",
      /^De toestemmingsmail kon niet worden afgeleverd: .* Controleer het adres en vraag opnieuw toestemming aan het juiste contact\.$/,
    ],
  ] as const)("says in %s when the consent email could not be delivered", async (locale, text) => {
    await renderApp("/engagements/ENG-AI-WORKSHOP/customers?tab=eligible", {
      session: partnerSession(),
      locale,
      handlers: [
        ...base,
        tabs({ eligible: [nomination({ actions: ["resend_consent"], consent_email_status: "undeliverable" })] }),
      ],
    });
    expect(await screen.findByText(text)).toBeInTheDocument();
  });

  it("opens the claim with Submit workshop claim, or goes to the one that exists", async () => {
    await renderApp("/engagements/ENG-AI-WORKSHOP/customers?tab=eligible", {
      session: partnerSession(),
      handlers: [
        ...base,
        tabs({ eligible: [nomination({ status: "consented", type: "active", actions: ["open_claim"] })] }),
        http.post(`${API}/claims`, () =>
          HttpResponse.json(
            { code: "claim_exists", message: "A claim is already open", claim_id: "clm_9" },
            { status: 409 },
          ),
        ),
        http.get(`${API}/claims/clm_9`, () => HttpResponse.json(claim({ claim_id: "clm_9" }))),
        http.get(`${API}/claims/clm_9/history`, () => HttpResponse.json(page([]))),
      ],
    });
    await userEvent.click(await screen.findByRole("button", { name: "Submit workshop claim" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Claim clm_9" })).toBeInTheDocument();
    expect(currentLocation).toBe("/claims/clm_9");
  });
});
