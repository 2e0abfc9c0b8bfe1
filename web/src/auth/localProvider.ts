// The local runner's sign-in: its demo users (GET /local/users) and a token for one of them
// (POST /local/tokens). These routes exist only on the local runner, never in a deployment.
import { ApiError } from "../api/errors";
import { ROLES, sessionFromToken, type Role, type Session } from "./session";

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  partner_id: string | null;
  partner_name?: string | null;
}

async function json<T>(response: Response): Promise<T> {
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw ApiError.from(response, body);
  return body as T;
}

export async function listDemoUsers(baseUrl: string): Promise<DemoUser[]> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/local/users`, { headers: { Accept: "application/json" } });
  } catch (error) {
    throw ApiError.network(error);
  }
  const body = await json<{ items?: DemoUser[] }>(response);
  return (body.items ?? []).filter((u) => (ROLES as readonly string[]).includes(u.role));
}

export async function signInAsDemoUser(baseUrl: string, user: DemoUser): Promise<Session> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/local/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        email: user.email,
        role: user.role,
        ...(user.partner_id ? { partner_id: user.partner_id } : {}),
      }),
    });
  } catch (error) {
    throw ApiError.network(error);
  }
  const { token } = await json<{ token: string }>(response);
  const session = sessionFromToken(token, "local", {
    email: user.email,
    role: user.role,
    partnerId: user.partner_id,
    partnerName: user.partner_name ?? null,
    name: user.name,
  });
  if (!session)
    throw new ApiError(0, { code: "invalid_token", message: "The runner returned a token this app cannot read." });
  return session;
}
