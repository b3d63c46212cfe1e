// Exits written straight through the session's audited write path, as the 销号/出列 workflow
// records them (status and date): the battle map's tests need some before that workflow's pages
// exist. Everyone in the demo is fictitious (虚构演示数据).
import type { Backend } from '../../main/dev/bridge';
import { updateRow } from '../../main/db/write';

/**
 * Strikes off every household of the demo's first village through 2016 (one 出列 on 2016-12-20)
 * and ten households of its third village in 2017. Returns the villages' ids and the counts.
 */
export function strikeOffSome(backend: Backend): { villageId: string; households: number } {
  const store = backend.session.requireStore();
  const villages = store.sqlite.prepare('SELECT id FROM villages ORDER BY code LIMIT 3').pluck().all() as string[];
  const ofVillage = (id: string, limit: number) => store.sqlite.prepare('SELECT id FROM households WHERE villageId = ? ORDER BY hhCode LIMIT ?').pluck().all(id, limit) as string[];
  const first = ofVillage(villages[0], 100_000);
  const third = ofVillage(villages[2], 10);
  backend.session.write({ kind: 'system', name: '测试' }, (w) => {
    first.forEach((id, i) => updateRow(w, 'households', id, { exitStatus: 'exited', exitedOn: `2016-${String(3 + (i % 9)).padStart(2, '0')}-15` }, '贫困户'));
    third.forEach((id, i) => updateRow(w, 'households', id, { exitStatus: 'exited_supported', exitedOn: `2017-0${1 + (i % 6)}-10` }, '贫困户'));
    updateRow(w, 'villages', villages[0], { exitedOn: '2016-12-20', exitedYear: 2016 }, '行政村');
  });
  return { villageId: villages[0], households: first.length + third.length };
}
