// The API's error shape (`{code, message, details?}`, DESIGN.md §4) as an exception the pages can read:
// which field a refusal names, how long to wait after 429, which proof items are missing.

export interface ErrorDetail {
  loc?: (string | number)[];
  msg?: string;
  type?: string;
}

export interface ErrorBody {
  code?: string;
  message?: string;
  details?: ErrorDetail[];
  missing?: string[];
  claim_id?: string;
  retry_after?: string;
  current_status?: string;
  current_version?: number;
  [key: string]: unknown;
}

/** Error codes that name one field of the form that sent the request. */
const CODE_FIELDS: Record<string, string> = {
  tenant_id_required: "tenant_id",
  mismatch_reason_required: "mismatch_reason",
  contact_reason_required: "contact_reason",
  location_not_found: "location_id",
  location_not_eligible: "location_id",
  customer_contact_locked: "customer_contact",
  content_type_not_allowed: "file",
  file_too_large: "file",
};

export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;
  readonly retryAfterSeconds: number | null;

  constructor(status: number, body: ErrorBody | null, retryAfter?: string | null) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.body = body ?? {};
    this.retryAfterSeconds = parseRetryAfter(retryAfter ?? null, this.body.retry_after ?? null);
  }

  get code(): string {
    return this.body.code ?? (this.status === 0 ? "network_error" : `http_${this.status}`);
  }

  /** The missing proof items of a 422 `claim_incomplete`. */
  get missing(): string[] {
    return Array.isArray(this.body.missing) ? this.body.missing : [];
  }

  /** Messages per field path (`customer_contact.email`), from `details[].loc` or the code (`codeFields`: the
   * fields a form's own refusal codes name, e.g. `already_exists` → the id it was given). */
  fieldErrors(codeFields: Record<string, string> = {}): Record<string, string> {
    const out: Record<string, string> = {};
    for (const detail of this.body.details ?? []) {
      const path = fieldPath(detail.loc);
      if (path && !out[path]) out[path] = detail.msg ?? this.message;
    }
    const field = codeFields[this.code] ?? CODE_FIELDS[this.code];
    if (field && !out[field]) out[field] = this.message;
    return out;
  }

  static from(response: Response, body: unknown): ApiError {
    const parsed = body && typeof body === "object" ? (body as ErrorBody) : null;
    return new ApiError(response.status, parsed, response.headers.get("Retry-After"));
  }

  static network(cause: unknown): ApiError {
    const error = new ApiError(0, { code: "network_error", message: "The service could not be reached." });
    (error as { cause?: unknown }).cause = cause;
    return error;
  }
}

/** `["body", "customer_contact", "email"]` → `customer_contact.email`. */
export function fieldPath(loc: ErrorDetail["loc"]): string | null {
  if (!Array.isArray(loc) || loc.length === 0) return null;
  const parts = loc[0] === "body" || loc[0] === "query" || loc[0] === "path" ? loc.slice(1) : loc;
  return parts.length ? parts.map(String).join(".") : null;
}

/** Seconds to wait, from a `Retry-After` header (seconds or HTTP date) or a `retry_after` ISO time. */
export function parseRetryAfter(header: string | null, isoTime: string | null, now = Date.now()): number | null {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
    const at = Date.parse(header);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - now) / 1000));
  }
  if (isoTime) {
    const at = Date.parse(isoTime);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - now) / 1000));
  }
  return null;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
