// Child process for integrity.test.ts: opens a database, commits one write over the one write path
// and is killed (SIGKILL, no cleanup) with the connection open — a crash or a power cut as the app
// would meet it: the health record still says "open" and the WAL holds the last commits.
import { openDatabase } from '../../../main/db/open';
import { updateSettings } from '../../../main/services/settings';

const [file, password] = process.argv.slice(2);
const store = openDatabase(file, password);
updateSettings({ store, actor: { kind: 'system', name: '测试' } }, { autoLockMinutes: 7 });
process.kill(process.pid, 'SIGKILL');
