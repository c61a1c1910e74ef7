import { execFileSync } from 'node:child_process';

/**
 * The words of a PDF as poppler's `pdftotext -raw` reads them (content-stream order, which keeps a
 * table cell's lines together), whitespace normalised to single spaces so wrapped lines still
 * match. `pdf` is the document's bytes or the path of a file holding them.
 */
export function pdfText(pdf: Buffer | string): string {
  const text =
    typeof pdf === 'string'
      ? execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' })
      : execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf, encoding: 'utf8' });
  return text.replace(/\s+/g, ' ');
}
