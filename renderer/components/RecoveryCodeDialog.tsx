// Shown once, right after a database is created: the recovery code, where the database and its
// key file are, and a printable sheet. 继续 stays disabled until the clerk confirms keeping it.
import { Fragment, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { formatDateCn, keyFileOf } from './format';
import { Modal } from './Modal';

function CodeGroups({ code }: { code: string }) {
  // textContent stays the code as main wrote it (groups joined by '-').
  return (
    <>
      {code.split('-').map((g, i) => (
        <Fragment key={i}>
          {i > 0 && <span className="code-sep">-</span>}
          <span className="code-group">{g}</span>
        </Fragment>
      ))}
    </>
  );
}

export function RecoveryCodeDialog({ path, recoveryCode, onContinue }: { path: string; recoveryCode: string; onContinue: () => void }) {
  const [kept, setKept] = useState(false);
  const today = useMemo(() => formatDateCn(new Date()), []);
  const keyFile = keyFileOf(path);
  return (
    <>
      <Modal
        title="请保管好恢复码"
        wide
        className="recovery-dialog"
        actions={
          <>
            <button type="button" className="btn" onClick={() => window.print()}>
              打印恢复码
            </button>
            <span className="spacer" />
            <button type="button" className="btn btn-primary" disabled={!kept} onClick={onContinue}>
              继续
            </button>
          </>
        }
      >
        <p className="dialog-message">数据库已创建。下面是这个数据库的恢复码：</p>
        <p className="recovery-code" aria-label="恢复码">
          <CodeGroups code={recoveryCode} />
        </p>
        <div className="hint recovery-warning">
          <b>忘记密码时只能用恢复码重设密码；恢复码只显示这一次。</b>
          请现在抄写或打印，交专人保管，不要与电脑放在一起。没有密码也没有恢复码，数据将无法打开。
        </div>
        <dl className="file-facts">
          <dt>数据库文件</dt>
          <dd className="mono">{path}</dd>
          <dt>密钥文件</dt>
          <dd className="mono">{keyFile}</dd>
        </dl>
        <p className="field-hint">密钥文件必须和数据库文件放在同一文件夹；复制、转移或备份数据库时，两个文件要一起复制。</p>
        <label className="check-row">
          <input type="checkbox" checked={kept} onChange={(e) => setKept(e.target.checked)} />
          我已抄写或打印并妥善保管恢复码
        </label>
      </Modal>
      {createPortal(
        <div className="print-sheet" aria-hidden="true">
          <h1>精准扶贫台账 · 数据库恢复码</h1>
          <table>
            <tbody>
              <tr>
                <th>数据库文件</th>
                <td className="mono">{path}</td>
              </tr>
              <tr>
                <th>密钥文件</th>
                <td className="mono">{keyFile}</td>
              </tr>
              <tr>
                <th>生成日期</th>
                <td>{today}</td>
              </tr>
            </tbody>
          </table>
          <p className="print-code">
            <CodeGroups code={recoveryCode} />
          </p>
          <p>忘记数据库密码时，凭此恢复码可以重设密码（开始页面 → 忘记密码？）。恢复码只显示一次，请将本页存放在安全处，不要与电脑放在一起。</p>
          <p>密钥文件必须与数据库文件放在同一文件夹；复制或备份数据库时请一起复制。</p>
          <p className="print-sign">
            保管人签字：<span className="sign-line" />
            日期：<span className="sign-line short" />
          </p>
        </div>,
        document.body,
      )}
    </>
  );
}
