import type { AppConfig } from '../config.ts';
import type { App } from './types.ts';

/** A policy for a single-origin app: OWASP Secure Headers Project, CSP Level 3. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Swagger UI needs inline scripts' sibling files only, but sets inline styles; same policy otherwise. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every response. HSTS only over TLS (RFC 6797 §7.2: a
 * host must not send it over plain HTTP), that is when `config.tls` is set or
 * the request came over https.
 */
export function registerSecurityHeaders(app: App, config: AppConfig): void {
  app.addHook('onSend', async (request, reply) => {
    void reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    void reply.header('cross-origin-resource-policy', 'same-origin');
    void reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    if (config.tls || request.protocol === 'https')
      void reply.header('strict-transport-security', HSTS);
  });
}
