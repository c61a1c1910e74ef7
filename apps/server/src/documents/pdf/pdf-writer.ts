import PDFDocument from 'pdfkit';
import { resolveFonts } from './fonts.ts';

/** What every page repeats: unit and record in the header, generation time and page x of y below. */
export interface PageFrame {
  unitLine: string;
  recordLine: string;
  generatedLine: string;
  pageLabel: (page: number, of: number) => string;
  title: string;
  language: 'uk' | 'en';
  createdAt: Date;
}

export interface Column {
  header: string;
  /** Share of the content width; the shares of a table add up to 1. */
  width: number;
  mono?: boolean;
}

const MARGIN = { top: 62, bottom: 58, left: 48, right: 48 };
const BODY = 9;
const SMALL = 7.5;
const GAP = 4;

/**
 * A small flow layout over pdfkit: blocks go down the page and break to a new page before they
 * would overflow; header and footer are drawn on every page at the end, when the page count is
 * known. Fonts are DejaVu (Cyrillic), embedded as subsets.
 */
export class PdfWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly done: Promise<Buffer>;

  constructor(private readonly frame: PageFrame) {
    const fonts = resolveFonts();
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      lang: frame.language,
      info: { Title: frame.title, Creator: 'Custody Records', CreationDate: frame.createdAt },
    });
    const chunks: Buffer[] = [];
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => chunks.push(c));
      this.doc.on('end', () => {
        resolve(Buffer.concat(chunks));
      });
      this.doc.on('error', reject);
    });
    this.doc.registerFont('regular', fonts.regular);
    this.doc.registerFont('bold', fonts.bold);
    this.doc.registerFont('mono', fonts.mono);
    this.doc.font('regular').fontSize(BODY);
  }

  private get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  /** Starts a new page when `height` would not fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  private textBlock(text: string, font: string, size: number, gapAfter: number): void {
    this.doc.font(font).fontSize(size);
    const height = this.doc.heightOfString(text, { width: this.width });
    this.ensureSpace(Math.min(height, 3 * size));
    this.doc.text(text, MARGIN.left, this.doc.y, { width: this.width });
    this.doc.y += gapAfter;
    this.doc.font('regular').fontSize(BODY);
  }

  title(text: string, subtitle?: string): void {
    this.doc.font('bold').fontSize(13);
    this.doc.text(text, MARGIN.left, this.doc.y, { width: this.width, align: 'center' });
    if (subtitle !== undefined) {
      this.doc.font('regular').fontSize(BODY);
      this.doc.text(subtitle, { width: this.width, align: 'center' });
    }
    this.doc.font('regular').fontSize(BODY);
    this.doc.y += 2 * GAP;
  }

  heading(text: string): void {
    this.ensureSpace(40);
    this.doc.y += GAP;
    this.textBlock(text, 'bold', 10.5, GAP);
  }

  paragraph(text: string, options: { small?: boolean } = {}): void {
    this.textBlock(text, 'regular', options.small === true ? SMALL : BODY, GAP);
  }

  /** Verbatim text (a signed checkpoint, a key) in a monospace font, wrapped at any character. */
  mono(text: string): void {
    this.textBlock(text, 'mono', SMALL, GAP);
  }

  /** Label and value pairs in two columns. */
  fields(rows: readonly (readonly [string, string])[]): void {
    this.table(
      [
        { header: '', width: 0.34 },
        { header: '', width: 0.66 },
      ],
      rows.map(([label, value]) => [label, value]),
      { headerRow: false, boldFirst: true },
    );
  }

  /** A table whose rows break between pages, never inside a row that fits on one page. */
  table(
    columns: readonly Column[],
    rows: readonly (readonly string[])[],
    options: { headerRow?: boolean; boldFirst?: boolean; size?: number } = {},
  ): void {
    const size = options.size ?? BODY;
    const widths = columns.map((c) => c.width * this.width);
    const drawRow = (cells: readonly string[], header: boolean): void => {
      const fontOf = (i: number): string =>
        header || (options.boldFirst === true && i === 0)
          ? 'bold'
          : columns[i]?.mono === true
            ? 'mono'
            : 'regular';
      const heights = cells.map((cell, i) => {
        this.doc.font(fontOf(i)).fontSize(size);
        return this.doc.heightOfString(cell || ' ', { width: (widths[i] ?? 0) - 6 });
      });
      const height = Math.max(...heights) + 4;
      this.ensureSpace(height);
      const top = this.doc.y;
      let x = MARGIN.left;
      cells.forEach((cell, i) => {
        this.doc.font(fontOf(i)).fontSize(size);
        this.doc.text(cell, x + 3, top + 2, { width: (widths[i] ?? 0) - 6 });
        x += widths[i] ?? 0;
      });
      this.doc
        .moveTo(MARGIN.left, top + height)
        .lineTo(MARGIN.left + this.width, top + height)
        .lineWidth(0.3)
        .strokeColor(header ? '#000000' : '#999999')
        .stroke();
      this.doc.y = top + height;
    };
    if (options.headerRow !== false) {
      this.ensureSpace(40);
      drawRow(
        columns.map((c) => c.header),
        true,
      );
    }
    for (const row of rows) drawRow(row, false);
    this.doc.font('regular').fontSize(BODY);
    this.doc.y += 2 * GAP;
  }

  /** Signature lines: a caption under a rule, two to a row. */
  signatures(captions: readonly string[]): void {
    const half = (this.width - 24) / 2;
    for (let i = 0; i < captions.length; i += 2) {
      this.ensureSpace(44);
      const y = this.doc.y + 24;
      captions.slice(i, i + 2).forEach((caption, j) => {
        const x = MARGIN.left + j * (half + 24);
        this.doc
          .moveTo(x, y)
          .lineTo(x + half, y)
          .lineWidth(0.5)
          .strokeColor('#000000')
          .stroke();
        this.doc
          .font('regular')
          .fontSize(SMALL)
          .text(caption, x, y + 2, { width: half });
      });
      this.doc.y = y + 20;
    }
    this.doc.font('regular').fontSize(BODY);
  }

  private drawFrame(page: number, of: number): void {
    const { doc, frame } = this;
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const w = this.width;
    doc.font('bold').fontSize(SMALL).fillColor('#000000');
    doc.text(frame.unitLine, MARGIN.left, 26, {
      width: w * 0.62,
      lineBreak: false,
      ellipsis: true,
    });
    doc.text(frame.recordLine, MARGIN.left + w * 0.62, 26, {
      width: w * 0.38,
      align: 'right',
      lineBreak: false,
      ellipsis: true,
    });
    doc
      .moveTo(MARGIN.left, 40)
      .lineTo(MARGIN.left + w, 40)
      .lineWidth(0.5)
      .stroke();
    const footY = doc.page.height - 40;
    doc
      .moveTo(MARGIN.left, footY - 4)
      .lineTo(MARGIN.left + w, footY - 4)
      .lineWidth(0.5)
      .stroke();
    doc.font('regular').fontSize(SMALL);
    doc.text(frame.generatedLine, MARGIN.left, footY, { width: w * 0.7, lineBreak: false });
    doc.text(frame.pageLabel(page, of), MARGIN.left + w * 0.7, footY, {
      width: w * 0.3,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = savedBottom;
  }

  /** Draws header and footer on every page and returns the finished PDF. */
  finish(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      this.drawFrame(i + 1, range.count);
    }
    this.doc.end();
    return this.done;
  }
}
