import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse, delay } from "msw";
import { renderApp, currentLocation } from "../render";
import { API, claim, engagement, iso, notification, page, partnerSession } from "../fixtures";

const claims = [
  claim({
    claim_id: "clm_a",
    status: "draft",
    submit_due: iso(40),
    customer: { name: "Northwind Traders", email: "ann@northwind.example" },
  }),
  claim({
    claim_id: "clm_b",
    status: "approved",
    customer: { name: "Adventure Works", email: "bo@adventure-works.example" },
  }),
  claim({
    claim_id: "clm_c",
    status: "draft",
    submit_due: iso(10),
    customer: { name: '=HYPERLINK("x")', email: "cy@tailspin.example" },
  }),
];

describe("Claims page", () => {
  afterEach(() => vi.restoreAllMocks());

  it("lists claims, soonest deadline first, with search, filters and CSV of what is shown", async () => {
    const queries: string[] = [];
    await renderApp("/claims", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/engagements`, () => HttpResponse.json(page([engagement()]))),
        http.get(`${API}/claims`, ({ request }) => {
          const status = new URL(request.url).searchParams.get("status");
          queries.push(new URL(request.url).search);
          return HttpResponse.json(page(status ? claims.filter((c) => c.status === status) : claims));
        }),
      ],
    });
    const table = await screen.findByRole("table", { name: "Claims" });
    const ids = () =>
      within(screen.getByRole("table", { name: "Claims" }))
        .getAllByRole("link")
        .map((a) => a.textContent);
    expect(ids()).toEqual(["clm_c", "clm_a", "clm_b"]);
    expect(screen.getByText("3 claims shown")).toBeInTheDocument();
    expect(within(table).getByText("10 days left")).toBeInTheDocument();

    await userEvent.type(screen.getByRole("searchbox", { name: "Search" }), "northwind");
    await waitFor(() => expect(ids()).toEqual(["clm_a"]));
    expect(currentLocation).toBe("/claims?q=northwind");
    await userEvent.clear(screen.getByRole("searchbox", { name: "Search" }));

    await userEvent.selectOptions(screen.getByLabelText("Status"), "approved");
    await waitFor(() => expect(ids()).toEqual(["clm_b"]));
    expect(queries.at(-1)).toContain("status=approved");
    await userEvent.selectOptions(screen.getByLabelText("Status"), "");
    await userEvent.selectOptions(screen.getByLabelText("Sort by"), "status");
    await waitFor(() => expect(ids()).toEqual(["clm_a", "clm_c", "clm_b"]));

    let csv = "";
    vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      (blob as Blob).text().then((t) => {
        csv = t;
      });
      return "blob:x";
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    await userEvent.type(screen.getByRole("searchbox", { name: "Search" }), "tailspin");
    await userEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(csv).not.toBe(""));
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("Claim,Customer,Customer email,Engagement,Status,Submit by,Review by,Days left");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('clm_c,"\'=HYPERLINK(""x"")",cy@tailspin.example,AI Business Value Workshop,Draft');
  });

  it("shows loading, empty and error states", async () => {
    const first = await renderApp("/claims", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/engagements`, () => HttpResponse.json(page([]))),
        http.get(`${API}/claims`, async () => {
          await delay(30);
          return HttpResponse.json(page([]));
        }),
      ],
    });
    expect(await screen.findByText("Loading…")).toBeInTheDocument();
    expect(
      await screen.findByText("You have no claims yet. Claims are opened from an engagement's customers page."),
    ).toBeInTheDocument();
    first.unmount();
    await renderApp("/claims", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/engagements`, () => HttpResponse.json(page([]))),
        http.get(`${API}/claims`, () => HttpResponse.json({ code: "forbidden", message: "no" }, { status: 403 })),
      ],
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("Your role may not do this.");
  });
});

describe("Notifications page", () => {
  it("shows the unread count, marks one read and links to its claim", async () => {
    const items = [
      notification(),
      notification({
        notification_id: "ntf_2",
        kind: "info_requested",
        read: true,
        message: "The reviewer asks for more information.",
      }),
    ];
    let read = false;
    await renderApp("/notifications", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/notifications`, ({ request }) => {
          const unread = new URL(request.url).searchParams.get("unread") === "true";
          const current = items.map((n) => (n.notification_id === "ntf_1" && read ? { ...n, read: true } : n));
          return HttpResponse.json(page(unread ? current.filter((n) => !n.read) : current));
        }),
        http.post(`${API}/notifications/ntf_1/read`, () => {
          read = true;
          return HttpResponse.json({ ...items[0], read: true });
        }),
      ],
    });
    expect(await screen.findByText("1 unread notification")).toBeInTheDocument();
    expect(await screen.findByRole("heading", { level: 2, name: /Claim approved/ })).toBeInTheDocument();
    expect(screen.getAllByRole("link", { name: "Open claim clm_1" })[0]).toHaveAttribute("href", "/claims/clm_1");
    await userEvent.click(screen.getByRole("button", { name: "Mark as read" }));
    expect(await screen.findByText("0 unread notifications")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Mark as read" })).not.toBeInTheDocument();
  });

  it("asks for the texts in the chosen language and fetches them again when it changes", async () => {
    const asked: (string | null)[] = [];
    const words: Record<string, string> = { en: "Your claim was approved.", nl: "Uw claim is goedgekeurd." };
    await renderApp("/notifications", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/notifications`, ({ request }) => {
          const language = request.headers.get("Accept-Language");
          asked.push(language);
          return HttpResponse.json(page([notification({ message: words[language ?? "en"] })]));
        }),
      ],
    });
    expect(await screen.findByText("Your claim was approved.")).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Language"), "nl");
    expect(await screen.findByText("Uw claim is goedgekeurd.")).toBeInTheDocument();
    expect(asked).toContain("en");
    expect(asked.at(-1)).toBe("nl");
  });

  it("shows empty, unread-only and error states", async () => {
    const first = await renderApp("/notifications?show=unread", { session: partnerSession() });
    expect(await screen.findByText("No unread notifications.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "All" }));
    expect(await screen.findByText("No notifications yet.")).toBeInTheDocument();
    first.unmount();
    await renderApp("/notifications", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/notifications`, () =>
          HttpResponse.json({ code: "internal_error", message: "x" }, { status: 500 }),
        ),
      ],
    });
    expect((await screen.findAllByRole("alert"))[0]).toHaveTextContent("Something went wrong on our side");
  });
});

