import { ApiError, problemToError } from './api-error.ts';

export { ApiError, type FieldErrors } from './api-error.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const UNSAFE: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  /** When false, a 401 is returned to the caller as an ApiError without sending the user to sign-in. */
  readonly authRedirect?: boolean;
  readonly signal?: AbortSignal;
  /** Further request headers, e.g. `idempotency-key`. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiClientConfig {
  readonly fetch?: typeof fetch;
  readonly baseUrl?: string;
  readonly now?: () => number;
}

/**
 * A small fetch wrapper for the JSON API. Same-origin cookies carry the
 * session; every unsafe method sends `x-csrf-token` (the server answers 403
 * `csrf` otherwise); errors become `ApiError` from problem+json (RFC 9457);
 * a 401 on an ordinary request calls `onUnauthorized` so the app returns to sign-in.
 */
export class ApiClient {
  private csrfToken: string | undefined;
  private language = 'uk';
  private unauthorizedHandler: (() => void) | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly baseUrl: string;
  private readonly now: () => number;

  constructor(config: ApiClientConfig = {}) {
    this.fetchImpl = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.baseUrl = config.baseUrl ?? '/api/v1';
    this.now = config.now ?? (() => Date.now());
  }

  setCsrfToken(token: string | undefined): void {
    this.csrfToken = token;
  }

  /** False until the server has given this page a session (e.g. a tablet opened offline). */
  hasCsrfToken(): boolean {
    return this.csrfToken !== undefined;
  }

  /** Sent as Accept-Language so that server messages follow the interface language. */
  setLanguage(language: string): void {
    this.language = language;
  }

  onUnauthorized(handler: (() => void) | undefined): void {
    this.unauthorizedHandler = handler;
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, undefined, options);
  }
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, body, options);
  }
  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, body, options);
  }
  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, body, options);
  }
  delete<T = undefined>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, undefined, options);
  }

  async request<T>(
    method: Method,
    path: string,
    body: unknown,
    options: RequestOptions = {},
  ): Promise<T> {
    const headers: Record<string, string> = {
      ...options.headers,
      accept: 'application/json, application/problem+json',
      'accept-language': this.language,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (UNSAFE.has(method) && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? null : JSON.stringify(body),
        signal: options.signal ?? null,
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError({ status: 0, code: 'network', title: 'Network error' });
    }
    const parsed = await readJson(response);
    if (response.ok) return parsed as T;
    const error = problemToError(
      response.status,
      parsed,
      response.headers.get('retry-after'),
      this.now(),
    );
    if (response.status === 401 && options.authRedirect !== false) this.unauthorizedHandler?.();
    throw error;
  }
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The application's one client; the session provider sets its CSRF token and 401 handler. */
export const api = new ApiClient();
