// The 操作员 part of the password step (start screen, lock screen): the name remembered on this PC
// preselected, or a new one typed in, or the database's list once it is open (operatorPick.ts).
import type { OperatorPick } from './operatorPick';
import type { RememberedOperator } from './remembered';
import './operators.css';

type Choice = OperatorPick['kind'];

/** newOnly: just the new operator's name and office (the step after the password has its own list). */
export function OperatorFields(props: { idPrefix: string; pick: OperatorPick; remembered: RememberedOperator | null; onChange: (pick: OperatorPick) => void; disabled: boolean; newOnly?: boolean }) {
  const { idPrefix: id, pick, remembered, onChange, disabled, newOnly = false } = props;
  const select = (choice: Choice) => {
    if (choice === 'remembered' && remembered) onChange({ kind: 'remembered', operator: remembered });
    else if (choice === 'new') onChange({ kind: 'new', name: '', office: '' });
    else onChange({ kind: 'later' });
  };
  return (
    <div className={newOnly ? 'operator-fields operator-fields-new' : 'operator-fields'}>
      {!newOnly && (
        <div className="field">
          <label htmlFor={`${id}-operator`}>操作员（修改记录中记为此人）</label>
          <select id={`${id}-operator`} value={pick.kind} onChange={(e) => select(e.target.value as Choice)} disabled={disabled}>
            {remembered && <option value="remembered">{remembered.label}</option>}
            <option value="later">打开后从操作员名单中选择</option>
            <option value="new">新增操作员…</option>
          </select>
        </div>
      )}
      {pick.kind === 'new' && (
        <>
          <div className="operator-new">
            <div className="field">
              <label htmlFor={`${id}-operator-name`}>姓名</label>
              <input id={`${id}-operator-name`} type="text" value={pick.name} maxLength={40} onChange={(e) => onChange({ ...pick, name: e.target.value })} autoComplete="off" disabled={disabled} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-operator-office`}>科室</label>
              <input id={`${id}-operator-office`} type="text" value={pick.office} maxLength={60} onChange={(e) => onChange({ ...pick, office: e.target.value })} placeholder="如 扶贫办" autoComplete="off" disabled={disabled} />
            </div>
          </div>
          {!remembered && !newOnly && <p className="field-hint operator-hint">这台电脑还没有为这个数据库选过操作员。数据库里已有您的名字时，不必填写，打开后从名单中选择。</p>}
        </>
      )}
    </div>
  );
}
