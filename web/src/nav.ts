// Who sees what: the header's links per role, and each role's home page.
import type { Role } from "./auth/session";
import { PARTNER_ROLES } from "./auth/session";

export interface NavItem {
  to: string;
  key: "nav.engagements" | "nav.claims" | "nav.notifications" | "nav.payments" | "nav.review" | "nav.program";
  roles: readonly Role[];
  badge?: "unread";
}

export const NAV: readonly NavItem[] = [
  { to: "/engagements", key: "nav.engagements", roles: PARTNER_ROLES },
  { to: "/claims", key: "nav.claims", roles: PARTNER_ROLES },
  { to: "/notifications", key: "nav.notifications", roles: PARTNER_ROLES, badge: "unread" },
  { to: "/payments", key: "nav.payments", roles: ["incentives-admin"] },
  { to: "/review", key: "nav.review", roles: ["reviewer"] },
  { to: "/program", key: "nav.program", roles: ["program-admin"] },
];

export const HOME: Record<Role, string> = {
  "incentives-admin": "/engagements",
  "incentives-user": "/engagements",
  reviewer: "/review",
  "program-admin": "/program",
};

export function navFor(role: Role | undefined): NavItem[] {
  return role ? NAV.filter((item) => item.roles.includes(role)) : [];
}
