import { existsSync } from 'node:fs';

/** Debian's fonts-dejavu-core: TrueType with full Cyrillic, embedded (subset) in every document. */
export const FONT_DIR = process.env['CUSTODY_FONT_DIR'] ?? '/usr/share/fonts/truetype/dejavu';

export const FONT_FILES = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  mono: 'DejaVuSansMono.ttf',
} as const;

export type FontRole = keyof typeof FONT_FILES;

/** A required font file is absent; documents would render Cyrillic as blanks without it. */
export class FontMissingError extends Error {
  override readonly name = 'FontMissingError';
}

/** Paths of the fonts, checked to exist; throws {@link FontMissingError} naming the package. */
export function resolveFonts(dir: string = FONT_DIR): Record<FontRole, string> {
  const paths = {
    regular: `${dir}/${FONT_FILES.regular}`,
    bold: `${dir}/${FONT_FILES.bold}`,
    mono: `${dir}/${FONT_FILES.mono}`,
  };
  const missing = Object.values(paths).filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new FontMissingError(
      `font file(s) missing: ${missing.join(', ')}. Install Debian's fonts-dejavu-core ` +
        `(apt-get install -y fonts-dejavu-core) or set CUSTODY_FONT_DIR.`,
    );
  }
  return paths;
}
