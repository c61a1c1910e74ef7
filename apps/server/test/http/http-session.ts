import { base32Decode, totp } from '../../src/accounts/totp.ts';

/** A session of the real server: its cookie and CSRF token, as a browser holds them. */
export interface HttpSession {
  readonly cookie: string;
  readonly csrf: string;
}

/** Signs in over HTTP; `totpSecret` for roles with a second factor. */
export async function signInOverHttp(
  url: string,
  username: string,
  password: string,
  totpSecret?: string,
): Promise<HttpSession> {
  const response = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username,
      password,
      ...(totpSecret === undefined ? {} : { totp: totp(base32Decode(totpSecret), new Date()) }),
    }),
  });
  if (response.status !== 200) {
    throw new Error(`sign-in of ${username}: ${response.status} ${await response.text()}`);
  }
  const cookie = /custody_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  if (cookie === undefined) throw new Error('no session cookie');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

/** A JSON request in a session; resolves with the status and the parsed body (or null). */
export async function sessionRequest(
  url: string,
  session: HttpSession,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed };
}
