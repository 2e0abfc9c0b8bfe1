// The runtime configuration, read from /app/config.json when the app starts: which sign-in provider to use
// and where the API lives. The same build runs locally (the runner writes a `local` config) and in AWS
// (the stack writes a `cognito` one), so switching needs no rebuild.

export interface LocalAuthConfig {
  provider: "local";
}

export interface CognitoAuthConfig {
  provider: "cognito";
  /** The OIDC issuer, e.g. https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc */
  authority: string;
  client_id: string;
  /** Defaults to <origin>/app/auth/callback */
  redirect_uri?: string;
  /** Where the hosted UI returns after sign-out; defaults to <origin>/app/sign-in */
  post_logout_redirect_uri?: string;
  /** The hosted UI's logout endpoint (Cognito has no end_session_endpoint in its discovery document). */
  logout_endpoint?: string;
  scope?: string;
  /** Which token the API's JWT authorizer accepts: the ID token carries the groups and the partner id. */
  token?: "id_token" | "access_token";
}

export interface AppConfig {
  auth: LocalAuthConfig | CognitoAuthConfig;
  /** The API's origin; empty means the app's own origin (the local runner, CloudFront in front of both). */
  api_base_url: string;
}

export const DEFAULT_CONFIG: AppConfig = { auth: { provider: "local" }, api_base_url: "" };

export function apiBaseUrl(config: AppConfig): string {
  const base = (config.api_base_url || window.location.origin).replace(/\/+$/, "");
  return base;
}

function isConfig(value: unknown): value is AppConfig {
  if (!value || typeof value !== "object") return false;
  const auth = (value as { auth?: { provider?: unknown } }).auth;
  if (!auth || (auth.provider !== "local" && auth.provider !== "cognito")) return false;
  if (auth.provider === "cognito") {
    const c = auth as Partial<CognitoAuthConfig>;
    if (typeof c.authority !== "string" || typeof c.client_id !== "string") return false;
  }
  return true;
}

/** The runtime config; a missing file means the local runner's defaults (e.g. `npm run dev` without one). */
export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  try {
    const response = await fetchImpl(`${import.meta.env.BASE_URL}config.json`, { cache: "no-store" });
    if (!response.ok) return DEFAULT_CONFIG;
    const body: unknown = await response.json();
    if (!isConfig(body)) throw new Error('config.json has no valid "auth" section');
    return { ...DEFAULT_CONFIG, ...body, api_base_url: (body as AppConfig).api_base_url ?? "" };
  } catch (error) {
    if (error instanceof SyntaxError) return DEFAULT_CONFIG;
    throw error;
  }
}
