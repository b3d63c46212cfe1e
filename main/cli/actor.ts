// Who the command line writes as, in the audit log: the OS login, marked as the CLI.
import os from 'node:os';
import type { Actor } from '../db/audit';

export const CLI_ACTOR: Actor = { kind: 'cli', name: `命令行（${os.userInfo().username}）` };
