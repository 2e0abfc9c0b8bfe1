// The signed-in user's session: the API token and who it names, kept in sessionStorage (one tab's sign-in
// ends with the tab; nothing long-lived is stored). A tiny external store, so the API client (outside
// React) and the components see the same session.

export const ROLES = ["incentives-admin", "incentives-user", "reviewer", "program-admin"] as const;
export type Role = (typeof ROLES)[number];
export const PARTNER_ROLES: readonly Role[] = ["incentives-admin", "incentives-user"];

export interface Session {
  token: string;
  email: string;
  role: Role;
  partnerId: string | null;
  partnerName?: string | null;
  name?: string | null;
  /** Epoch milliseconds; the token's `exp`. */
  expiresAt: number | null;
  provider: "local" | "cognito";
}

const KEY = "wc.session";
type Listener = () => void;

function base64UrlDecode(part: string): string {
  const padded = part
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(part.length / 4) * 4, "=");
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a JWT (not verified here: the API verifies every request). */
export function decodeJwt(token: string): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const claims: unknown = JSON.parse(base64UrlDecode(parts[1]));
    return claims && typeof claims === "object" ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string")
    return value
      .replace(/[[\]]/g, " ")
      .split(/[\s,]+/)
      .filter(Boolean);
  return [];
}

/** The strongest role a token's groups hold, in the API's order. */
export function roleOf(groups: string[]): Role | null {
  for (const role of ["program-admin", "reviewer", "incentives-admin", "incentives-user"] as const) {
    if (groups.includes(role)) return role;
  }
  return null;
}

export function sessionFromToken(
  token: string,
  provider: Session["provider"],
  extra: Partial<Session> = {},
): Session | null {
  const claims = decodeJwt(token);
  if (!claims) return null;
  const role = roleOf(groupsOf(claims["cognito:groups"])) ?? extra.role ?? null;
  if (!role) return null;
  const exp = typeof claims.exp === "number" ? claims.exp * 1000 : null;
  return {
    token,
    email: String(claims.email ?? extra.email ?? ""),
    role,
    partnerId: (claims["custom:partner_id"] as string | undefined) ?? extra.partnerId ?? null,
    partnerName: extra.partnerName ?? null,
    name: extra.name ?? (typeof claims.name === "string" ? claims.name : null),
    expiresAt: exp,
    provider,
  };
}

/** Why a signed-in token gives no session: a staff account still without its second factor (the user pool's
 * token trigger withheld the staff groups and said so in `mfa_required`), or no role at all. */
export function signInRefusal(token: string): "mfa_required" | "no_role" {
  return decodeJwt(token)?.mfa_required === "true" ? "mfa_required" : "no_role";
}

function read(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    if (!session.token || (session.expiresAt !== null && session.expiresAt <= Date.now())) {
      window.sessionStorage.removeItem(KEY);
      return null;
    }
    return session;
  } catch {
    return null;
  }
}

class SessionStore {
  private current: Session | null = read();
  private listeners = new Set<Listener>();
  /** Why the last session ended, shown on the sign-in page. */
  endedBecause: "expired" | "signed_out" | null = null;

  get = (): Session | null => this.current;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(session: Session | null, reason: SessionStore["endedBecause"] = null): void {
    this.current = session;
    this.endedBecause = session ? null : reason;
    if (session) window.sessionStorage.setItem(KEY, JSON.stringify(session));
    else window.sessionStorage.removeItem(KEY);
    this.listeners.forEach((l) => l());
  }

  /** The API answered 401: the token expired or was revoked. */
  expire(): void {
    if (this.current) this.set(null, "expired");
  }

  /** Re-read storage (tests, another provider's callback). */
  reload(): void {
    this.current = read();
    this.listeners.forEach((l) => l());
  }
}

export const sessions = new SessionStore();

export function isPartner(session: Session | null): boolean {
  return !!session && PARTNER_ROLES.includes(session.role);
}
