// Cognito's hosted UI: OpenID Connect authorization code flow with PKCE (oidc-client-ts). Loaded only when
// /app/config.json names this provider, so the local build's first page does not carry it.
import type { CognitoAuthConfig } from "../config";
import { ApiError } from "../api/errors";
import { sessionFromToken, signInRefusal, type Session } from "./session";

type UserManagerT = import("oidc-client-ts").UserManager;
let manager: Promise<UserManagerT> | null = null;

function appUrl(path: string): string {
  return `${window.location.origin}${import.meta.env.BASE_URL}${path.replace(/^\//, "")}`;
}

function userManager(config: CognitoAuthConfig): Promise<UserManagerT> {
  manager ??= import("oidc-client-ts").then(
    ({ UserManager, WebStorageStateStore }) =>
      new UserManager({
        authority: config.authority,
        client_id: config.client_id,
        redirect_uri: config.redirect_uri ?? appUrl("auth/callback"),
        post_logout_redirect_uri: config.post_logout_redirect_uri ?? appUrl("sign-in"),
        response_type: "code",
        scope: config.scope ?? "openid email profile",
        userStore: new WebStorageStateStore({ store: window.sessionStorage }),
        stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
        automaticSilentRenew: false,
        loadUserInfo: false,
      }),
  );
  return manager;
}

/** Leaves for the hosted UI; comes back to /app/auth/callback with the code. */
export async function startCognitoSignIn(config: CognitoAuthConfig, returnTo: string | null): Promise<void> {
  const um = await userManager(config);
  await um.signinRedirect({ state: { returnTo } });
}

/** Exchanges the code (PKCE verifier from sessionStorage) for tokens; the session and where to go next. */
export async function completeCognitoSignIn(
  config: CognitoAuthConfig,
): Promise<{ session: Session; returnTo: string | null }> {
  const um = await userManager(config);
  const user = await um.signinCallback();
  if (!user) throw new Error("The sign-in response held no user.");
  const token = config.token === "access_token" ? user.access_token : (user.id_token ?? user.access_token);
  const session = sessionFromToken(token, "cognito", { email: (user.profile.email as string | undefined) ?? "" });
  if (!session) {
    const code = signInRefusal(token);
    throw new ApiError(403, {
      code,
      message:
        code === "mfa_required" ? "Set up two-step verification first." : "Your account has no role in this program.",
    });
  }
  const state = user.state as { returnTo?: string | null } | undefined;
  return { session, returnTo: state?.returnTo ?? null };
}

export async function cognitoSignOut(config: CognitoAuthConfig): Promise<void> {
  const um = await userManager(config);
  await um.removeUser();
  if (config.logout_endpoint) {
    const url = new URL(config.logout_endpoint);
    url.searchParams.set("client_id", config.client_id);
    url.searchParams.set("logout_uri", config.post_logout_redirect_uri ?? appUrl("sign-in"));
    window.location.assign(url.toString());
  }
}
