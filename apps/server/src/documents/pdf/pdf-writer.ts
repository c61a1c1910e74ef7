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

  /**
   * A table whose rows break between pages, never inside a row that fits on one page; the
   * header row is repeated on every page. A row taller than a whole page (a long statement)
   * is continued over pages, line by line, instead of running into the footer.
   */
  table(
    columns: readonly Column[],
    rows: readonly (readonly string[])[],
    options: { headerRow?: boolean; boldFirst?: boolean; size?: number } = {},
  ): void {
    const size = options.size ?? BODY;
    const widths = columns.map((c) => c.width * this.width);
    const inner = (i: number) => (widths[i] ?? 0) - 6;
    const withHeader = options.headerRow !== false;
    const headerCells = columns.map((c) => c.header);
    const label = (i: number, header: boolean) => header || (options.boldFirst === true && i === 0);
    const fontOf = (i: number, header: boolean): string =>
      label(i, header) ? 'bold' : columns[i]?.mono === true ? 'mono' : 'regular';
    // Headings and labels are words a reader must not see cut in two: smaller type instead.
    const sizeOf = (cell: string, i: number, header: boolean) =>
      label(i, header) ? this.fitWords(cell, fontOf(i, header), size, inner(i)) : size;
    const cellHeight = (cell: string, i: number, header: boolean) => {
      this.doc.font(fontOf(i, header)).fontSize(sizeOf(cell, i, header));
      return this.doc.heightOfString(cell || ' ', { width: inner(i) });
    };
    const rowHeight = (cells: readonly string[], header: boolean) =>
      Math.max(...cells.map((cell, i) => cellHeight(cell, i, header))) + 4;
    const paint = (cells: readonly string[], header: boolean, rule: boolean): void => {
      const height = rowHeight(cells, header);
      const top = this.doc.y;
      let x = MARGIN.left;
      cells.forEach((cell, i) => {
        this.doc.font(fontOf(i, header)).fontSize(sizeOf(cell, i, header));
        this.doc.text(cell, x + 3, top + 2, { width: inner(i) });
        x += widths[i] ?? 0;
      });
      if (rule) {
        this.doc
          .moveTo(MARGIN.left, top + height)
          .lineTo(MARGIN.left + this.width, top + height)
          .lineWidth(0.3)
          .strokeColor(header ? '#000000' : '#999999')
          .stroke();
      }
      this.doc.y = top + height;
    };
    const newPage = () => {
      this.doc.addPage();
      if (withHeader) paint(headerCells, true, true);
    };
    const room = () => this.bottom - this.doc.y;
    const pageRoom = this.bottom - MARGIN.top - (withHeader ? rowHeight(headerCells, true) : 0);
    /** A cell's lines, a line longer than a third of a page cut at words into parts. */
    const pieces = (cell: string, i: number): string[] =>
      cell
        .split('\n')
        .flatMap((line) => this.splitToHeight(line, (l) => cellHeight(l, i, false), pageRoom / 3));
    const drawRow = (cells: readonly string[]): void => {
      const height = rowHeight(cells, false);
      if (height <= pageRoom) {
        if (height > room()) newPage();
        paint(cells, false, true);
        return;
      }
      const queues = cells.map(pieces);
      if (room() < pageRoom / 3) newPage();
      for (;;) {
        const slice = queues.map((q, i) => {
          const taken: string[] = [];
          while (q.length > 0 && cellHeight([...taken, q[0]].join('\n'), i, false) + 4 <= room()) {
            taken.push(q.shift() ?? '');
          }
          return taken.join('\n');
        });
        const done = queues.every((q) => q.length === 0);
        paint(slice, false, done);
        if (done) return;
        newPage();
      }
    };
    if (withHeader) {
      this.ensureSpace(40);
      paint(headerCells, true, true);
    }
    for (const row of rows) drawRow(row);
    this.doc.font('regular').fontSize(BODY);
    this.doc.y += 2 * GAP;
  }

  /** `text` cut at spaces into parts no taller than `max`; a part of one word is left whole. */
  private splitToHeight(text: string, height: (t: string) => number, max: number): string[] {
    if (height(text) <= max) return [text];
    const words = text.split(' ');
    if (words.length < 2) return [text];
    const half = Math.ceil(words.length / 2);
    return [
      ...this.splitToHeight(words.slice(0, half).join(' '), height, max),
      ...this.splitToHeight(words.slice(half).join(' '), height, max),
    ];
  }

  /** The largest size, down to 5 pt, at which no word of `text` is wider than `width`. */
  private fitWords(text: string, font: string, size: number, width: number): number {
    const words = text.split(/\s+/);
    this.doc.font(font);
    let s = size;
    while (s > 5 && words.some((w) => this.doc.fontSize(s).widthOfString(w) > width)) s -= 0.5;
    return s;
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
