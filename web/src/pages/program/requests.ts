// The program admin's calls (DESIGN.md §7), through the typed client: its token, its 401 handling, its errors.
import type { Api } from "../../api/client";
import { ok } from "../../api/client";
import type { Page } from "../../api/types";
import { withCatalogueDefaults } from "./engagementForm";
import type { Bodies, CatalogueEngagement, EngagementChanges, ImportReport, ReferenceKind, Rows } from "./kinds";

type Client = Api["client"];

export async function listPage<K extends ReferenceKind>(
  client: Client,
  kind: K,
  nextToken?: string,
): Promise<Page<Rows[K]>> {
  const options = { params: { query: { next_token: nextToken } } };
  const call = {
    partners: () => ok(client.GET("/program/partners", options)),
    locations: () => ok(client.GET("/program/locations", options)),
    tenants: () => ok(client.GET("/program/tenants", options)),
    engagements: () => ok(client.GET("/program/engagements", options)),
  }[kind];
  const page = (await call()).data as unknown as Page<Rows[K]>;
  if (kind !== "engagements") return page;
  return { ...page, items: (page.items as CatalogueEngagement[]).map(withCatalogueDefaults) as Rows[K][] };
}

/** Creates a row; `created` is false when the very same row was already there (the API's 200). */
export async function createRow<K extends ReferenceKind>(
  client: Client,
  kind: K,
  body: Bodies[K],
): Promise<{ row: Rows[K]; created: boolean }> {
  const call = {
    partners: () => ok(client.POST("/program/partners", { body: body as Bodies["partners"] })),
    locations: () => ok(client.POST("/program/locations", { body: body as Bodies["locations"] })),
    tenants: () => ok(client.POST("/program/tenants", { body: body as Bodies["tenants"] })),
    engagements: () => ok(client.POST("/program/engagements", { body: body as Bodies["engagements"] })),
  }[kind];
  const { data, response } = await call();
  return { row: data as unknown as Rows[K], created: response.status === 201 };
}

export async function changeEngagement(
  client: Client,
  engagementId: string,
  changes: EngagementChanges,
): Promise<void> {
  await ok(
    client.PATCH("/program/engagements/{engagement_id}", {
      params: { path: { engagement_id: engagementId } },
      body: changes,
    }),
  );
}

/**
 * A CSV file's own bytes as the request body (text/csv): the API reads them as UTF-8 and says so when they are
 * not (decoding them here first would quietly turn a Latin-1 "é" into "�" and import that). The report says
 * what it did with each row.
 */
export async function importCsv(client: Client, kind: ReferenceKind, file: Blob): Promise<ImportReport> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return (
    await ok(
      client.POST("/program/imports/{kind}", {
        params: { path: { kind } },
        body: bytes as unknown as string, // the generated type says string: the body is the file, as text/csv
        bodySerializer: (body: unknown) => body,
        headers: { "Content-Type": "text/csv" },
      }),
    )
  ).data;
}

export async function exportCsv(client: Client, kind: ReferenceKind): Promise<{ fileName: string; csv: string }> {
  const { data, response } = await ok(
    client.GET("/program/exports/{kind}", {
      params: { path: { kind } },
      parseAs: "text",
      headers: { Accept: "text/csv" },
    }),
  );
  const named = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") ?? "")?.[1];
  return { fileName: named ?? `${kind}.csv`, csv: data as string };
}
