// The letters' rules: a template's placeholders (an unknown one is an error naming it and its line),
// rendering into blocks, the default templates' parts, the date without zero padding, the page
// geometry of GB/T 9704 and the print route's hash.
import { describe, expect, it } from 'vitest';
import {
  blocksText,
  bodyMetrics,
  checkTemplate,
  chineseDate,
  DEFAULT_TEMPLATES,
  LETTER_LEVELS,
  LETTER_PLACEHOLDERS,
  letterFileName,
  letterNumber,
  pageNumberText,
  parsePrintHash,
  printRouteHash,
  renderLetter,
  SIX_PROHIBITIONS,
  type LetterBlock,
  type LetterLevel,
  type LetterValues,
} from '../../../shared/domain/letters';

/** Every placeholder of a level filled with 《name》, so a rendered text shows where each went. */
function marked(level: LetterLevel, over: LetterValues = {}): LetterValues {
  return { ...Object.fromEntries(LETTER_PLACEHOLDERS[level].map((p) => [p.name, `《${p.name}》`])), ...over };
}

function rendered(template: string, level: LetterLevel, values: LetterValues = marked(level)): LetterBlock[] {
  const r = renderLetter(template, level, values);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('；'));
  return r.blocks;
}

describe('chineseDate', () => {
  it('writes Arabic numerals without zero padding', () => {
    expect(chineseDate('2016-03-08')).toBe('2016年3月8日');
    expect(chineseDate('2015-10-24')).toBe('2015年10月24日');
    expect(chineseDate('2018-12-01')).toBe('2018年12月1日');
  });
  it('refuses what is not a calendar date', () => {
    expect(() => chineseDate('2016-02-30')).toThrow('日期无效');
  });
});

describe('checkTemplate', () => {
  it('names an unknown placeholder and its line', () => {
    const problems = checkTemplate('# 标题\n乙方：{单位名称}\n负责{不存在的名字}和{村名}', 'unit');
    expect(problems).toEqual([{ line: 3, placeholder: '不存在的名字', message: '第3行：没有名为“{不存在的名字}”的占位符' }]);
  });
  it('finds unpaired braces', () => {
    expect(checkTemplate('a\n{村名', 'unit')[0].message).toBe('第2行：“{”后面缺少“}”');
    expect(checkTemplate('村名}', 'unit')[0].message).toBe('第1行：“}”前面缺少“{”');
    expect(checkTemplate('{村{名}', 'unit')[0].message).toBe('第1行：“{”后面缺少“}”');
  });
  it('knows the cadre placeholders only at the cadre level', () => {
    expect(checkTemplate('{干部姓名}', 'cadre')).toEqual([]);
    expect(checkTemplate('{干部姓名}', 'unit')[0].placeholder).toBe('干部姓名');
  });
  it('allows one signature block', () => {
    expect(checkTemplate('[签章]\na | b\n[签章]', 'team')[0].message).toBe('第3行：“[签章]”只能有一处');
  });
  it('finds no problem in the default templates', () => {
    for (const level of LETTER_LEVELS) expect(checkTemplate(DEFAULT_TEMPLATES[level], level), level).toEqual([]);
  });
});

