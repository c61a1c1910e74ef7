import type { ReactNode } from 'react';
import { Button, useToast } from '../../../ui/index.ts';
import { saveFile } from '../../documents/api.ts';
import { useOversightT } from '../../oversight/i18n/index.ts';
import { noteFileName } from '../checkpoint-format.ts';

/**
 * Copies `text` to the clipboard. The accessible name starts with the visible "Copy" and names
 * what is copied, so that several copy buttons on one screen stay distinguishable.
 */
export function CopyButton(props: { text: string; what: string }): ReactNode {
  const ot = useOversightT();
  const toast = useToast();
  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(props.text);
      toast('success', ot('integrity.copied'));
    } catch {
      toast('error', ot('integrity.copyFailed'));
    }
  }
  return (
    <Button
      aria-label={`${ot('integrity.copy')}: ${props.what}`}
      onClick={() => {
        void copy();
      }}
    >
      {ot('integrity.copy')}
    </Button>
  );
}

/** Saves the signed note exactly as served (C2SP), for an auditor to keep outside the system. */
export function DownloadNoteButton(props: {
  note: string;
  origin: string;
  size: number;
}): ReactNode {
  const ot = useOversightT();
  return (
    <Button
      aria-label={`${ot('integrity.download')}: ${ot('integrity.checkpointOf', { size: props.size })}`}
      onClick={() => {
        saveFile({
          blob: new Blob([props.note], { type: 'text/plain;charset=utf-8' }),
          fileName: noteFileName(props.origin, props.size),
        });
      }}
    >
      {ot('integrity.download')}
    </Button>
  );
}
