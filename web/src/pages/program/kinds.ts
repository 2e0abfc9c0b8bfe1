// The four kinds of reference data a program admin keeps (DESIGN.md §7), with the shapes the API answers.
import type { components } from "../../api/schema";
import type { Location } from "../../api/types";

type S = components["schemas"];

export const REFERENCE_KINDS = ["partners", "locations", "tenants", "engagements"] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export type { Location };
export type Partner = S["Partner"];
export type Tenant = S["Tenant"];
export type CatalogueEngagement = S["EngagementIn"];
export type EngagementChanges = S["EngagementPatch"];
export type ImportReport = S["ImportReport"];
export type AuditEvent = S["AuditEvent"];

/** A row of each kind as listed, and the body that creates one. */
export interface Rows {
  partners: Partner;
  locations: Location;
  tenants: Tenant;
  engagements: CatalogueEngagement;
}
export interface Bodies {
  partners: S["PartnerIn"];
  locations: S["LocationIn"];
  tenants: S["TenantIn"];
  engagements: S["EngagementIn"];
}

export const ID_FIELD = {
  partners: "partner_id",
  locations: "location_id",
  tenants: "tenant_id",
  engagements: "engagement_id",
} as const satisfies { [K in ReferenceKind]: keyof Rows[K] & keyof Bodies[K] };

export function rowId<K extends ReferenceKind>(kind: K, row: Rows[K] | Bodies[K]): string {
  return String((row as Record<string, unknown>)[ID_FIELD[kind]]);
}
