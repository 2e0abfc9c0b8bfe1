import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse, type RequestHandler } from "msw";
import { currentLocation, renderApp } from "../render";
import { API, iso, queueItem, queuePage, reviewClaim, staffSession } from "../fixtures";
import type { ReviewClaim } from "../../api/types";

const reviewer = staffSession("reviewer");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

beforeEach(() => {
  // jsdom has no blob URLs; the dossier shows an image file from one.
  URL.createObjectURL = vi.fn(() => "blob:invoice-preview");
  URL.revokeObjectURL = vi.fn();
});

function error(status: number, body: Record<string, unknown>) {
  return HttpResponse.json(body, { status });
}

/** The review API over one claim: the dossier as `state.claim` says, the queue listing it while it waits. */
function reviewApi(initial: ReviewClaim, extra: RequestHandler[] = []) {
  const state = { claim: initial, posted: [] as { action: string; body: unknown }[] };
  const waiting = () => ["submitted", "disputed", "under_review"].includes(state.claim.status);
  return {
    state,
    handlers: [
      ...extra,
      http.get(`${API}/review/claims/clm_1`, () => HttpResponse.json(state.claim)),
      http.get(`${API}/review/claims`, () =>
        HttpResponse.json(
          queuePage(waiting() ? [queueItem({ status: state.claim.status })] : [], {
            submitted: state.claim.status === "submitted" ? 1 : 0,
            disputed: 0,
            under_review: state.claim.status === "under_review" ? 1 : 0,
          }),
        ),
      ),
      http.get("https://s3.example/invoice", () => new HttpResponse(PNG, { headers: { "Content-Type": "image/png" } })),
    ],
  };
}

/** An action that moves the claim to `status` and answers with it, remembering what was posted. */
function moves(
  api: ReturnType<typeof reviewApi>,
  action: string,
  status: ReviewClaim["status"],
  changes: Partial<ReviewClaim> = {},
) {
  return http.post(`${API}/review/claims/clm_1/${action}`, async ({ request }) => {
    const text = await request.text();
    api.state.posted.push({ action, body: text ? JSON.parse(text) : null });
    api.state.claim = { ...api.state.claim, status, ...changes };
    return HttpResponse.json(api.state.claim);
  });
}

const actionButtons = () =>
  within(screen.getByRole("region", { name: "Review" }))
    .queryAllByRole("button")
    .map((b) => b.textContent);

