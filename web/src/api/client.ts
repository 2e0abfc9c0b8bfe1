// The typed API client: openapi-fetch over the paths generated from the API's OpenAPI document. Every
// request carries the signed-in user's token; a 401 ends the session, and the router sends the user to
// sign in and back to the same page. Accept-Language asks for the user's language where the API words
// something for the reader (notification texts).
import createClient, { type Middleware } from "openapi-fetch";
import { sessions } from "../auth/session";
import { currentLocale } from "../i18n";
import { ApiError } from "./errors";
import type { paths } from "./schema";

export type Api = ReturnType<typeof createApi>;

export function createApi(baseUrl: string) {
  const client = createClient<paths>({
    baseUrl,
    // Looked up per call (not captured once), so a test's fetch interceptor or a polyfill applies.
    fetch: (request: Request) => globalThis.fetch(request),
    headers: { Accept: "application/json" },
  });
  const auth: Middleware = {
    onRequest({ request }) {
      const session = sessions.get();
      if (session) request.headers.set("Authorization", `Bearer ${session.token}`);
      request.headers.set("Accept-Language", currentLocale());
      return request;
    },
    onResponse({ request, response }) {
      if (response.status === 401 && request.headers.has("Authorization")) sessions.expire();
      return response;
    },
  };
  client.use(auth);
  return { client, baseUrl };
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a successful call, or an ApiError carrying the API's code, message and details. */
export async function ok<T>(call: Promise<FetchResult<T>>): Promise<{ data: T; response: Response }> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    throw ApiError.network(error);
  }
  if (!result.response.ok) throw ApiError.from(result.response, result.error);
  return { data: result.data as T, response: result.response };
}
