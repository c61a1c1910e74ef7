import { useState } from 'react';
import type { ReactNode } from 'react';
import type { DocumentKind } from '@custody/contracts';
import { useUser } from '../../app/session.tsx';
import { useT, type Locale } from '../../i18n/index.ts';
import { Button, describeError, useToast } from '../../ui/index.ts';
import { needsReason } from '../oversight/api.ts';
import { ReasonDialog } from '../oversight/components/reason-dialog.tsx';
import { useOversightT } from '../oversight/i18n/index.ts';
import { bundleUrl, documentUrl, fetchDownload, saveFile, type ExportRequest } from './api.ts';
import '../oversight/oversight.css';
import './documents.css';

type Target = DocumentKind | 'bundle';

function urlOf(target: Target, request: ExportRequest): string {
  return target === 'bundle' ? bundleUrl(request) : documentUrl(target, request);
}

function fallbackName(target: Target, recordId: string, locale: Locale): string {
  return target === 'bundle' ? `extract-${recordId}.json` : `${target}-${recordId}-${locale}.pdf`;
}

/**
 * The record's documents (domain.md §6; issue 7 point 1): each PDF the record calls for (the
 * server lists them from its profile and entries, so a КПК record is never offered the КУпАП
 * protocol, nor a referral that was never made) in the given language, the record extract and its
 * JSON bundle for independent verification. Exports are written to the read
 * audit; roles that must state a reason (hq, monitors, lawyers) are asked for it first unless the
 * page already has one.
 */
export function DocumentsPanel(props: {
  recordId: string;
  /**
   * The documents the record calls for (`RecordView.documents`: its profile and entries); empty
   * when the caller may not export the record.
   */
  kinds: readonly DocumentKind[];
  locale: Locale;
  reason?: string | undefined;
}): ReactNode {
  const ot = useOversightT();
  const t = useT();
  const user = useUser();
  const toast = useToast();
  const [busy, setBusy] = useState<Target | null>(null);
  const [pending, setPending] = useState<Target | null>(null);

  const download = (target: Target, reason: string | undefined): void => {
    const request = { recordId: props.recordId, locale: props.locale, reason };
    setBusy(target);
    fetchDownload(urlOf(target, request), fallbackName(target, props.recordId, props.locale))
      .then((file) => {
        saveFile(file);
        toast('success', ot('documents.downloaded', { name: file.fileName }));
      })
      .catch((error: unknown) => {
        toast('error', ot('documents.failed', { detail: describeError(t, error) }));
      })
      .finally(() => {
        setBusy(null);
      });
  };

  const request = (target: Target): void => {
    if (props.reason === undefined && needsReason(user.role)) setPending(target);
    else download(target, props.reason);
  };

  // None listed: the caller may not export this record (record.export), so neither its PDFs nor
  // its bundle are offered.
  if (props.kinds.length === 0) return null;
  const targets: readonly Target[] = [...props.kinds, 'bundle'];
  return (
    <section className="panel documents" aria-labelledby="documents-heading">
      <h2 id="documents-heading">{ot('documents.title')}</h2>
      <p className="muted">{ot('documents.intro')}</p>
      <ul className="document-list">
        {targets.map((target) => {
          const label = target === 'bundle' ? ot('documents.bundle') : ot(`doc.${target}`);
          return (
            <li key={target}>
              <span>{label}</span>
              <Button
                busy={busy === target}
                aria-label={`${ot('documents.download')} ${target === 'bundle' ? 'JSON' : 'PDF'}: ${label}`}
                onClick={() => {
                  request(target);
                }}
              >
                {ot('documents.download')} {target === 'bundle' ? 'JSON' : 'PDF'}
              </Button>
            </li>
          );
        })}
      </ul>
      <ReasonDialog
        open={pending !== null}
        intro={ot('documents.reasonIntro')}
        submitLabel={ot('documents.download')}
        onClose={() => {
          setPending(null);
        }}
        onSubmit={(reason) => {
          const target = pending;
          setPending(null);
          if (target !== null) download(target, reason);
        }}
      />
    </section>
  );
}
