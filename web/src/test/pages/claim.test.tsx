import { describe, expect, it } from "vitest";
import { screen, within, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse, delay, type RequestHandler } from "msw";
import { renderApp } from "../render";
import { API, claim, engagement, iso, page, partnerSession } from "../fixtures";
import type { Claim, HistoryEvent } from "../../api/types";

const history = page([
  {
    at: iso(-5),
    actor: { email: "pat@contoso.example", role: "incentives-admin" },
    action: "claim_opened",
    details: { nomination_id: "nom_1" },
    seq: 1,
  },
  {
    at: iso(-4),
    actor: { email: "system@workshop-claims", role: "system" },
    action: "evidence_rejected",
    details: { item: "invoice", file_name: "invoice.pdf", reason: "Not a PDF." },
    seq: 2,
  },
]);

function claimApi(initial: Claim, extra: RequestHandler[] = []) {
  const state = { claim: initial };
  return {
    state,
    handlers: [
      ...(extra ?? []),
      http.get(`${API}/claims/clm_1`, () =>
        HttpResponse.json(state.claim, { headers: { ETag: `"${state.claim.version}"` } }),
      ),
      http.get(`${API}/claims/clm_1/history`, () => HttpResponse.json(history)),
      http.get(`${API}/engagements`, () => HttpResponse.json(page([engagement()]))),
    ],
  };
}

const section = (name: string) => screen.getByRole("region", { name });

