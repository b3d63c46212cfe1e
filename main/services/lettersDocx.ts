// Letters (责任状) as .docx for editing in WPS or Word, written with the `docx` library from the
// same blocks the print route lays out (shared/domain/letters.ts): A4 with the GB/T 9704 margins,
// 22 lines of 16 pt 仿宋 a page on a line grid, the title in 22 pt bold 宋体, headings in 黑体 and
// 楷体, page numbers "— N —" in 14 pt 宋体 (odd pages right, even pages left), and the last lines
// of text kept on the page of the signature block. One letter a section, so that several letters
// in one file each start on a new page numbered from 1.
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  SectionType,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import type { LetterDoc } from '../../shared/contract';
import { bodyMetrics, PAGE_GEOMETRY, type LetterBlock } from '../../shared/domain/letters';

const TWIPS_PER_MM = 1440 / 25.4;
const twips = (mm: number) => Math.round(mm * TWIPS_PER_MM);
const halfPoints = (pt: number) => pt * 2;

const FONT = { song: '宋体', fangsong: '仿宋', hei: '黑体', kai: '楷体' } as const;
type FontName = (typeof FONT)[keyof typeof FONT];

const g = PAGE_GEOMETRY;
/** Exact line pitch of the body: 22 lines fill the 225 mm text block. */
const LINE_TWIPS = Math.round(bodyMetrics().lineHeightPt * 20);
const TEXT_WIDTH_TWIPS = twips(g.widthMm - g.marginLeftMm - g.marginRightMm);

/**
 * 28 characters of 16 pt are 448 pt, the text block 442 pt: each body character is narrowed by
 * the same amount as on the print route (bodyMetrics), rounded down to Word's twentieths of a point.
 */
const BODY_SPACING_TWENTIETHS = Math.floor(bodyMetrics().letterSpacingPt * 20);

function run(text: string, font: FontName, pt: number, bold = false): TextRun {
  // eastAsia carries the Chinese; ascii/hAnsi the digits and Latin letters in the same face.
  const characterSpacing = pt === g.bodyPt ? BODY_SPACING_TWENTIETHS : undefined;
  return new TextRun({ text, bold, size: halfPoints(pt), characterSpacing, font: { ascii: font, hAnsi: font, eastAsia: font, cs: font } });
}

const bodySpacing = { line: LINE_TWIPS, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
const INDENT_2_CHARS = { firstLine: halfPoints(g.bodyPt) * 20 };

function blockParagraphs(block: LetterBlock, keep: boolean): (Paragraph | Table)[] {
  const common = { keepNext: keep, keepLines: keep, spacing: bodySpacing };
  switch (block.kind) {
    case 'title':
      // The title's lines are taller than the body's: two body lines for each, one blank line after.
      return [
        new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, spacing: { line: LINE_TWIPS * 2, lineRule: LineRuleType.EXACT }, children: [run(block.text, FONT.song, g.titlePt, true)] }),
      ];
    case 'centre':
      return [new Paragraph({ ...common, keepNext: true, alignment: AlignmentType.CENTER, spacing: { ...bodySpacing, after: LINE_TWIPS }, children: [run(block.text, FONT.fangsong, g.bodyPt)] })];
    case 'plain':
      return [new Paragraph({ ...common, alignment: AlignmentType.LEFT, children: [run(block.text, FONT.fangsong, g.bodyPt)] })];
    case 'heading':
      return [
        new Paragraph({
          ...common,
          keepNext: true,
          alignment: AlignmentType.JUSTIFIED,
          indent: INDENT_2_CHARS,
          children: [run(block.text, block.level === 1 ? FONT.hei : FONT.kai, g.bodyPt)],
        }),
      ];
    case 'paragraph':
      return [new Paragraph({ ...common, alignment: AlignmentType.JUSTIFIED, indent: INDENT_2_CHARS, children: [run(block.text, FONT.fangsong, g.bodyPt)] })];
    case 'signature':
      return signatureParagraphs(block.rows);
  }
}

/**
 * Two columns (甲方 left, 乙方 right) in a borderless table, a blank line before; rows never split
 * and each kept with the next, so the block stays whole and with the text before it.
 */
function signatureParagraphs(rows: readonly { left: string; right: string }[]): (Paragraph | Table)[] {
  const blank = new Paragraph({ keepNext: true, spacing: bodySpacing, children: [run('', FONT.fangsong, g.bodyPt)] });
  const half = Math.round(TEXT_WIDTH_TWIPS / 2);
  const cell = (text: string, last: boolean) =>
    new TableCell({
      width: { size: half, type: WidthType.DXA },
      children: [new Paragraph({ keepNext: !last, keepLines: true, spacing: { ...bodySpacing, before: last ? LINE_TWIPS : 0 }, children: [run(text, FONT.fangsong, g.bodyPt)] })],
    });
  const table = new Table({
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: [half, TEXT_WIDTH_TWIPS - half],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: rows.map((r, i) => new TableRow({ cantSplit: true, children: [cell(r.left, i === rows.length - 1), cell(r.right, i === rows.length - 1)] })),
  });
  return [blank, table];
}

function pageNumberFooter(alignment: (typeof AlignmentType)[keyof typeof AlignmentType]): Footer {
  const size = halfPoints(g.pageNumberPt);
  const font = { ascii: FONT.song, hAnsi: FONT.song, eastAsia: FONT.song, cs: FONT.song };
  return new Footer({
    children: [
      new Paragraph({
        alignment,
        // A quarter of a character in from the text block's edge, as official documents print it.
        indent: alignment === AlignmentType.RIGHT ? { right: twips(4) } : { left: twips(4) },
        children: [new TextRun({ text: '— ', size, font }), new TextRun({ children: [PageNumber.CURRENT], size, font }), new TextRun({ text: ' —', size, font })],
      }),
    ],
  });
}

function letterSection(letter: LetterDoc): ISectionOptions {
  const blocks = letter.blocks;
  // The last paragraph before the signature block travels with it to the next page if need be.
  const signatureAt = blocks.findIndex((b) => b.kind === 'signature');
  const keepFrom = signatureAt > 0 ? signatureAt - 1 : blocks.length;
  return {
    properties: {
      type: SectionType.NEXT_PAGE,
      page: {
        size: { width: twips(g.widthMm), height: twips(g.heightMm) },
        // The page number sits 7 mm below the text block: the footer's baseline about 23 mm up.
        margin: { top: twips(g.marginTopMm), bottom: twips(g.marginBottomMm), left: twips(g.marginLeftMm), right: twips(g.marginRightMm), header: twips(15), footer: twips(23) },
        pageNumbers: { start: 1 },
      },
      // The line grid: 22 lines a page. Not the character grid (linesAndChars): LibreOffice lays it
      // out differently from Word; the runs' character spacing makes the 28 characters instead.
      grid: { type: DocumentGridType.LINES, linePitch: LINE_TWIPS },
    },
    footers: { default: pageNumberFooter(AlignmentType.RIGHT), even: pageNumberFooter(AlignmentType.LEFT) },
    children: blocks.flatMap((b, i) => blockParagraphs(b, i >= keepFrom)),
  };
}

/** The .docx bytes of one or more letters (each its own section, numbered from 1). */
export async function lettersDocx(letters: readonly LetterDoc[], title = '责任状'): Promise<Buffer> {
  const doc = new Document({
    creator: '精准扶贫台账',
    title,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: { ascii: FONT.fangsong, hAnsi: FONT.fangsong, eastAsia: FONT.fangsong }, size: halfPoints(g.bodyPt) } } } },
    sections: letters.map(letterSection),
  });
  return Packer.toBuffer(doc);
}
