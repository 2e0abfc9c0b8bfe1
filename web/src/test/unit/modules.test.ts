import { describe, expect, it } from "vitest";
import { validate, compact, ruleOf } from "../../api/constraints";
import { ApiError, fieldPath, parseRetryAfter } from "../../api/errors";
import { csvCell, toCsv } from "../../pages/claimsCsv";
import { daysLeft } from "../../i18n/format";
import { safeReturnTo, signInPath } from "../../auth/returnTo";
import { decodeJwt, roleOf, sessionFromToken, signInRefusal } from "../../auth/session";
import { claimPollInterval } from "../../api/queries";
import { fakeToken, claim } from "../fixtures";
// @ts-expect-error plain ESM script without types
import { compare } from "../../../scripts/check-i18n.mjs";
import en from "../../i18n/en.json";
import nl from "../../i18n/nl.json";
import programEn from "../../i18n/program/en.json";
import programNl from "../../i18n/program/nl.json";

describe("sign-in refusals", () => {
  it("tells a staff account without its second factor apart from an account without a role", () => {
    expect(signInRefusal(fakeToken({ email: "rv@program.example", mfa_required: "true" }))).toBe("mfa_required");
    expect(signInRefusal(fakeToken({ email: "nobody@program.example" }))).toBe("no_role");
  });
});

describe("form checks from the OpenAPI document", () => {
  it("knows required fields, email format and lengths of Nominate", () => {
    expect(validate("Nominate", {})).toEqual({ location_id: { key: "required" }, customer_email: { key: "required" } });
    expect(validate("Nominate", { location_id: "L-1", customer_email: "nope" })).toEqual({
      customer_email: { key: "email" },
    });
    expect(validate("Nominate", { location_id: "x".repeat(201), customer_email: "a@b.example" })).toEqual({
      location_id: { key: "maxLength", params: { max: 200 } },
    });
    expect(validate("Nominate", { location_id: "L-1", customer_email: "Zoë@müller.example" })).toEqual({
      customer_email: { key: "email" },
    });
    // SES cannot deliver to a non-ASCII local part (shared/domain/mailsafe.py): refused like any other bad address
    expect(validate("Nominate", { location_id: "L-1", customer_email: "zoë@mueller.example" })).toEqual({
      customer_email: { key: "email" },
    });
    expect(validate("Nominate", { location_id: "L-1", customer_email: "zoe@xn--mller-kva.example" })).toEqual({});
  });

  it("says what a pattern asks for: a GUID, one line of text", () => {
    expect(validate("Nominate", { location_id: "L-1", customer_email: "a@b.example", tenant_id: "contoso" })).toEqual({
      tenant_id: { key: "guid" },
    });
    expect(
      validate("ConsentRequest", {
        customer_contact: { name: "Ann\nBcc: x@evil.example", email: "x@y.example" },
        partner_contact: { name: "P", email: "p@y.example" },
      }),
    ).toEqual({ "customer_contact.name": { key: "singleLine" } });
  });

  it("checks nested contacts and lists of contacts", () => {
    expect(
      validate("ConsentRequest", {
        customer_contact: { name: " ", email: "x@y.example" },
        partner_contact: { name: "P", email: "bad" },
      }),
    ).toEqual({ "customer_contact.name": { key: "required" }, "partner_contact.email": { key: "email" } });
    expect(validate("ClaimPatch", { partner_contacts: [] })).toEqual({
      partner_contacts: { key: "minItems", params: { min: 1 } },
    });
    expect(validate("ClaimPatch", { comments: "x".repeat(5001) })).toEqual({
      comments: { key: "maxLength", params: { max: 5000 } },
    });
    expect(ruleOf("ClaimPatch", "comments")?.maxLength).toBe(5000);
    expect(ruleOf("ConsentRequest", "customer_contact.email")?.format).toBe("email");
  });

  it("sends blank optional fields as absent", () => {
    expect(compact({ a: "x", b: "", c: "  ", d: null })).toEqual({ a: "x" });
  });
});

