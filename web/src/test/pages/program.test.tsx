import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { currentLocation, renderApp } from "../render";
import { API, catalogueEngagement, iso, location, page, staffSession } from "../fixtures";

const admin = staffSession("program-admin");
const CONTOSO = { partner_id: "P-1001", name: "Contoso Consulting", currency: "USD" };
const FABRIKAM = { partner_id: "P-2002", name: "Fabrikam Partners", currency: "EUR" };

function error(status: number, body: Record<string, unknown>) {
  return HttpResponse.json(body, { status });
}

/** A CSV file as the picker hands it over. */
function csvFile(name: string, text: string): File {
  return new File([text], name, { type: "text/csv" });
}

describe("Program pages", () => {
  afterEach(() => vi.restoreAllMocks());

  it("lists partners a page at a time, and each tab has its own address", async () => {
    const tokens: (string | null)[] = [];
    await renderApp("/program", {
      session: admin,
      handlers: [
        http.get(`${API}/program/partners`, ({ request }) => {
          const token = new URL(request.url).searchParams.get("next_token");
          tokens.push(token);
          return HttpResponse.json(token ? page([FABRIKAM]) : page([CONTOSO], "page-2"));
        }),
        http.get(`${API}/program/locations`, () =>
          HttpResponse.json(page([location({ engagement_ids: ["ENG-AI-WORKSHOP", "ENG-SECURITY-WORKSHOP"] })])),
        ),
      ],
    });
    expect(await screen.findByRole("heading", { level: 1, name: "Program" })).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Partners" })).toHaveAttribute("aria-selected", "true");
    const table = await screen.findByRole("table", { name: "Partners" });
    for (const header of ["Partner ID", "Name", "Currency"])
      expect(within(table).getByRole("columnheader", { name: header })).toBeInTheDocument();
    expect(within(table).getAllByRole("row")).toHaveLength(2);
    await userEvent.click(screen.getByRole("button", { name: "Show more" }));
    expect(await within(table).findByText("Fabrikam Partners")).toBeInTheDocument();
    expect(tokens).toEqual([null, "page-2"]);
    expect(screen.queryByRole("button", { name: "Show more" })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("tab", { name: "Locations" }));
    expect(currentLocation).toBe("/program?tab=locations");
    const locations = await screen.findByRole("table", { name: "Locations" });
    const row = within(locations).getAllByRole("row")[1];
    expect(row).toHaveTextContent("Contoso Consulting"); // the partner's name, from the partner list
    expect(row).toHaveTextContent("Netherlands (NL)");
    expect(row).toHaveTextContent("ENG-SECURITY-WORKSHOP");
    expect(screen.getByLabelText("Import CSV file: Locations")).toHaveAttribute("type", "file");
    expect(screen.getByRole("button", { name: "Add location" })).toBeInTheDocument();
  });

  it("adds a partner; a refusal shows at the field it names and keeps what was typed", async () => {
    const bodies: Record<string, string>[] = [];
    let partners = [CONTOSO];
    await renderApp("/program?tab=partners", {
      session: admin,
      handlers: [
        http.get(`${API}/program/partners`, () => HttpResponse.json(page(partners))),
        http.post(`${API}/program/partners`, async ({ request }) => {
          const body = (await request.json()) as typeof CONTOSO;
          bodies.push(body);
          if (body.currency === "XTS") {
            return error(422, {
              code: "validation_error",
              message: "Invalid request body",
              details: [
                {
                  loc: ["body", "currency"],
                  msg: "XTS is a testing code, not a payout currency.",
                  type: "value_error",
                },
              ],
            });
          }
          partners = [...partners, body];
          return HttpResponse.json(body, { status: 201 });
        }),
      ],
    });
    await userEvent.click(await screen.findByRole("button", { name: "Add partner" }));
    const dialog = await screen.findByRole("dialog", { name: "Add partner" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Add partner" }));
    expect(within(dialog).getAllByText("Fill in this field.")).toHaveLength(3);
    expect(bodies).toHaveLength(0);

    await userEvent.type(within(dialog).getByLabelText(/Partner ID/), "P-3003");
    await userEvent.type(within(dialog).getByLabelText(/^Name/), "Tailspin Advisors");
    await userEvent.type(within(dialog).getByLabelText(/Payout currency/), "xts");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add partner" }));
    const currency = within(dialog).getByLabelText(/Payout currency/);
    await waitFor(() => expect(currency).toHaveAttribute("aria-invalid", "true"));
    expect(within(dialog).getByText("XTS is a testing code, not a payout currency.")).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Partner ID/)).toHaveValue("P-3003");
    expect(within(dialog).getByLabelText(/^Name/)).toHaveValue("Tailspin Advisors");
    expect(currency).toHaveValue("xts");

    await userEvent.clear(currency);
    await userEvent.type(currency, "eur");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add partner" }));
    expect(await screen.findByText("P-3003 was added.")).toBeInTheDocument();
    expect(bodies.at(-1)).toEqual({ partner_id: "P-3003", name: "Tailspin Advisors", currency: "EUR" });
    expect(
      await within(await screen.findByRole("table", { name: "Partners" })).findByText("Tailspin Advisors"),
    ).toBeInTheDocument();
  });

  it("says an id is taken, next to the id, in the user’s words", async () => {
    await renderApp("/program?tab=tenants", {
      session: admin,
      handlers: [
        http.get(`${API}/program/tenants`, () => HttpResponse.json(page([]))),
        http.post(`${API}/program/tenants`, () =>
          error(409, {
            code: "domain_taken",
            message: "The domain northwind.example already belongs to another tenant.",
            domains: ["northwind.example"],
          }),
        ),
      ],
    });
    expect(
      await screen.findByText("The tenant directory is empty. Add a tenant, or import a CSV file."),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Add tenant" }));
    const dialog = await screen.findByRole("dialog", { name: "Add tenant" });
    await userEvent.type(within(dialog).getByLabelText(/Tenant ID/), "6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f");
    await userEvent.type(within(dialog).getByLabelText(/Email domains/), "northwind.example; not a domain");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add tenant" }));
    expect(await within(dialog).findByText("This is not a domain name: not")).toBeInTheDocument();
    await userEvent.clear(within(dialog).getByLabelText(/Email domains/));
    await userEvent.type(within(dialog).getByLabelText(/Email domains/), "northwind.example");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add tenant" }));
    expect(
      await within(dialog).findByText("This domain already belongs to another tenant: northwind.example."),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Email domains/)).toHaveAttribute("aria-invalid", "true");
  });

  it("imports a CSV file as text/csv and reports each refused row with its line and reason", async () => {
    const sent: { type: string | null; text: string }[] = [];
    const received: number[][] = [];
    await renderApp("/program?tab=locations", {
      session: admin,
      handlers: [
        http.get(`${API}/program/locations`, () => HttpResponse.json(page([location()]))),
        http.get(`${API}/program/partners`, () => HttpResponse.json(page([CONTOSO]))),
        http.post(`${API}/program/imports/locations`, async ({ request }) => {
          const bytes = new Uint8Array(await request.arrayBuffer());
          received.push([...bytes]);
          const text = new TextDecoder().decode(bytes);
          sent.push({ type: request.headers.get("Content-Type"), text });
          if (text.startsWith("colour")) {
            return error(422, {
              code: "invalid_csv",
              message: "The header does not fit locations: unknown column(s) colour.",
            });
          }
          return HttpResponse.json({
            applied: 1,
            unchanged: 0,
            refused: [
              {
                row: 3,
                code: "partner_not_found",
                message: "No partner with the id P-NOBODY; import the partner first.",
              },
              { row: 4, code: "some_new_code", message: "A reason the app has no words for yet." },
            ],
          });
        }),
      ],
    });
    const csv =
      "location_id,partner_id,country,engagement_ids\r\nL-3003,P-1001,NL,*\r\nL-3004,P-NOBODY,NL,*\r\nL-3005,P-1001,NL,ENG-X\r\n";
    await userEvent.upload(await screen.findByLabelText("Import CSV file: Locations"), csvFile("locations.csv", csv));
    expect(await screen.findByText("Import of locations.csv")).toBeInTheDocument();
    expect(await screen.findByText(/1 row applied · 0 rows already there · 2 rows refused/)).toBeInTheDocument();
    expect(sent).toEqual([{ type: "text/csv", text: csv }]);
    const refused = screen.getByRole("table", { name: "Refused rows of locations.csv" });
    const rows = within(refused).getAllByRole("row").slice(1);
    // Each cell's value (its first child is the column's name, shown on narrow screens only).
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole("cell")
          .map((c) => c.lastChild?.textContent),
      ),
    ).toEqual([
      ["3", "Unknown partner", "No partner with the id P-NOBODY; import the partner first."],
      ["4", "some_new_code", "A reason the app has no words for yet."],
    ]);

    // The file goes as it is: bytes that are not UTF-8 are the API's to refuse, not replaced here.
    fireEvent.change(screen.getByLabelText("Import CSV file: Locations"), {
      target: {
        files: [
          new File([new Uint8Array([0x4c, 0x2d, 0x31, 0x2c, 0x43, 0x61, 0x66, 0xe9])], "latin1.csv", {
            type: "text/csv",
          }),
        ],
      },
    });
    await waitFor(() => expect(received.at(-1)).toEqual([0x4c, 0x2d, 0x31, 0x2c, 0x43, 0x61, 0x66, 0xe9]));

    // A file refused as a whole says why, and nothing was imported.
    fireEvent.change(screen.getByLabelText("Import CSV file: Locations"), {
      target: { files: [csvFile("colours.csv", "colour\r\nred\r\n")] },
    });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("colours.csv was not imported. Nothing was changed.");
    expect(alert).toHaveTextContent("unknown column(s) colour");
  });

  it("exports a kind as the CSV file the API names", async () => {
    let csv = "";
    let accept: string | null = null;
    vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      (blob as Blob).text().then((t) => {
        csv = t;
      });
      return "blob:x";
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    await renderApp("/program?tab=partners", {
      session: admin,
      handlers: [
        http.get(`${API}/program/partners`, () => HttpResponse.json(page([CONTOSO]))),
        http.get(`${API}/program/exports/partners`, ({ request }) => {
          accept = request.headers.get("Accept");
          return new HttpResponse("partner_id,name,currency\r\nP-1001,Contoso Consulting,USD\r\n", {
            headers: {
              "Content-Type": "text/csv; charset=utf-8",
              "Content-Disposition": 'attachment; filename="partners.csv"',
            },
          });
        }),
      ],
    });
    await userEvent.click(await screen.findByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(csv).toContain("P-1001,Contoso Consulting,USD"));
    expect(clicked).toEqual(["partners.csv"]);
    expect(accept).toBe("text/csv");
  });

  it("sends no change when nothing was changed", async () => {
    const patches: unknown[] = [];
    await renderApp("/program?tab=engagements", {
      session: admin,
      handlers: [
        http.get(`${API}/program/engagements`, () => HttpResponse.json(page([catalogueEngagement()]))),
        http.patch(`${API}/program/engagements/ENG-AI-WORKSHOP`, async ({ request }) => {
          patches.push(await request.json());
          return HttpResponse.json({});
        }),
      ],
    });
    const table = await screen.findByRole("table", { name: "Engagements" });
    expect(within(table).getByText("US$5,000.00")).toBeInTheDocument();
    expect(
      within(table).getByText("Consent 30 · submit 90 · review 120 · dispute 30 · payment 45"),
    ).toBeInTheDocument();
    await userEvent.click(within(table).getByRole("button", { name: "Edit AI Business Value Workshop" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit ENG-AI-WORKSHOP" });
    expect(within(dialog).getByLabelText(/^Name/)).toHaveValue("AI Business Value Workshop");
    expect(within(dialog).getByLabelText(/Survey questions/)).toHaveValue(
      JSON.stringify(catalogueEngagement().surveys, null, 2),
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Nothing was changed.")).toBeInTheDocument();
    expect(patches).toHaveLength(0);
  });

  it("edits an engagement, and says clearly when it is in use and can no longer change", async () => {
    const patches: Record<string, unknown>[] = [];
    await renderApp("/program?tab=engagements", {
      session: admin,
      handlers: [
        http.get(`${API}/program/engagements`, () => HttpResponse.json(page([catalogueEngagement()]))),
        http.patch(`${API}/program/engagements/ENG-AI-WORKSHOP`, async ({ request }) => {
          patches.push((await request.json()) as Record<string, unknown>);
          return error(409, {
            code: "engagement_in_use",
            message: "Customers have already been nominated on this engagement.",
          });
        }),
      ],
    });
    const table = await screen.findByRole("table", { name: "Engagements" });
    await userEvent.click(within(table).getByRole("button", { name: "Edit AI Business Value Workshop" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit ENG-AI-WORKSHOP" });
    const amount = within(dialog).getByLabelText(/Payout amount/);
    await userEvent.clear(amount);
    await userEvent.type(amount, "6000.00");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save changes" }));
    const refusal = await within(dialog).findByRole("alert");
    expect(refusal).toHaveTextContent("This engagement can no longer change");
    expect(refusal).toHaveTextContent(
      "Customers have already been nominated on this engagement, and their nominations keep the terms they were made under. Create a new engagement instead.",
    );
    expect(patches).toEqual([{ payout: { amount: "6000.00", currency: "USD" } }]);
    expect(amount).toHaveValue("6000.00");

    // The way out: a new engagement from this one, with the change typed here; its id is chosen anew.
    await userEvent.click(within(refusal).getByRole("button", { name: "Start a new engagement from this one" }));
    const add = await screen.findByRole("dialog", { name: "Add engagement" });
    expect(within(add).getByLabelText(/Engagement ID/)).toHaveValue("");
    expect(within(add).getByLabelText(/Payout amount/)).toHaveValue("6000.00");
    expect(within(add).getByLabelText(/^Name/)).toHaveValue("AI Business Value Workshop");
  });

  it("adds an engagement from a copy, and lists the catalogue rules the API says it breaks", async () => {
    const bodies: Record<string, unknown>[] = [];
    await renderApp("/program?tab=engagements", {
      session: admin,
      handlers: [
        http.get(`${API}/program/engagements`, () => HttpResponse.json(page([catalogueEngagement()]))),
        http.post(`${API}/program/engagements`, async ({ request }) => {
          const body = (await request.json()) as Record<string, unknown>;
          bodies.push(body);
          return error(422, {
            code: "invalid_engagement",
            message: "The engagement breaks the catalogue's rules: …",
            problems: [
              "starts_on must not be after ends_on.",
              "The partner survey is a required proof item, so it needs at least one question.",
            ],
          });
        }),
      ],
    });
    await userEvent.click(await screen.findByRole("button", { name: "Add engagement" }));
    const dialog = await screen.findByRole("dialog", { name: "Add engagement" });
    await userEvent.selectOptions(await within(dialog).findByLabelText("Start from a copy of"), "ENG-AI-WORKSHOP");
    expect(within(dialog).getByLabelText(/Solution area/)).toHaveValue("AI Business Solutions");
    await userEvent.type(within(dialog).getByLabelText(/Engagement ID/), "ENG-COPILOT");
    const consent = within(dialog).getByLabelText(/^Consent/);
    await userEvent.clear(consent);
    await userEvent.type(consent, "0");
    const surveys = within(dialog).getByLabelText(/Survey questions/);
    await userEvent.clear(surveys);
    fireEvent.change(surveys, { target: { value: '{"partner": [' } });
    await userEvent.click(within(dialog).getByRole("button", { name: "Add engagement" }));
    expect(await within(dialog).findByText("Enter a whole number of days, more than 0.")).toBeInTheDocument();
    expect(within(dialog).getByText(/^This is not valid JSON/)).toBeInTheDocument();
    expect(bodies).toHaveLength(0);

    await userEvent.clear(consent);
    await userEvent.type(consent, "30");
    fireEvent.change(surveys, { target: { value: '{"partner": [], "customer": []}' } });
    await userEvent.click(within(dialog).getByRole("button", { name: "Add engagement" }));
    const refusal = await within(dialog).findByRole("alert");
    expect(refusal).toHaveTextContent("The engagement breaks the catalogue's rules");
    expect(
      within(refusal)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      "starts_on must not be after ends_on.",
      "The partner survey is a required proof item, so it needs at least one question.",
    ]);
    expect(bodies[0]).toMatchObject({
      engagement_id: "ENG-COPILOT",
      name: "AI Business Value Workshop",
      windows: { consent_days: 30 },
      surveys: { partner: [], customer: [] },
    });
    expect(within(dialog).getByLabelText(/Engagement ID/)).toHaveValue("ENG-COPILOT");
  });

  it("shows the audit history: who changed what, and the values before and after", async () => {
    await renderApp("/program?tab=audit", {
      session: admin,
      handlers: [
        http.get(`${API}/program/audit`, () =>
          HttpResponse.json(
            page([
              {
                at: iso(-1),
                kind: "engagements",
                ref_id: "ENG-AI-WORKSHOP",
                action: "updated",
                actor: { sub: "u1", email: "olga@program.example", role: "program-admin" },
                before: { name: "AI Workshop", payout: { amount: "5000.00", currency: "USD" } },
                after: { name: "AI Workshop", payout: { amount: "6000.00", currency: "USD" } },
              },
              {
                at: iso(-2),
                kind: "partners",
                ref_id: "P-3003",
                action: "created",
                actor: { sub: "u1", email: "olga@program.example", role: "program-admin" },
                before: null,
                after: { partner_id: "P-3003" },
              },
            ]),
          ),
        ),
      ],
    });
    const table = await screen.findByRole("table", { name: "Audit history" });
    const [updated, created] = within(table).getAllByRole("row").slice(1);
    expect(updated).toHaveTextContent("Engagement");
    expect(updated).toHaveTextContent("Changed: payout");
    expect(updated).toHaveTextContent('"amount": "6000.00"');
    expect(updated).toHaveTextContent("Program admin");
    expect(created).toHaveTextContent("Created");
    expect(created).toHaveTextContent("P-3003");
  });

  it("speaks Dutch with its own words", async () => {
    await renderApp("/program?tab=tenants", {
      session: admin,
      locale: "nl",
      handlers: [
        http.get(`${API}/program/tenants`, () =>
          HttpResponse.json(page([{ tenant_id: "t-1", domains: ["northwind.example"] }])),
        ),
      ],
    });
    expect(await screen.findByRole("heading", { level: 1, name: "Programma" })).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Tenantregister" })).toHaveAttribute("aria-selected", "true");
    expect(await screen.findByRole("table", { name: "Tenantregister" })).toHaveTextContent("northwind.example");
    expect(screen.getByLabelText("CSV-bestand importeren: Tenantregister")).toBeInTheDocument();
  });
});