describe('renderLetter', () => {
  it('refuses a template with an unknown placeholder instead of leaving it blank', () => {
    const r = renderLetter('乙方：{单位}', 'unit', marked('unit'));
    expect(r).toEqual({ ok: false, problems: [{ line: 1, placeholder: '单位', message: '第1行：没有名为“{单位}”的占位符' }] });
  });

  it('turns each line into its block and fills the values', () => {
    const blocks = rendered(
      ['# 精准扶贫结对帮扶责任状', '= 编号：{编号}', '- 甲方：区领导小组', '一、责任目标', '（一）资金保障', '（二）每年筹措{年度承诺资金}。', '确保{村名}脱贫。', '', '[签章]', '甲方（盖章）：区领导小组 | 乙方（盖章）：{单位名称}', '{签订日期} | {签订日期}'].join('\n'),
      'unit',
      marked('unit', { 编号: '扶贫责〔2016〕3号', 年度承诺资金: '30,000.00 元', 村名: '测试村', 单位名称: '区测试局', 签订日期: '2016年3月8日' }),
    );
    expect(blocks).toEqual([
      { kind: 'title', text: '精准扶贫结对帮扶责任状' },
      { kind: 'centre', text: '编号：扶贫责〔2016〕3号' },
      { kind: 'plain', text: '甲方：区领导小组' },
      { kind: 'heading', level: 1, text: '一、责任目标' },
      { kind: 'heading', level: 2, text: '（一）资金保障' },
      { kind: 'paragraph', text: '（二）每年筹措30,000.00 元。' },
      { kind: 'paragraph', text: '确保测试村脱贫。' },
      {
        kind: 'signature',
        rows: [
          { left: '甲方（盖章）：区领导小组', right: '乙方（盖章）：区测试局' },
          { left: '2016年3月8日', right: '2016年3月8日' },
        ],
      },
    ]);
  });

  it('gives a value of several lines one block per line', () => {
    const blocks = rendered('纪律：\n{六不准}', 'team', marked('team', { 六不准: '1. 不准甲；\n2. 不准乙。' }));
    expect(blocks.map((b) => (b.kind === 'signature' ? '' : b.text))).toEqual(['纪律：', '1. 不准甲；', '2. 不准乙。']);
  });

  it('says which value is missing for a known placeholder (a bug, never a blank)', () => {
    const values = marked('unit');
    delete values['村名'];
    expect(() => renderLetter('{村名}', 'unit', values)).toThrow('责任状缺少占位符“村名”的取值');
  });

  it('renders each default template with the parts of a real 责任状', () => {
    for (const level of LETTER_LEVELS) {
      const blocks = rendered(DEFAULT_TEMPLATES[level], level);
      const text = blocksText(blocks);
      expect(blocks[0].kind, level).toBe('title');
      expect(blocks.at(-1)!.kind, level).toBe('signature');
      for (const part of ['编号：《编号》', '甲方：', '乙方：', '一、责任目标', '二、工作职责', '三、保障措施', '考核办法与责任追究', '七、责任期限', '《六不准》', '本责任状一式两份，甲乙双方各执一份。', '《签订日期》']) {
        expect(text, `${level}: ${part}`).toContain(part);
      }
      // Nothing left unfilled.
      expect(text, level).not.toMatch(/[{}]/);
    }
    const unit = blocksText(rendered(DEFAULT_TEMPLATES.unit, 'unit'));
    for (const year of [2016, 2017, 2018]) {
      expect(unit).toContain(`${year}年脱贫《${year}年脱贫户数》户《${year}年脱贫人数》人`);
      expect(unit).toContain(`${year}年《${year}年承诺资金》`);
    }
    expect(blocksText(rendered(DEFAULT_TEMPLATES.cadre, 'cadre'))).toContain('结对帮扶贫困户《帮扶户数》户');
  });
});

describe('the fixed parts', () => {
  it('has six prohibitions (六不准)', () => {
    expect(SIX_PROHIBITIONS).toHaveLength(6);
    expect(SIX_PROHIBITIONS.every((p) => p.startsWith('不准'))).toBe(true);
  });
  it('numbers letters per level and names files safely', () => {
    expect(letterNumber('unit', 2016, 0)).toBe('扶贫责〔2016〕1号');
    expect(letterFileName('unit', '区 测试/局', 6, 'docx')).toBe('007_责任状_帮扶单位_区_测试_局.docx');
  });
  it('fills the GB/T 9704 text block with 22 lines of 28 characters', () => {
    const { lineHeightPt, letterSpacingPt } = bodyMetrics();
    // 225 mm / 22 lines; (156 mm − 28 × 16 pt) / 28.
    expect(lineHeightPt * 22).toBeCloseTo((225 * 72) / 25.4, 6);
    expect((16 + letterSpacingPt) * 28).toBeCloseTo((156 * 72) / 25.4, 6);
    expect(pageNumberText(3)).toBe('— 3 —');
  });
  it('round-trips the print route hash', () => {
    const ids = ['0190a0b0-0000-7000-8000-000000000001', '0190a0b0-0000-7000-8000-000000000002'];
    expect(parsePrintHash(printRouteHash({ doc: 'letters', level: 'unit', ids }))).toEqual({ doc: 'letters', level: 'unit', ids });
    expect(parsePrintHash(printRouteHash({ doc: 'roster', level: 'team' }))).toEqual({ doc: 'roster', level: 'team' });
    expect(parsePrintHash('#wall')).toBeNull();
    expect(parsePrintHash('#print?doc=letters&level=boss')).toBeNull();
  });
});
