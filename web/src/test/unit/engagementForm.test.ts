import { describe, expect, it } from "vitest";
import type { TFunction } from "i18next";
import { changesOf, engagementOf, valuesOf, withCatalogueDefaults } from "../../pages/program/engagementForm";
import { catalogueEngagement } from "../fixtures";

const t = ((key: string) => key) as unknown as TFunction<"program">;

describe("the engagement form", () => {
  it("turns a catalogue entry into values and back unchanged", () => {
    const entry = catalogueEngagement();
    expect(engagementOf(valuesOf(entry), t)).toEqual({ body: entry, problems: {} });
  });

  it("starts an empty form with the catalogue’s default windows and every proof item", () => {
    const values = valuesOf(null);
    expect(values.windows).toEqual({
      consent_days: "30",
      submit_days: "90",
      review_days: "120",
      dispute_days: "30",
      payment_days: "45",
    });
    expect(values.proof_items).toEqual(["findings_report", "invoice", "partner_survey", "customer_survey"]);
    expect(JSON.parse(values.surveys)).toEqual({ partner: [], customer: [] });
  });

  it("fills in what a listed entry leaves to the catalogue’s defaults", () => {
    const { windows: _w, proof_items: _p, ...stored } = catalogueEngagement();
    expect(withCatalogueDefaults({ ...stored, windows: { consent_days: 10 } } as never)).toEqual(
      catalogueEngagement({
        windows: { consent_days: 10, submit_days: 90, review_days: 120, dispute_days: 30, payment_days: 45 },
      }),
    );
  });

  it("names what it cannot read: days, an amount, the surveys", () => {
    const values = valuesOf(catalogueEngagement());
    const { problems } = engagementOf(
      {
        ...values,
        windows: { ...values.windows, review_days: "0", dispute_days: "2.5" },
        payout: { amount: "5.000,00", currency: "eur" },
        surveys: "[]",
      },
      t,
    );
    expect(problems).toEqual({
      "windows.review_days": "checks.positiveDays",
      "windows.dispute_days": "checks.positiveDays",
      "payout.amount": "checks.amount",
      surveys: "checks.surveysShape",
    });
    expect(engagementOf({ ...values, surveys: '{"partner": [' }, t).problems.surveys).toBe("checks.json");
  });

  it("changes only what was changed; the proof items’ order is no change", () => {
    const before = catalogueEngagement();
    const after = {
      ...before,
      payout: { amount: "6000.00", currency: "USD" },
      proof_items: [...(before.proof_items ?? [])].reverse(),
    };
    expect(changesOf(before, after)).toEqual({ payout: { amount: "6000.00", currency: "USD" } });
    expect(changesOf(before, { ...before })).toEqual({});
  });
});
