// Child process for the crash test: writes through the real services as fast as it can, in
// transactions of known shape, until it is killed. Each household's note records how many
// members its transaction wrote, so the parent can tell a whole transaction from half of one.
import { openDatabase } from '../../../main/db/open';
import { write, type Writer } from '../../../main/db/write';
import * as registry from '../../../main/services/registry';
import { makeIdNumber } from '../../../shared/domain/idNumber';

const [file, password, villageId, seedText] = process.argv.slice(2);
const store = openDatabase(file, password);
// Through write(), as the app writes: each commit is followed by the audit anchor's update, so a
// kill can also land between the two.
const scope = { store, actor: { kind: 'system' as const, name: 'crash-child' } };
let n = Number(seedText) * 100_000;

function idNumber(): string {
  n++;
  const day = String(1 + (n % 28)).padStart(2, '0');
  const year = 1940 + (Math.floor(n / 28) % 60);
  const month = String(1 + (Math.floor(n / 1680) % 12)).padStart(2, '0');
  return makeIdNumber('420115', `${year}-${month}-${day}`, Math.floor(n / 20160) % 1000);
}

function oneHousehold(w: Writer, size: number): void {
  const h = registry.createHousehold(w, { villageId, category: 'general', headName: '崩溃测试', headIdNumber: idNumber() });
  for (let i = 1; i < size; i++) registry.createMember(w, { householdId: h.id, name: `成员${i}`, idNumber: idNumber(), relation: 'other' });
  registry.updateHousehold(w, { id: h.id, field: 'note', value: `crash:${size}` });
}

process.stdout.write('ready\n');
for (let round = 0; ; round++) {
  if (round % 5 === 4) {
    // An "import": many households in one transaction.
    write(scope, (w) => {
      for (let i = 0; i < 40; i++) oneHousehold(w, 1 + (i % 5));
    });
  } else {
    // A clerk's edits: one household with its members.
    write(scope, (w) => oneHousehold(w, 1 + (round % 6)));
  }
}
