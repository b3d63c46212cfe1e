// A letter (责任状) and a 公示 roster as official-document pages: used by the print route and, on
// screen, by the 责任状 page's preview. Measures come from shared/domain/letters.ts (PAGE_GEOMETRY,
// bodyMetrics) so that the print route and the DOCX writer agree.
import type { LetterDoc, RosterDoc } from '../../shared/contract';
import { bodyMetrics, PAGE_GEOMETRY, type LetterBlock } from '../../shared/domain/letters';

const g = PAGE_GEOMETRY;

/** The page itself: A4, the GB/T 9704 margins, "— N —" 7 mm below the text block (odd right, even left). */
export function printPageCss(): string {
  const number = (side: 'right' | 'left') =>
    `@bottom-${side} { content: "— " counter(page) " —"; font-family: 'SimSun', '宋体', 'Noto Serif CJK SC', serif; font-size: ${g.pageNumberPt}pt; vertical-align: top; padding-top: 7mm; text-align: ${side}; }`;
  return [
    `@page { size: A4; margin: ${g.marginTopMm}mm ${g.marginRightMm}mm ${g.marginBottomMm}mm ${g.marginLeftMm}mm; }`,
    `@page :right { ${number('right')} }`,
    `@page :left { ${number('left')} }`,
  ].join('\n');
}

/** The body's line pitch and letter spacing as CSS variables: 22 lines × 28 characters. */
export function bodyVars(): Record<string, string> {
  const { lineHeightPt, letterSpacingPt } = bodyMetrics();
  // A hair less spacing than the exact figure, so rounding never pushes the 28th character to the next line.
  return { '--gw-line': `${lineHeightPt.toFixed(3)}pt`, '--gw-spacing': `${(letterSpacingPt - 0.01).toFixed(3)}pt`, '--gw-body': `${g.bodyPt}pt`, '--gw-title': `${g.titlePt}pt` };
}

function Block({ block }: { block: LetterBlock }) {
  switch (block.kind) {
    case 'title':
      return <h1 className="gw-title">{block.text}</h1>;
    case 'centre':
      return <p className="gw-centre">{block.text}</p>;
    case 'plain':
      return <p className="gw-plain">{block.text}</p>;
    case 'heading':
      return block.level === 1 ? <h2 className="gw-h1">{block.text}</h2> : <h3 className="gw-h2">{block.text}</h3>;
    case 'paragraph':
      return <p className="gw-p">{block.text}</p>;
    case 'signature':
      return (
        <table className="gw-sign" aria-label="签章">
          <tbody>
            {block.rows.map((r, i) => (
              <tr key={i} className={i === block.rows.length - 1 ? 'gw-sign-date' : undefined}>
                <td>{r.left}</td>
                <td>{r.right}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}

/** One letter; its last paragraph and the signature block are never split by a page break. */
export function LetterView({ letter }: { letter: LetterDoc }) {
  const at = letter.blocks.findIndex((b) => b.kind === 'signature');
  const keepFrom = at > 0 ? at - 1 : letter.blocks.length;
  return (
    <article className="gw-doc" style={bodyVars()} aria-label={`责任状：${letter.party}`}>
      {letter.blocks.slice(0, keepFrom).map((b, i) => (
        <Block key={i} block={b} />
      ))}
      {keepFrom < letter.blocks.length && (
        <div className="gw-keep">
          {letter.blocks.slice(keepFrom).map((b, i) => (
            <Block key={keepFrom + i} block={b} />
          ))}
        </div>
      )}
    </article>
  );
}

/** The 公示 notice of one work team: members and duties, the team's duties, 六不准, the phone. */
export function RosterView({ roster }: { roster: RosterDoc }) {
  return (
    <article className="gw-doc gw-roster" style={bodyVars()} aria-label={`公示：${roster.title}`}>
      <h1 className="gw-title">{roster.title}</h1>
      <p className="gw-p">{roster.intro}</p>
      <h2 className="gw-h1">一、工作队成员</h2>
      <table className="gw-members">
        <colgroup>
          <col style={{ width: '13%' }} />
          <col style={{ width: '17%' }} />
          <col style={{ width: '24%' }} />
          <col />
          <col style={{ width: '19%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>姓名</th>
            <th>派出单位</th>
            <th>职务</th>
            <th>工作职责</th>
            <th>联系电话</th>
          </tr>
        </thead>
        <tbody>
          {roster.members.map((m, i) => (
            <tr key={i}>
              <td>{m.name}</td>
              <td>{m.unitName}</td>
              <td>{m.title ? `${m.role}（${m.title}）` : m.role}</td>
              <td>{m.duty}</td>
              <td>{m.phone ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="gw-h1">二、工作职责</h2>
      {roster.duties.map((d, i) => (
        <p key={i} className="gw-p">
          {d}
        </p>
      ))}
      <h2 className="gw-h1">三、工作纪律（六不准）</h2>
      {roster.prohibitions.slice(0, -1).map((d, i) => (
        <p key={i} className="gw-p">
          {d}
        </p>
      ))}
      <div className="gw-keep">
        <p className="gw-p">{roster.prohibitions.at(-1)}</p>
        <p className="gw-p gw-phone">监督电话：{roster.supervisionPhone}</p>
        <p className="gw-right">{roster.date}</p>
      </div>
    </article>
  );
}