describe("Payments page", () => {
  it("lists scheduled and paid payments with the remittance reference", async () => {
    await renderApp("/payments", {
      session: partnerSession("incentives-admin"),
      handlers: [
        http.get(`${API}/payments`, () =>
          HttpResponse.json(
            page([
              {
                claim_id: "clm_1",
                engagement_name: "AI Business Value Workshop",
                customer: { name: "Northwind", email: "ann@northwind.example" },
                amount: "5000.00",
                currency: "USD",
                payable_on: "2027-03-01",
                status: "scheduled",
                remittance_ref: null,
                paid_at: null,
              },
              {
                claim_id: "clm_2",
                engagement_name: "AI Business Value Workshop",
                customer: { name: "Wingtip", email: "di@wingtip.example" },
                amount: "3500.00",
                currency: "EUR",
                payable_on: "2027-01-15",
                status: "paid",
                remittance_ref: "REM-42",
                paid_at: "2027-01-16T10:00:00Z",
              },
            ]),
          ),
        ),
      ],
    });
    const table = await screen.findByRole("table", { name: "Payments" });
    expect(within(table).getByText("Scheduled")).toBeInTheDocument();
    expect(within(table).getByText("REM-42")).toBeInTheDocument();
    expect(within(table).getByText("€3,500.00")).toBeInTheDocument();
    expect(within(table).getByText("1 Mar 2027")).toBeInTheDocument();
  });

  it("shows empty and error states", async () => {
    const first = await renderApp("/payments", {
      session: partnerSession(),
      handlers: [http.get(`${API}/payments`, () => HttpResponse.json(page([])))],
    });
    expect(await screen.findByText("No payments yet.")).toBeInTheDocument();
    first.unmount();
    await renderApp("/payments", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/payments`, () =>
          HttpResponse.json({ code: "x", message: "Storage is down." }, { status: 500 }),
        ),
      ],
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("Storage is down.");
  });
});
