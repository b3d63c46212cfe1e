// 公告公示: a village's money of a year as posted in the village — where it came from, the
// projects with their amounts and beneficiary counts, the money paid to households as a count and
// a total; no names. Printed alone on the page (the print-area rules in styles.css).
import { useState } from 'react';
import { createPortal } from 'react-dom';
import type { VillageNotice } from '../../../shared/contract';
import { formatYuan } from '../../../shared/domain/money';
import { useLedgerData } from './useLedger';
import { YearSelect } from './YearSelect';

function NoticeBody({ n }: { n: VillageNotice }) {
  const y = (fen: number) => formatYuan(fen, { unit: false });
  return (
    <div className="notice">
      <h1 className="notice-title">
        {n.town}
        {n.villageName}
        {n.year}年度扶贫资金使用情况公示
      </h1>
      <p>根据精准扶贫资金公告公示制度，现将本村{n.year}年度扶贫资金到位及使用情况公示如下：</p>
      <h2>一、资金到位情况</h2>
      <p>
        本年度到村（含项目）资金合计 <b>{y(n.receivedFen)}</b> 元，已支出 <b>{y(n.spentFen)}</b> 元，结余 <b>{y(n.balanceFen)}</b> 元。
      </p>
      <table>
        <thead>
          <tr>
            <th>资金来源</th>
            <th className="num">金额（元）</th>
          </tr>
        </thead>
        <tbody>
          {n.sources.length === 0 && (
            <tr>
              <td colSpan={2}>本年度无到村资金</td>
            </tr>
          )}
          {n.sources.map((s) => (
            <tr key={s.label}>
              <td>{s.label}</td>
              <td className="num">{y(s.amountFen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>二、项目实施情况</h2>
      <table>
        <thead>
          <tr>
            <th>项目名称</th>
            <th>类型</th>
            <th>五个一批</th>
            <th>责任单位</th>
            <th>状态</th>
            <th className="num">预算（元）</th>
            <th className="num">本年拨付（元）</th>
            <th className="num">本年支出（元）</th>
            <th className="num">受益户数</th>
          </tr>
        </thead>
        <tbody>
          {n.projects.length === 0 && (
            <tr>
              <td colSpan={9}>本年度无项目</td>
            </tr>
          )}
          {n.projects.map((p, i) => (
            <tr key={i}>
              <td>{p.name}</td>
              <td>{p.type}</td>
              <td>{p.pathway}</td>
              <td>{p.unitName ?? ''}</td>
              <td>{p.status}</td>
              <td className="num">{y(p.budgetFen)}</td>
              <td className="num">{y(p.allocatedFen)}</td>
              <td className="num">{y(p.spentFen)}</td>
              <td className="num">{p.households}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>三、到户资金</h2>
      <p>
        本年度直接发放到户资金 {n.householdsPaid} 户，合计 <b>{y(n.householdPaymentsFen)}</b> 元。
      </p>
      <p className="notice-foot">
        公示期为7天。如有异议，请在公示期内向村民委员会或区扶贫开发工作领导小组办公室反映。
        <br />
        监督电话：______________
      </p>
      <p className="notice-sign">
        {n.villageName}村民委员会
        <br />
        年　　月　　日
      </p>
    </div>
  );
}

export function NoticeView() {
  const villages = useLedgerData('villages.list', {}, '行政村列表');
  const [chosen, setChosen] = useState('');
  const [year, setYear] = useState(2016);
  const villageId = chosen || villages?.[0]?.id || '';
  return (
    <div className="single-page notice-page">
      <div className="toolbar">
        <label htmlFor="notice-village">行政村</label>
        <select id="notice-village" value={villageId} onChange={(e) => setChosen(e.target.value)}>
          {(villages ?? []).map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
        <YearSelect id="notice-year" value={year} onChange={(y) => setYear(y ?? 2016)} />
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => window.print()} disabled={!villageId}>
          打印公示
        </button>
      </div>
      {villageId && <NoticeOf villageId={villageId} year={year} />}
    </div>
  );
}

function NoticeOf({ villageId, year }: { villageId: string; year: number }) {
  const notice = useLedgerData('ledger.notice', { villageId, year }, '公示');
  if (!notice) return <p className="toolbar-note">正在读取…</p>;
  return (
    <div className="notice-scroll">
      <div className="notice-paper">
        <NoticeBody n={notice} />
      </div>
      {/* The same notice alone on the paper when printing. */}
      {createPortal(
        <div className="print-area notice-print">
          <NoticeBody n={notice} />
        </div>,
        document.body,
      )}
    </div>
  );
}