describe("Review queue", () => {
  it("shows every waiting claim oldest first with the counts per tab, and each tab on its own", async () => {
    const asked: (string | null)[] = [];
    const items = [
      queueItem({
        claim_id: "clm_old",
        status: "disputed",
        kind: "dispute",
        age_days: 15,
        waiting_since: iso(-15),
        partner_id: "P-2002",
        customer: { name: "VanArsdel, Ltd.", email: "irvin@vanarsdel.example" },
      }),
      queueItem({
        claim_id: "clm_mid",
        status: "under_review",
        kind: "resubmission",
        age_days: 12,
        waiting_since: iso(-12),
      }),
      queueItem({ claim_id: "clm_new", status: "submitted", kind: "new", age_days: 0, waiting_since: iso(-0.2) }),
    ];
    const counts = { submitted: 1, disputed: 1, under_review: 1 };
    await renderApp("/review", {
      session: reviewer,
      handlers: [
        http.get(`${API}/review/claims`, ({ request }) => {
          const status = new URL(request.url).searchParams.get("status");
          asked.push(status);
          return HttpResponse.json(queuePage(status ? items.filter((c) => c.status === status) : items, counts));
        }),
      ],
    });
    expect(await screen.findByRole("heading", { level: 1, name: "Review queue" })).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Review queue: All waiting" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getByRole("link").textContent)).toEqual(["clm_old", "clm_mid", "clm_new"]);
    expect(rows[0]).toHaveTextContent("P-2002");
    expect(rows[0]).toHaveTextContent("VanArsdel, Ltd.");
    expect(rows[0]).toHaveTextContent("Disputed");
    expect(rows[0]).toHaveTextContent("Dispute");
    expect(rows[0]).toHaveTextContent("15 days");
    expect(rows[1]).toHaveTextContent("Resubmission");
    expect(rows[2]).toHaveTextContent("Less than a day");
    expect(within(rows[0]).getByRole("link", { name: "clm_old" })).toHaveAttribute("href", "/review/claims/clm_old");
    expect(asked).toEqual([null]);

    const tabs = screen.getByRole("tablist", { name: "Which claims" });
    expect(
      within(tabs)
        .getAllByRole("tab")
        .map((tab) => tab.textContent),
    ).toEqual(["All waiting3", "Submitted1", "Disputed1", "Under review1", "Approved, to pay"]);
    expect(within(tabs).getByRole("tab", { selected: true })).toHaveTextContent("All waiting");

    await userEvent.click(within(tabs).getByRole("tab", { name: /Disputed/ }));
    const disputed = await screen.findByRole("table", { name: "Review queue: Disputed" });
    expect(within(disputed).getAllByRole("row")).toHaveLength(2);
    expect(currentLocation).toBe("/review?status=disputed");
    expect(asked).toEqual([null, "disputed"]);
  });

  it("pages with the API’s next token, and says when a tab is empty", async () => {
    await renderApp("/review?status=under_review", {
      session: reviewer,
      handlers: [
        http.get(`${API}/review/claims`, ({ request }) => {
          const query = new URL(request.url).searchParams;
          if (query.get("status") === "submitted")
            return HttpResponse.json(queuePage([], { submitted: 0, under_review: 2 }));
          return HttpResponse.json(
            query.get("next_token") === "page-2"
              ? queuePage([queueItem({ claim_id: "clm_2", status: "under_review" })], { under_review: 2 })
              : queuePage([queueItem({ claim_id: "clm_1", status: "under_review" })], { under_review: 2 }, "page-2"),
          );
        }),
      ],
    });
    expect(await screen.findByRole("link", { name: "clm_1" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Show more" }));
    expect(await screen.findByRole("link", { name: "clm_2" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Show more" })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("tab", { name: /Submitted/ }));
    expect(await screen.findByText("No submitted claims are waiting.")).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });
});

describe("Review dossier", () => {
  it("shows partner, customer, engagement, deadlines, each proof item with preview and download, answers, comments, risk flags and history", async () => {
    const api = reviewApi(
      reviewClaim({
        status: "disputed",
        risk_flags: [
          {
            code: "tenant_mismatch",
            message: "The partner gave a tenant id that differs from the directory; their reason: a subsidiary.",
          },
        ],
        deadlines: {
          submit_due: { at: iso(-1), days_left: 0, passed: true },
          review_due: { at: iso(40), days_left: 40, passed: false },
          dispute_due: { at: iso(10), days_left: 10, passed: false },
        },
        dispute: { at: iso(-2), message: "That was another workshop." },
      }),
    );
    await renderApp("/review/claims/clm_1", { session: reviewer, handlers: api.handlers });
    const summary = await screen.findByRole("region", { name: "Summary" });
    expect(screen.getByRole("heading", { level: 1, name: "Claim clm_1" })).toBeInTheDocument();
    for (const text of [
      "Contoso Consulting",
      "P-1001",
      "Northwind Traders",
      "ann@northwind.example",
      "tenant-northwind",
      "AI Business Value Workshop",
      "US$5,000.00",
      "Disputed",
      "Deadline passed",
      "40 days left",
      "10 days left",
    ]) {
      expect(within(summary).getByText(text)).toBeInTheDocument();
    }
    expect(within(summary).getByText("Dispute by")).toBeInTheDocument();

    const flags = screen.getByText("Check this claim closely").closest(".fui-MessageBar") as HTMLElement;
    expect(flags).toHaveTextContent("The tenant ID differs from the tenant directory");
    expect(flags).toHaveTextContent("their reason: a subsidiary.");

    const proof = screen.getByRole("region", { name: "Proof of execution" });
    expect(within(proof).getByText("findings.pdf")).toBeInTheDocument();
    expect(within(proof).getAllByText("Received")).toHaveLength(2);
    expect(within(proof).getAllByText("Completed")).toHaveLength(2);
    const preview = within(proof).getByRole("link", {
      name: /^Preview Findings and recommendations document ?\(opens in a new tab\)$/,
    });
    expect(preview).toHaveAttribute("href", "https://s3.example/findings?inline");
    expect(preview).toHaveAttribute("target", "_blank");
    expect(within(proof).getByRole("link", { name: "Download Invoice" })).toHaveAttribute(
      "href",
      "https://s3.example/invoice?attachment",
    );
    expect(await within(proof).findByRole("img", { name: "Invoice: invoice.png" })).toHaveAttribute(
      "src",
      "blob:invoice-preview",
    );

    const answers = screen.getByRole("region", { name: "Survey answers" });
    const partner = within(answers).getByRole("region", { name: "Partner survey" });
    expect(within(partner).getByText("Was the workshop delivered as planned?").nextSibling).toHaveTextContent("Yes");
    expect(within(partner).getByText("How engaged was the customer (1-5)?").nextSibling).toHaveTextContent("4 of 5");
    expect(within(partner).getByText("A pilot in Q3.")).toBeInTheDocument();
    const customer = within(answers).getByRole("region", { name: "Customer survey" });
    expect(within(customer).getByText("How satisfied are you with the workshop (1-5)?").nextSibling).toHaveTextContent(
      "5 of 5",
    );

    const comments = screen.getByRole("region", { name: "Comments" });
    expect(within(comments).getByText("Two-day workshop on site.")).toBeInTheDocument();
    expect(within(comments).getByText("That was another workshop.")).toBeInTheDocument();

    const history = screen.getByRole("region", { name: "History" });
    expect(within(history).getByText("Claim opened")).toBeInTheDocument();
    expect(within(history).getByText("Status: Draft → Submitted")).toBeInTheDocument();
  });

  it("offers exactly the actions the status allows", async () => {
    const api = reviewApi(reviewClaim({ status: "submitted" }));
    const view = await renderApp("/review/claims/clm_1", { session: reviewer, handlers: api.handlers });
    await screen.findByRole("region", { name: "Review" });
    expect(actionButtons()).toEqual(["Start review"]);
    view.unmount();

    for (const [status, buttons] of [
      ["under_review", ["Request information", "Approve", "Reject"]],
      ["approved", ["Record payment"]],
      ["paid", []],
    ] as const) {
      api.state.claim = reviewClaim({ status });
      const next = await renderApp("/review/claims/clm_1", { session: reviewer, handlers: api.handlers });
      await screen.findByRole("region", { name: "Review" });
      expect(actionButtons()).toEqual(buttons);
      next.unmount();
    }
  });

  it("starts the review, then approves with a message, and the page and the queue show the claim as it is now", async () => {
    const api = reviewApi(reviewClaim({ status: "submitted" }));
    api.handlers.unshift(
      moves(api, "start", "under_review"),
      moves(api, "approve", "approved", {
        payment: { status: "scheduled", payable_on: "2027-03-01", amount: "5000.00", currency: "USD" },
      }),
    );
    await renderApp("/review", { session: reviewer, handlers: api.handlers });
    await userEvent.click(await screen.findByRole("link", { name: "clm_1" }));
    await userEvent.click(await screen.findByRole("button", { name: "Start review" }));
    expect(await screen.findByText("The review has started.")).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Approve" })).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Approve" }));
    const dialog = await screen.findByRole("dialog", { name: "Approve the claim" });
    expect(dialog).toHaveTextContent("US$5,000.00");
    await userEvent.type(within(dialog).getByLabelText("Message to the partner (optional)"), "Complete and clear.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Approve" }));
    expect(await screen.findByText("The claim is approved and its payment is scheduled.")).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Record payment" })).toBeInTheDocument();
    expect(api.state.posted).toEqual([
      { action: "start", body: null },
      { action: "approve", body: { message: "Complete and clear." } },
    ]);

    await userEvent.click(screen.getByRole("link", { name: "Review queue" }));
    expect(await screen.findByText("No claims are waiting for a reviewer.")).toBeInTheDocument();
  });

  it("records a payment with its remittance reference", async () => {
    const api = reviewApi(
      reviewClaim({
        status: "approved",
        payment: { status: "scheduled", payable_on: "2027-03-01", amount: "5000.00", currency: "USD" },
      }),
    );
    api.handlers.unshift(
      moves(api, "paid", "paid", {
        payment: { status: "paid", payable_on: "2027-03-01", paid_at: iso(0), remittance_ref: "REM-2026-0042" },
      }),
    );
    await renderApp("/review/claims/clm_1", { session: reviewer, handlers: api.handlers });
    await userEvent.click(await screen.findByRole("button", { name: "Record payment" }));
    const dialog = await screen.findByRole("dialog", { name: "Record payment" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Record payment" }));
    expect(within(dialog).getByLabelText(/Remittance reference/)).toHaveAccessibleDescription(/Fill in this field\./);
    expect(api.state.posted).toEqual([]);
    await userEvent.type(within(dialog).getByLabelText(/Remittance reference/), "REM-2026-0042");
    await userEvent.click(within(dialog).getByRole("button", { name: "Record payment" }));
    expect(await screen.findByText("The payment is recorded.")).toBeInTheDocument();
    expect(api.state.posted).toEqual([{ action: "paid", body: { remittance_ref: "REM-2026-0042" } }]);
    expect(await screen.findByText(/^Paid .*, remittance reference REM-2026-0042$/)).toBeInTheDocument();
  });

  it("rejects with a reason picked in words; a refusal keeps what was typed and shows the API’s message at its field", async () => {
    const api = reviewApi(reviewClaim({ status: "under_review" }), [
      http.get(`${API}/labels`, () =>
        HttpResponse.json({
          locale: "en",
          proof_items: {},
          statuses: {},
          nomination_statuses: {},
          ineligible_reasons: {},
          notification_kinds: {},
          reason_codes: { insufficient_proof: "Insufficient proof of execution" },
        }),
      ),
      http.post(`${API}/review/claims/clm_1/reject`, () =>
        error(422, {
          code: "validation_error",
          message: "Invalid request.",
          details: [
            {
              loc: ["body", "message"],
              msg: "Value error, the message must name the missing proof",
              type: "value_error",
            },
          ],
        }),
      ),
    ]);
    await renderApp("/review/claims/clm_1", { session: reviewer, handlers: api.handlers });
    await userEvent.click(await screen.findByRole("button", { name: "Reject" }));
    const dialog = await screen.findByRole("dialog", { name: "Reject the claim" });
    const reason = within(dialog).getByLabelText(/Reason/);
    expect(
      within(reason)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual([
      "Choose a reason",
      "Insufficient proof of execution",
      "The customer is not eligible",
      "Duplicate claim",
      "The workshop was not delivered",
      "Other",
    ]);
    await userEvent.selectOptions(reason, "Insufficient proof of execution");
    await userEvent.type(within(dialog).getByLabelText(/Message to the partner/), "Not enough.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Reject" }));

    const message = within(dialog).getByLabelText(/Message to the partner/);
    await waitFor(() =>
      expect(message).toHaveAccessibleDescription("Value error, the message must name the missing proof"),
    );
    expect(message).toHaveValue("Not enough.");
    expect(reason).toHaveValue("insufficient_proof");
    expect(screen.getByRole("dialog", { name: "Reject the claim" })).toBeInTheDocument();
  });

  it("says clearly that another reviewer must decide a dispute the reviewer rejected (four eyes)", async () => {
    const api = reviewApi(
      reviewClaim({ status: "under_review", dispute: { at: iso(-2), message: "Please look again." } }),
      [
        http.post(`${API}/review/claims/clm_1/approve`, () =>
          error(403, {
            code: "four_eyes",
            rejected_by: "rita@program.example",
            message: "You rejected this claim, so its dispute must be decided by another reviewer (four eyes).",
          }),
        ),
      ],
    );
    await renderApp("/review/claims/clm_1", { session: reviewer, handlers: api.handlers });
    await userEvent.click(await screen.findByRole("button", { name: "Approve" }));
    const dialog = await screen.findByRole("dialog", { name: "Approve the claim" });
    await userEvent.type(within(dialog).getByLabelText("Message to the partner (optional)"), "Fine after all.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Approve" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("Another reviewer must decide");
    expect(alert).toHaveTextContent(
      "You rejected this claim, so its dispute must be decided by another reviewer (four eyes).",
    );
    expect(within(dialog).getByLabelText("Message to the partner (optional)")).toHaveValue("Fine after all.");
  });

  it("says when the claim does not exist", async () => {
    await renderApp("/review/claims/clm_1", {
      session: reviewer,
      handlers: [
        http.get(`${API}/review/claims/clm_1`, () =>
          error(404, { code: "not_found", message: "No claim with this id." }),
        ),
      ],
    });
    expect(await screen.findByText("There is no claim with this ID.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Review queue" })).toHaveAttribute("href", "/review");
  });

  it("speaks Dutch", async () => {
    const api = reviewApi(reviewClaim({ status: "under_review" }));
    await renderApp("/review/claims/clm_1", { session: reviewer, handlers: api.handlers, locale: "nl" });
    expect(await screen.findByRole("button", { name: "Goedkeuren" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Informatie opvragen" })).toBeInTheDocument();
    const answers = screen.getByRole("region", { name: "Antwoorden op de enquêtes" });
    expect(within(answers).getByText("Is de workshop volgens plan gegeven?").nextSibling).toHaveTextContent("Ja");
  });
});
