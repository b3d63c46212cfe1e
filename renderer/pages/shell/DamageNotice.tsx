// Damage the background integrity check found in the open database: main now refuses every write.
// First a dialog the clerk must answer, which leads to the backups on 数据安全; then a banner that
// stays until a backup is restored (the check of the restored file clears it).
import { useState } from 'react';
import { Modal } from '../../components/Modal';

export function DamageNotice({ problem, onRestore }: { problem: string | null; onRestore: () => void }) {
  const [answered, setAnswered] = useState(false);
  const restore = () => {
    setAnswered(true);
    onRestore();
  };
  if (answered) {
    return (
      <div className="form-error damage-banner" role="alert">
        数据库完整性检查发现损坏，已停止修改数据。请从备份恢复。
        <div className="error-actions">
          <button type="button" className="btn" onClick={onRestore}>
            从备份恢复…
          </button>
        </div>
      </div>
    );
  }
  return (
    <Modal
      title="数据库文件已损坏"
      wide
      actions={
        <button type="button" className="btn btn-primary" onClick={restore}>
          从备份恢复…
        </button>
      }
    >
      <p className="dialog-message">后台完整性检查发现数据库文件已损坏。为免损坏扩大，已停止修改数据：现在可以查看，但不能保存任何修改。</p>
      <p className="dialog-message">请在“数据安全”页选择一个备份恢复（通常选最近的一个）。恢复前会先把当前文件另存一份，备份之后录入的数据需要重新录入。</p>
      {problem && (
        <>
          <p className="dialog-message">数据库检查程序报告的原文如下（英文，供技术人员排查）：</p>
          <p className="mono path-box" aria-label="检查结果">
            {problem}
          </p>
        </>
      )}
    </Modal>
  );
}
