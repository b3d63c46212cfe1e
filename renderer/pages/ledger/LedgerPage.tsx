// 资金: the funding ledger (记账), balances (余额), pledges against money received (承诺与到位),
// projects (项目) and the village notice (公示), one view at a time.
import { useState } from 'react';
import { EntriesView } from './EntriesView';
import { BalancesView } from './BalancesView';
import { ComplianceView } from './ComplianceView';
import { ProjectsView } from './ProjectsView';
import { NoticeView } from './NoticeView';
import './ledger.css';

const VIEWS = [
  { id: 'entries', label: '记账' },
  { id: 'balances', label: '余额' },
  { id: 'compliance', label: '承诺与到位' },
  { id: 'projects', label: '项目' },
  { id: 'notice', label: '公告公示' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

export function LedgerPage() {
  const [view, setView] = useState<ViewId>('entries');
  return (
    <div className="single-page ledger-page">
      <div className="toolbar">
        <div className="segmented" role="tablist" aria-label="资金">
          {VIEWS.map((v) => (
            <button key={v.id} type="button" role="tab" aria-selected={view === v.id} className={view === v.id ? 'seg active' : 'seg'} onClick={() => setView(v.id)}>
              {v.label}
            </button>
          ))}
        </div>
      </div>
      {view === 'entries' && <EntriesView />}
      {view === 'balances' && <BalancesView />}
      {view === 'compliance' && <ComplianceView />}
      {view === 'projects' && <ProjectsView />}
      {view === 'notice' && <NoticeView />}
    </div>
  );
}
