// The main window after a database is open: header, navigation tabs, the current page, status bar.
import { useEffect, useState } from 'react';
import type { DbInfo, Operator } from '../../../shared/contract';
import { call } from '../../api';
import { HouseholdsPage } from '../households/HouseholdsPage';
import { MembersPage } from '../members/MembersPage';
import { VillagesPage } from '../villages/VillagesPage';
import { PlanPage } from '../plan/PlanPage';
import { BattlePage, OpenWallButton } from '../battle/BattlePage';
import { IncomesPage } from '../incomes/IncomesPage';
import { OrgPage } from '../org/OrgPage';
import { SafetyPage } from '../safety/SafetyPage';
import { ImportPage } from '../import/ImportPage';
import { QualityPage } from '../quality/QualityPage';
import { LedgerPage } from '../ledger/LedgerPage';
import { LettersPage } from '../letters/LettersPage';
import { GotoProvider } from '../quality/goto';
import { LockScreen, useAutoLock } from '../../components/LockScreen';
import { baseName } from '../start/StartScreen';
import { StatusBar, useIntegrity, useStats } from './stats';
import { DamageNotice } from './DamageNotice';
import { UndoButton, UndoProvider } from '../../grid/undo';
import { ColumnStateScope } from '../../grid/columnState';

const TABS = [
  { id: 'households', label: '贫困户' },
  { id: 'members', label: '贫困人口' },
  { id: 'villages', label: '行政村' },
  { id: 'plan', label: '脱贫计划' },
  { id: 'battle', label: '挂图作战' },
  { id: 'incomes', label: '收入' },
  { id: 'org', label: '单位与工作队' },
  { id: 'import', label: '导入' },
  { id: 'quality', label: '数据质量' },
  { id: 'ledger', label: '资金' },
  { id: 'letters', label: '责任状' },
  { id: 'safety', label: '数据安全' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** The operator this window chose (asked again after each unlock, where another may be chosen). */
function useCurrentOperator(locked: boolean): Operator | null {
  const [operator, setOperator] = useState<Operator | null>(null);
  useEffect(() => {
    if (locked) return;
    let current = true;
    call('operators.current', {})
      .then((o) => current && setOperator(o))
      .catch(() => current && setOperator(null));
    return () => {
      current = false;
    };
  }, [locked]);
  return operator;
}

export function MainWindow({ db, onClose, closing }: { db: DbInfo; onClose: () => void; closing: boolean }) {
  const [tab, setTab] = useState<TabId>('households');
  const { stats } = useStats();
  const integrity = useIntegrity();
  const autoLock = useAutoLock(db.path);
  const operator = useCurrentOperator(autoLock.locked);
  // Locked: nothing of the window's content is rendered, only the lock screen.
  if (autoLock.locked) {
    return <LockScreen fileName={baseName(db.path)} filePath={db.path} idleMinutes={autoLock.idleMinutes} onUnlocked={autoLock.unlock} onClose={onClose} closing={closing} />;
  }
  // 撤销 steps hold personal data: they live under the unlocked window only (a lock or a close
  // unmounts them).
  return (
    <UndoProvider>
      <ColumnStateScope dbPath={db.path}>
      <div className="app">
        <header className="app-header">
          <h1 className="app-title">精准扶贫台账</h1>
          <span className="app-file" title={db.path}>
            {baseName(db.path)}
          </span>
          {db.demo && <span className="badge-demo">虚构演示数据</span>}
          <span className="spacer" />
          {/* Whose name the history records for this window's changes. */}
          <span className="app-operator" title={operator ? '本窗口的修改记在此操作员名下' : '未选择操作员：修改记在本机登录名下；锁定后解锁时可选择'}>
            操作员：{operator ? operator.label : '未选择'}
          </span>
          <OpenWallButton />
          <UndoButton className="btn btn-header" />
          <button type="button" className="btn btn-header" onClick={autoLock.lock} title="离开座位时锁定窗口，输入密码后继续">
            锁定
          </button>
          <button type="button" className="btn btn-header" onClick={onClose} disabled={closing}>
            关闭数据库
          </button>
        </header>
        <nav className="tabs" role="tablist" aria-label="功能">
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => setTab(t.id)}>
              {t.label}
            </button>
          ))}
        </nav>
        {integrity?.state === 'damaged' && <DamageNotice problem={integrity.problem} onRestore={() => setTab('safety')} />}
        <GotoProvider onOpen={setTab}>
        <main className="page" role="tabpanel" aria-label={TABS.find((t) => t.id === tab)!.label}>
          {tab === 'households' && <HouseholdsPage />}
          {tab === 'members' && <MembersPage />}
          {tab === 'villages' && <VillagesPage />}
          {tab === 'plan' && <PlanPage />}
          {tab === 'battle' && <BattlePage />}
          {tab === 'incomes' && <IncomesPage />}
          {tab === 'org' && <OrgPage />}
          {tab === 'import' && <ImportPage dbPath={db.path} />}
          {tab === 'quality' && <QualityPage dbPath={db.path} />}
          {tab === 'ledger' && <LedgerPage />}
          {tab === 'letters' && <LettersPage />}
          {tab === 'safety' && <SafetyPage dbPath={db.path} settings={autoLock.settings} onSettingsChanged={autoLock.applySettings} />}
        </main>
        </GotoProvider>
        <StatusBar stats={stats} integrity={integrity} />
      </div>
      </ColumnStateScope>
    </UndoProvider>
  );
}