describe("API errors", () => {
  it("names the fields of a validation error and of a coded refusal", () => {
    const validation = new ApiError(422, {
      code: "validation_error",
      message: "bad",
      details: [{ loc: ["body", "customer_contact", "email"], msg: "not an email", type: "value_error" }],
    });
    expect(validation.fieldErrors()).toEqual({ "customer_contact.email": "not an email" });
    expect(new ApiError(422, { code: "tenant_id_required", message: "give it" }).fieldErrors()).toEqual({
      tenant_id: "give it",
    });
    expect(new ApiError(422, { code: "claim_incomplete", message: "m", missing: ["invoice"] }).missing).toEqual([
      "invoice",
    ]);
    expect(fieldPath(["answers", "q1"])).toBe("answers.q1");
  });

  it("reads Retry-After as seconds, as a date, or the retry_after time", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("120", null, now)).toBe(120);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", null, now)).toBe(60);
    expect(parseRetryAfter(null, "2026-01-01T00:05:00Z", now)).toBe(300);
    expect(parseRetryAfter(null, null, now)).toBeNull();
  });
});

describe("CSV export", () => {
  it("quotes and defuses formula cells", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("-5")).toBe("'-5");
    expect(
      toCsv([
        ["a", "b"],
        ["c", "d"],
      ]),
    ).toBe("a,b\r\nc,d\r\n");
  });
});

describe("days left", () => {
  it("counts whole days rounded up, like the API, and zero once passed", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(daysLeft("2026-01-01T00:00:01Z", now)).toBe(1);
    expect(daysLeft("2026-01-02T00:00:00Z", now)).toBe(1);
    expect(daysLeft("2026-01-02T00:00:01Z", now)).toBe(2);
    expect(daysLeft("2025-12-31T00:00:00Z", now)).toBe(0);
    expect(daysLeft(null, now)).toBeNull();
  });
});

describe("sign-in", () => {
  it("returns only to paths inside the app", () => {
    expect(safeReturnTo("/claims/clm_1?x=1")).toBe("/claims/clm_1?x=1");
    expect(safeReturnTo("//evil.example")).toBeNull();
    expect(safeReturnTo("https://evil.example")).toBeNull();
    expect(safeReturnTo("/sign-in")).toBeNull();
    expect(signInPath("/claims", "expired")).toBe("/sign-in?return=%2Fclaims&reason=expired");
  });

  it("reads the role and partner from a Cognito-shaped token", () => {
    const token = fakeToken({
      email: "pat@contoso.example",
      "cognito:groups": ["incentives-user", "incentives-admin"],
      "custom:partner_id": "P-1001",
    });
    expect(decodeJwt(token)?.email).toBe("pat@contoso.example");
    expect(sessionFromToken(token, "cognito")).toMatchObject({
      role: "incentives-admin",
      partnerId: "P-1001",
      email: "pat@contoso.example",
    });
    expect(roleOf(["program-admin"])).toBe("program-admin");
    expect(sessionFromToken(fakeToken({ email: "x@y.example", "cognito:groups": ["nobody"] }), "cognito")).toBeNull();
  });
});

describe("polling", () => {
  it("polls fast while a file is checked, slowly while a survey is out, not otherwise", () => {
    expect(claimPollInterval(claim({ proof: { ...claim().proof, invoice: { status: "pending" } } }), false)).toBe(1500);
    expect(claimPollInterval(claim({ proof: { ...claim().proof, customer_survey: { status: "sent" } } }), false)).toBe(
      15000,
    );
    expect(claimPollInterval(claim(), false)).toBe(false);
    expect(claimPollInterval(claim(), true)).toBe(1500);
  });
});

describe("catalogues", () => {
  it("are complete in en and nl with the same variables, the program pages’ namespace too", () => {
    expect(compare({ en, nl }).problems).toEqual([]);
    expect(compare({ en: programEn, nl: programNl }).problems).toEqual([]);
  });

  it("catch a key present in one locale only, an empty text and differing variables", () => {
    const { problems } = compare({ en: { a: "A", b: "Hi {{name}}", c: "C" }, nl: { a: "", b: "Hoi {{naam}}" } });
    expect(problems).toEqual([
      "a: empty in nl",
      "b: different {{variables}} per locale (en: name; nl: naam)",
      "c: only in en",
    ]);
  });
});
