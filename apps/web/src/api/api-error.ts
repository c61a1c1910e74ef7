/** Field name → message, as the server reported it for a form. */
export type FieldErrors = Readonly<Record<string, string>>;

/**
 * An RFC 9457 problem details response (application/problem+json) as a typed
 * error: `code` is the stable machine name the screens switch on
 * ('invalid_credentials', 'totp_required', 'csrf', …); `status` 0 means the
 * server could not be reached.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldErrors;
  /** From the Retry-After header of a 429/503, in seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail?: string | undefined;
    fieldErrors?: FieldErrors;
    retryAfterSeconds?: number | undefined;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? {};
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `/body/unit/name`, `body.unit.name` or `["unit","name"]` → `unit.name`. */
function fieldName(entry: Record<string, unknown>): string | undefined {
  const raw = entry['path'] ?? entry['field'] ?? entry['name'] ?? entry['pointer'];
  if (Array.isArray(raw)) return raw.map(String).join('.') || undefined;
  const text = str(raw);
  if (!text) return undefined;
  return text
    .replace(/^#?\//, '')
    .replace(/\//g, '.')
    .replace(/^body\./, '');
}

/**
 * Collects per-field messages from the shapes servers use: an `errors` or
 * `invalidParams` array of `{ path|field|name|pointer, message|reason|detail }`
 * (RFC 9457 §3 example), or an object `{ field: message }`. First message per field wins.
 */
export function parseFieldErrors(body: Record<string, unknown>): FieldErrors {
  const out: Record<string, string> = {};
  const source = body['errors'] ?? body['invalidParams'] ?? body['invalid-params'];
  if (Array.isArray(source)) {
    for (const item of source) {
      if (!isRecord(item)) continue;
      const name = fieldName(item);
      const message = str(item['message']) ?? str(item['reason']) ?? str(item['detail']);
      if (name && message && !(name in out)) out[name] = message;
    }
  } else if (isRecord(source)) {
    for (const [name, message] of Object.entries(source)) {
      const text = Array.isArray(message) ? str(message[0]) : str(message);
      if (text) out[name] = text;
    }
  }
  return out;
}

/** Parses Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Builds the ApiError for a non-2xx response body (parsed JSON, or undefined when not JSON). */
export function problemToError(
  status: number,
  body: unknown,
  retryAfter: string | null,
  now: number,
): ApiError {
  const problem = isRecord(body) ? body : {};
  return new ApiError({
    status,
    code: str(problem['code']) ?? `http_${status}`,
    title: str(problem['title']) ?? `HTTP ${status}`,
    detail: str(problem['detail']) ?? str(problem['message']),
    fieldErrors: parseFieldErrors(problem),
    retryAfterSeconds:
      parseRetryAfter(retryAfter, now) ??
      (typeof problem['retryAfter'] === 'number' ? problem['retryAfter'] : undefined),
  });
}
