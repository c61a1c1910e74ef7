import type { DocumentKind } from '@custody/contracts';
import { problemToError } from '../../api/api-error.ts';
import { ApiError } from '../../api/client.ts';
import type { Locale } from '../../i18n/index.ts';
import { queryString } from '../oversight/api.ts';

export interface ExportRequest {
  readonly recordId: string;
  readonly locale: Locale;
  readonly reason?: string | undefined;
}

const base = (recordId: string): string => `/api/v1/records/${encodeURIComponent(recordId)}`;

/** `GET /records/:recordId/documents/:kind?locale&reason` (contracts DocumentParams, ExportQuery). */
export function documentUrl(kind: DocumentKind, r: ExportRequest): string {
  return `${base(r.recordId)}/documents/${kind}${queryString({ locale: r.locale, reason: r.reason })}`;
}

/** `GET /records/:recordId/extract/bundle?reason`: the custody-extract/2 JSON bundle (issue 7). */
export function bundleUrl(r: ExportRequest): string {
  return `${base(r.recordId)}/extract/bundle${queryString({ reason: r.reason })}`;
}

export interface Download {
  readonly blob: Blob;
  readonly fileName: string;
}

function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (star) return decodeURIComponent(star);
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? fallback;
}

/** Fetches an export with the session cookie; a refusal becomes an ApiError from problem+json. */
export async function fetchDownload(url: string, fallbackName: string): Promise<Download> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError({ status: 0, code: 'network', title: 'Network error' });
  }
  if (!response.ok) {
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = undefined;
    }
    throw problemToError(response.status, body, response.headers.get('retry-after'), Date.now());
  }
  return { blob: await response.blob(), fileName: fileNameOf(response, fallbackName) };
}

/** Hands a downloaded file to the browser's save dialog. */
export function saveFile(download: Download): void {
  const href = URL.createObjectURL(download.blob);
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = download.fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => {
    URL.revokeObjectURL(href);
  }, 10_000);
}
