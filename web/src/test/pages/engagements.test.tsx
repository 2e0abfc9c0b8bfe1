import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import { http, HttpResponse, delay } from "msw";
import { renderApp } from "../render";
import { API, engagement, page, partnerSession } from "../fixtures";

describe("Engagements page", () => {
  it("shows a loading state, then the catalogue with availability, payout and windows", async () => {
    await renderApp("/engagements", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/engagements`, async () => {
          await delay(50);
          return HttpResponse.json(
            page([
              engagement(),
              engagement({
                engagement_id: "ENG-2",
                name: "Copilot Accelerator",
                availability: "upcoming",
                payout: { amount: "4000.00", currency: "EUR" },
              }),
            ]),
          );
        }),
      ],
    });
    expect(await screen.findByText("Loading…")).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Engagements" });
    const link = within(table).getByRole("link", { name: "AI Business Value Workshop" });
    expect(link).toHaveAttribute("href", "/engagements/ENG-AI-WORKSHOP/customers?tab=eligible");
    expect(within(table).getByText("Active")).toBeInTheDocument();
    expect(within(table).getByText("Upcoming")).toBeInTheDocument();
    expect(within(table).getByText("US$5,000.00")).toBeInTheDocument();
    expect(within(table).getAllByText("Consent 30 days · submit 90 days · review 120 days")).toHaveLength(2);
    expect(screen.getByRole("heading", { level: 1, name: "Engagements" })).toBeInTheDocument();
  });

  it("says so when the catalogue is empty", async () => {
    await renderApp("/engagements", {
      session: partnerSession(),
      handlers: [http.get(`${API}/engagements`, () => HttpResponse.json(page([])))],
    });
    expect(await screen.findByText("There are no engagements in the catalogue yet.")).toBeInTheDocument();
  });

  it("shows the error and offers a retry", async () => {
    let calls = 0;
    await renderApp("/engagements", {
      session: partnerSession(),
      handlers: [
        http.get(`${API}/engagements`, () => {
          calls += 1;
          return calls === 1
            ? HttpResponse.json({ code: "service_unavailable", message: "busy" }, { status: 503 })
            : HttpResponse.json(page([engagement()]));
        }),
      ],
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("The service is busy. Try again shortly.");
    (await screen.findByRole("button", { name: "Try again" })).click();
    expect(await screen.findByRole("link", { name: "AI Business Value Workshop" })).toBeInTheDocument();
  });

  it("is in Dutch when the user chose Dutch", async () => {
    await renderApp("/engagements", {
      session: partnerSession(),
      locale: "nl",
      handlers: [http.get(`${API}/engagements`, () => HttpResponse.json(page([engagement()])))],
    });
    expect(
      await screen.findByText("Toestemming 30 dagen · indienen 90 dagen · beoordeling 120 dagen"),
    ).toBeInTheDocument();
    expect(screen.getByText("Actief")).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: "Uitbetaling" })).toBeInTheDocument();
  });
});
