// Where to go after signing in: only a path inside the app (never another origin, never the sign-in page).
export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  if (value.startsWith("/sign-in") || value.startsWith("/auth/")) return null;
  return value;
}

export function signInPath(returnTo?: string | null, reason?: "expired"): string {
  const params = new URLSearchParams();
  const target = safeReturnTo(returnTo);
  if (target && target !== "/") params.set("return", target);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return `/sign-in${query ? `?${query}` : ""}`;
}