describe("Claim page", () => {
  it("shows loading, then the summary with payout, status, consent and deadlines with days left", async () => {
    const api = claimApi(claim(), [
      http.get(`${API}/claims/clm_1`, async () => {
        await delay(40);
        return HttpResponse.json(claim());
      }),
    ]);
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    expect(await screen.findByText("Loading…")).toBeInTheDocument();
    const summary = await screen.findByRole("region", { name: "Summary" });
    expect(within(summary).getByText("US$5,000.00")).toBeInTheDocument();
    expect(within(summary).getByText("Draft")).toBeInTheDocument();
    expect(within(summary).getByText("85 days left")).toBeInTheDocument();
    expect(within(summary).getByText("Northwind Traders")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "Claim clm_1" })).toBeInTheDocument();
    const log = await screen.findByRole("region", { name: "History" });
    expect(await within(log).findByText("File refused")).toBeInTheDocument();
    expect(within(log).getByText("Not a PDF.")).toBeInTheDocument();
  });

  it("says when the claim does not exist, and shows other errors", async () => {
    const first = await renderApp("/claims/clm_1", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/claims/clm_1`, () =>
          HttpResponse.json({ code: "not_found", message: "No claim with this id." }, { status: 404 }),
        ),
      ],
    });
    expect(
      await screen.findByText("There is no claim with this ID, or it belongs to another partner."),
    ).toBeInTheDocument();
    first.unmount();
    await renderApp("/claims/clm_1", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/claims/clm_1`, () =>
          HttpResponse.json({ code: "internal_error", message: "x" }, { status: 500 }),
        ),
      ],
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side");
  });

  it("shows each upload status: missing, checking, received, refused with its reason, not required", async () => {
    const api = claimApi(
      claim({
        proof: {
          findings_report: { status: "received", file_name: "findings.pdf", size: 2048, received_at: iso(-1) },
          invoice: {
            status: "rejected",
            file_name: "invoice.pdf",
            reason: "The file was announced as a PDF but its content is not.",
          },
          partner_survey: { status: "not_applicable" },
          customer_survey: { status: "not_sent" },
        },
      }),
    );
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    const proof = await screen.findByRole("region", { name: "Proof of execution" });
    expect(within(proof).getByText("findings.pdf")).toBeInTheDocument();
    expect(
      within(proof).getByRole("button", { name: "Download Findings and recommendations document" }),
    ).toBeInTheDocument();
    expect(within(proof).getByText("Refused")).toBeInTheDocument();
    expect(within(proof).getByText(/The file was announced as a PDF but its content is not\./)).toBeInTheDocument();
    expect(within(proof).getByLabelText("Invoice")).toHaveAttribute("type", "file");
    expect(within(proof).getByLabelText("Findings and recommendations document")).toHaveAttribute("type", "file");
    expect(within(proof).getByText("Not required for this engagement.")).toBeInTheDocument();
  });

  it("shows a file being checked and polls until it is received", async () => {
    const api = claimApi(
      claim({ proof: { ...claim().proof, invoice: { status: "pending", file_name: "invoice.pdf" } } }),
    );
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    expect(await screen.findByText("Checking the file…")).toBeInTheDocument();
    api.state.claim = claim({
      version: 5,
      proof: { ...claim().proof, invoice: { status: "received", file_name: "invoice.pdf", size: 10 } },
    });
    expect(await screen.findByRole("button", { name: "Download Invoice" }, { timeout: 6000 })).toBeInTheDocument();
    expect(screen.queryByText("Checking the file…")).not.toBeInTheDocument();
  });

  it("uploads a file straight to storage with the presigned form, then shows the verdict", async () => {
    const requests: { announced?: unknown; storage?: string } = {};
    const api = claimApi(claim(), [
      http.post(`${API}/claims/clm_1/evidence/invoice/upload`, async ({ request }) => {
        requests.announced = await request.json();
        api.state.claim = claim({
          version: 4,
          proof: { ...claim().proof, invoice: { status: "pending", file_name: "invoice.pdf" } },
        });
        return HttpResponse.json(
          {
            url: "http://storage.test/bucket",
            fields: { key: "evidence/x", policy: "p" },
            expires_at: iso(1),
            upload_id: "u",
            key: "evidence/x",
          },
          { status: 201 },
        );
      }),
      http.post("http://storage.test/bucket", async ({ request }) => {
        const form = await request.formData();
        requests.storage = [...form.keys()].join(",");
        api.state.claim = claim({
          version: 5,
          proof: { ...claim().proof, invoice: { status: "received", file_name: "invoice.pdf", size: 9 } },
        });
        return new HttpResponse(null, { status: 204 });
      }),
    ]);
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    const input = await screen.findByLabelText("Invoice");
    await userEvent.upload(input, new File(["%PDF-1.4\n"], "invoice.pdf", { type: "application/pdf" }));
    expect(await screen.findByRole("button", { name: "Download Invoice" }, { timeout: 6000 })).toBeInTheDocument();
    expect(requests.announced).toEqual({ file_name: "invoice.pdf", content_type: "application/pdf", size: 9 });
    expect(requests.storage).toBe("key,policy,file");
  });

  it("refuses a file of the wrong kind before uploading, and shows a storage refusal", async () => {
    const api = claimApi(claim(), [
      http.post(`${API}/claims/clm_1/evidence/findings_report/upload`, () =>
        HttpResponse.json(
          { url: "http://storage.test/bucket", fields: { key: "k" }, expires_at: iso(1), upload_id: "u", key: "k" },
          { status: 201 },
        ),
      ),
      http.post(
        "http://storage.test/bucket",
        () =>
          new HttpResponse(
            "<Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message></Error>",
            { status: 400, headers: { "Content-Type": "application/xml" } },
          ),
      ),
    ]);
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    const input = await screen.findByLabelText("Findings and recommendations document");
    await userEvent.upload(input, new File(["x"], "notes.txt", { type: "text/plain" }), { applyAccept: false });
    expect(await screen.findByText("Choose a PDF, Word or PowerPoint file.")).toBeInTheDocument();
    await userEvent.upload(input, new File(["%PDF"], "report.pdf", { type: "application/pdf" }));
    expect(
      await screen.findByText(
        /The file storage refused the upload: Your proposed upload exceeds the maximum allowed size/,
      ),
    ).toBeInTheDocument();
  });

  it("shows each survey status and sends a survey", async () => {
    let sent = 0;
    const api = claimApi(
      claim({
        proof: {
          ...claim().proof,
          partner_survey: { status: "not_sent", send_count: 1, link_invalidated: true },
          customer_survey: { status: "completed", completed_at: iso(-1), send_count: 1 },
        },
      }),
      [
        http.post(`${API}/claims/clm_1/surveys/partner/send`, () => {
          sent += 1;
          api.state.claim = claim({
            version: 4,
            proof: {
              ...api.state.claim.proof,
              partner_survey: { status: "sent", sent_at: iso(0), send_count: 2, sent_to: "pat@contoso.example" },
            },
          });
          return HttpResponse.json({ status: "sent" }, { status: 202 });
        }),
      ],
    );
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    expect(
      await screen.findByText("The earlier link stopped working because the contact changed. Send the survey again."),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Completed /)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Send customer survey" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Send partner survey" }));
    expect(await screen.findByRole("button", { name: "Resend partner survey" })).toBeInTheDocument();
    expect(screen.getByText(/sent 2 times/)).toBeInTheDocument();
    expect(screen.getByText("Personal links sent to pat@contoso.example")).toBeInTheDocument();
    expect(sent).toBe(1);
  });

  it("names the recipient whose survey email bounced for good, next to one whose email failed", async () => {
    const links = [
      { name: "Pat", email: "pat@contoso.example", locale: "en", email_status: "failed" as const },
      { name: "Sam", email: "sam@contoso.example", locale: "en", email_status: "undeliverable" as const },
      { name: "Kim", email: "kim@contoso.example", locale: "en", email_status: "sent" as const },
    ];
    const api = claimApi(
      claim({
        proof: {
          ...claim().proof,
          partner_survey: { status: "sent", sent_at: iso(0), send_count: 1, email_status: "undeliverable", links },
        },
      }),
    );
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    expect(
      await screen.findByText(
        "The email to sam@contoso.example could not be delivered: the address does not accept email, or the recipient marked it as spam. Check the address, change the contact and send the survey again.",
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/^The email to pat@contoso.example could not be sent/)).toBeInTheDocument();
    expect(screen.queryByText(/kim@contoso.example could not/)).not.toBeInTheDocument();
  });

  it("says an undeliverable survey email in Dutch", async () => {
    const links = [{ name: "Sam", email: "sam@contoso.example", locale: "nl", email_status: "undeliverable" as const }];
    const api = claimApi(
      claim({
        proof: {
          ...claim().proof,
          customer_survey: { status: "sent", sent_at: iso(0), send_count: 1, email_status: "undeliverable", links },
        },
      }),
    );
    await renderApp("/claims/clm_1", { session: partnerSession(), locale: "nl", handlers: api.handlers });
    expect(
      await screen.findByText(/^De e-mail aan sam@contoso.example kon niet worden afgeleverd/),
    ).toBeInTheDocument();
  });

  it("shows the wait when a survey is resent too soon", async () => {
    const api = claimApi(
      claim({ proof: { ...claim().proof, customer_survey: { status: "sent", sent_at: iso(0), send_count: 1 } } }),
      [
        http.post(`${API}/claims/clm_1/surveys/customer/send`, () =>
          HttpResponse.json(
            { code: "too_soon", message: "x", retry_after: iso(0) },
            { status: 429, headers: { "Retry-After": "299" } },
          ),
        ),
      ],
    );
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    await userEvent.click(await screen.findByRole("button", { name: "Resend customer survey" }));
    expect(
      await screen.findByText("This was sent moments ago. You can send it again in 5 minutes."),
    ).toBeInTheDocument();
  });

  it("answers the partner survey in the app with typed answers", async () => {
    let answers: unknown;
    const api = claimApi(claim(), [
      http.post(`${API}/claims/clm_1/surveys/partner/response`, async ({ request }) => {
        answers = ((await request.json()) as { answers: unknown }).answers;
        api.state.claim = claim({
          version: 4,
          proof: {
            ...claim().proof,
            partner_survey: { status: "completed", completed_at: iso(0), answered_in_app: true },
          },
          missing: ["findings_report", "invoice", "customer_survey"],
        });
        return HttpResponse.json(api.state.claim);
      }),
    ]);
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    await userEvent.click(await screen.findByRole("button", { name: "Answer the partner survey here" }));
    const save = await screen.findByRole("button", { name: "Save survey answers" });
    await userEvent.click(save);
    expect(screen.getAllByText("This question needs an answer.")).toHaveLength(2);
    const yesNo = screen.getByRole("radiogroup", { name: /Was the workshop delivered as planned\?/ });
    await userEvent.click(within(yesNo).getByRole("radio", { name: "Yes" }));
    await userEvent.click(
      within(screen.getByRole("radiogroup", { name: /How engaged was the customer/ })).getByRole("radio", {
        name: "4",
      }),
    );
    await userEvent.type(screen.getByLabelText("Which next steps did you agree on?"), "A pilot in March.");
    await userEvent.click(save);
    expect(await screen.findByText(/^Completed in the app/)).toBeInTheDocument();
    expect(answers).toEqual({ delivered_as_planned: true, customer_engagement: 4, next_steps: "A pilot in March." });
  });

  it("lists in words what is missing, and again when the API refuses the submit", async () => {
    let key: string | null = null;
    const api = claimApi(claim({ missing: ["invoice", "customer_survey"] }), [
      http.post(`${API}/claims/clm_1/submit`, ({ request }) => {
        key = request.headers.get("idempotency-key");
        return HttpResponse.json(
          { code: "claim_incomplete", message: "x", missing: ["customer_survey"] },
          { status: 422 },
        );
      }),
    ]);
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    const submit = await screen.findByRole("region", { name: "Submit for review" });
    expect(within(submit).getByText("Still missing before you can submit:")).toBeInTheDocument();
    expect(within(submit).getByRole("list")).toHaveTextContent("InvoiceCustomer survey");
    await userEvent.click(within(submit).getByRole("button", { name: "Submit" }));
    expect(await within(submit).findByText("Not submitted. These items are still missing:")).toBeInTheDocument();
    expect(within(submit).getByRole("list")).toHaveTextContent(/^Customer survey$/);
    expect(key).toMatch(/.+/);
  });

  it("submits a complete claim", async () => {
    const api = claimApi(claim({ missing: [] }), [
      http.post(`${API}/claims/clm_1/submit`, () => {
        api.state.claim = claim({ status: "submitted", version: 4, missing: [] });
        return HttpResponse.json(api.state.claim);
      }),
    ]);
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    expect(await screen.findByText("All required proof is complete. You can submit the claim.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Submit" }));
    expect(await screen.findByText("The claim is submitted and waits for a reviewer.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Submit" })).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Invoice")).not.toBeInTheDocument();
  });

  it("locks the customer contact once the customer survey is completed", async () => {
    const api = claimApi(
      claim({ proof: { ...claim().proof, customer_survey: { status: "completed", completed_at: iso(-1) } } }),
    );
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    const contacts = await screen.findByRole("region", { name: "Contacts" });
    expect(
      within(contacts).getByText("The customer survey is completed, so the customer contact can no longer change."),
    ).toBeInTheDocument();
    await userEvent.click(within(contacts).getByRole("button", { name: "Edit contacts" }));
    const customer = await within(contacts).findByRole("group", { name: "Customer contact" });
    expect(within(customer).getByLabelText(/Email/)).toHaveAttribute("readonly");
    expect(within(customer).getByLabelText("Language of emails")).toBeDisabled();
  });

  it("warns before a contact change revokes a sent survey link, then saves with If-Match", async () => {
    let ifMatch: string | null = null;
    let body: unknown;
    const api = claimApi(
      claim({ proof: { ...claim().proof, customer_survey: { status: "sent", sent_at: iso(0), send_count: 1 } } }),
      [
        http.patch(`${API}/claims/clm_1`, async ({ request }) => {
          ifMatch = request.headers.get("if-match");
          body = await request.json();
          api.state.claim = claim({
            version: 4,
            contacts: { ...claim().contacts, customer: { name: "Ann", email: "it@northwind.example", locale: "nl" } },
            proof: { ...claim().proof, customer_survey: { status: "not_sent", link_invalidated: true, send_count: 1 } },
          });
          return HttpResponse.json(api.state.claim);
        }),
      ],
    );
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    const contacts = await screen.findByRole("region", { name: "Contacts" });
    await userEvent.click(within(contacts).getByRole("button", { name: "Edit contacts" }));
    const customer = await within(contacts).findByRole("group", { name: "Customer contact" });
    await userEvent.clear(within(customer).getByLabelText(/Email/));
    await userEvent.type(within(customer).getByLabelText(/Email/), "it@northwind.example");
    await userEvent.click(within(contacts).getByRole("button", { name: "Save contacts" }));
    const dialog = await screen.findByRole("alertdialog", { name: "This change stops a survey link" });
    expect(within(dialog).getByText("Customer survey")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Save and stop the link" }));
    expect(await within(contacts).findByText("Contacts saved.")).toBeInTheDocument();
    expect(ifMatch).toBe('"3"');
    expect(body).toEqual({ customer_contact: { name: "Ann", email: "it@northwind.example", locale: "nl" } });
  });

  it("on 412 says someone else changed the claim, reloads on request and keeps the typed comment", async () => {
    const seen: string[] = [];
    const api = claimApi(claim(), [
      http.patch(`${API}/claims/clm_1`, async ({ request }) => {
        const match = request.headers.get("if-match") ?? "";
        seen.push(match);
        if (match !== `"${api.state.claim.version}"`)
          return HttpResponse.json(
            { code: "precondition_failed", message: "stale", current_version: api.state.claim.version },
            { status: 412 },
          );
        const { comments } = (await request.json()) as { comments: string };
        api.state.claim = { ...api.state.claim, version: api.state.claim.version + 1, comments };
        return HttpResponse.json(api.state.claim);
      }),
    ]);
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    const comments = await screen.findByLabelText("Comments");
    await userEvent.type(comments, "Workshop held on 3 March.");
    // Meanwhile a colleague changes the comments (version 3 → 4).
    api.state.claim = { ...api.state.claim, version: 4, comments: "Colleague note" };
    await userEvent.click(screen.getByRole("button", { name: "Save comments" }));
    expect(await screen.findByText("Someone else changed this claim")).toBeInTheDocument();
    expect(screen.getByLabelText("Comments")).toHaveValue("Workshop held on 3 March.");
    await userEvent.click(screen.getByRole("button", { name: "Reload" }));
    await waitFor(() => expect(screen.queryByText("Someone else changed this claim")).not.toBeInTheDocument());
    expect(screen.getByLabelText("Comments")).toHaveValue("Workshop held on 3 March.");
    expect(screen.getByText(/Saved now: “Colleague note”/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Save comments" }));
    expect(await screen.findByText("Comments saved.")).toBeInTheDocument();
    expect(seen).toEqual(['"3"', '"4"']);
  });

  it("saves over a change that did not touch the edited part (a file checked meanwhile) without a conflict", async () => {
    const seen: string[] = [];
    const api = claimApi(claim(), [
      http.patch(`${API}/claims/clm_1`, async ({ request }) => {
        const match = request.headers.get("if-match") ?? "";
        seen.push(match);
        if (match !== `"${api.state.claim.version}"`)
          return HttpResponse.json({ code: "precondition_failed", message: "stale" }, { status: 412 });
        const { comments } = (await request.json()) as { comments: string };
        api.state.claim = { ...api.state.claim, version: api.state.claim.version + 1, comments };
        return HttpResponse.json(api.state.claim);
      }),
    ]);
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    await userEvent.type(await screen.findByLabelText("Comments"), "Held on 3 March.");
    api.state.claim = {
      ...api.state.claim,
      version: 4,
      proof: { ...api.state.claim.proof, invoice: { status: "received", file_name: "i.pdf" } },
    };
    await userEvent.click(screen.getByRole("button", { name: "Save comments" }));
    expect(await screen.findByText("Comments saved.")).toBeInTheDocument();
    expect(screen.queryByText("Someone else changed this claim")).not.toBeInTheDocument();
    expect(seen).toEqual(['"3"', '"4"']);
  });

  it("shows why a replacement file was refused while the earlier file stays", async () => {
    const received = { status: "received" as const, file_name: "invoice.pdf", size: 10, received_at: iso(-1) };
    const events: HistoryEvent[] = [...history.items] as unknown as HistoryEvent[];
    const api = claimApi(claim({ proof: { ...claim().proof, invoice: received } }), [
      http.get(`${API}/claims/clm_1/history`, () => HttpResponse.json(page(events))),
      http.post(`${API}/claims/clm_1/evidence/invoice/upload`, () =>
        HttpResponse.json(
          {
            url: "http://storage.test/bucket",
            fields: { key: "evidence/P/clm_1/invoice/upl_9" },
            expires_at: iso(1),
            upload_id: "upl_9",
            key: "evidence/P/clm_1/invoice/upl_9",
          },
          { status: 201 },
        ),
      ),
      http.post("http://storage.test/bucket", () => {
        events.push({
          at: iso(0),
          actor: { email: "system@workshop-claims", role: "system" },
          action: "evidence_rejected",
          seq: 9,
          details: {
            item: "invoice",
            file_name: "new.pdf",
            s3_key: "evidence/P/clm_1/invoice/upl_9",
            reason: "The file is not a PDF.",
          },
        });
        return new HttpResponse(null, { status: 204 });
      }),
    ]);
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    await userEvent.upload(
      await screen.findByLabelText("Invoice"),
      new File(["nope"], "new.pdf", { type: "application/pdf" }),
    );
    expect(
      await screen.findByText(
        "The new file was refused; the earlier one is kept. The file is not a PDF.",
        {},
        { timeout: 8000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Download Invoice" })).toBeInTheDocument();
  });

  it("disputes a rejection with a message", async () => {
    let message: unknown;
    const rejected = claim({
      status: "rejected",
      missing: [],
      decision: {
        outcome: "rejected",
        reason_code: "insufficient_proof",
        message: "The invoice is unreadable.",
        at: iso(-2),
      },
    });
    const api = claimApi(rejected, [
      http.post(`${API}/claims/clm_1/dispute`, async ({ request }) => {
        message = ((await request.json()) as { message: string }).message;
        api.state.claim = { ...rejected, status: "disputed", version: 4 };
        return HttpResponse.json(api.state.claim);
      }),
    ]);
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    expect(await screen.findByText("The claim was rejected: Insufficient proof")).toBeInTheDocument();
    const dispute = await screen.findByRole("region", { name: "Dispute the rejection" });
    expect(within(dispute).getByText(/28 days left/)).toBeInTheDocument();
    await userEvent.click(within(dispute).getByRole("button", { name: "Dispute" }));
    expect(within(dispute).getByText("Fill in this field.")).toBeInTheDocument();
    await userEvent.type(
      within(dispute).getByLabelText(/Why the decision should change/),
      "A readable copy is attached.",
    );
    await userEvent.click(within(dispute).getByRole("button", { name: "Dispute" }));
    expect(
      await screen.findByText("You disputed the rejection; a different reviewer will decide."),
    ).toBeInTheDocument();
    expect(message).toBe("A readable copy is attached.");
  });

  it("cancels a draft only after confirming", async () => {
    let canceled = 0;
    const api = claimApi(claim(), [
      http.post(`${API}/claims/clm_1/cancel`, () => {
        canceled += 1;
        api.state.claim = claim({ status: "canceled", version: 4 });
        return HttpResponse.json(api.state.claim);
      }),
    ]);
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    await userEvent.click(await screen.findByRole("button", { name: "Cancel claim" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Cancel this claim?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Keep the claim" }));
    expect(canceled).toBe(0);
    await userEvent.click(await screen.findByRole("button", { name: "Cancel claim" })); // once the closing dialog unhides the page
    await userEvent.click(
      within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Yes, cancel it" }),
    );
    expect(await screen.findByText("The claim was canceled.")).toBeInTheDocument();
    expect(canceled).toBe(1);
  });

  it("shows an information request and the claim’s notifications", async () => {
    const api = claimApi(
      claim({
        status: "action_required",
        missing: [],
        info_requests: [
          { at: iso(-1), reason_code: "invoice_mismatch", message: "The amount differs from the payout." },
        ],
        notifications: [
          {
            notification_id: "n1",
            claim_id: "clm_1",
            kind: "info_requested",
            message: "The reviewer asks for more information.",
            created_at: iso(-1),
            read: false,
          },
        ],
      }),
    );
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers });
    expect(
      await screen.findByText("The reviewer asks for more information: The invoice does not match"),
    ).toBeInTheDocument();
    expect(await screen.findByRole("region", { name: "Submit again" })).toBeInTheDocument();
    const notes = await screen.findByRole("region", { name: "Notifications" });
    expect(within(notes).getByRole("heading", { level: 3, name: /Information requested/ })).toBeInTheDocument();
    expect(section("Notifications")).toHaveTextContent("The reviewer asks for more information.");
  });

  it("speaks Dutch, labels included", async () => {
    const api = claimApi(claim({ missing: ["invoice"] }));
    await renderApp("/claims/clm_1", { session: partnerSession(), handlers: api.handlers, locale: "nl" });
    expect(await screen.findByRole("region", { name: "Bewijs van uitvoering" })).toBeInTheDocument();
    expect(screen.getByLabelText("Factuur")).toHaveAttribute("type", "file");
    expect(screen.getByRole("button", { name: "Partnerenquête versturen" })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Indienen ter beoordeling" })).toHaveTextContent("Factuur");
  });
});
