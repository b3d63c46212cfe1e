// Creates the fictitious demo database once, in this process, so tests that only need it open
// start from a copy instead of generating it again. Test a still creates it through the start
// screen (db.prepareDemo) in an empty user-data folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDemoDatabase } from '../../main/services/demo';
import { DEMO_FILE_NAME, DEMO_PASSWORD, DEMO_TEMPLATE_ENV } from './paths';

export default async function globalSetup(): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-e2e-demo-'));
  const file = path.join(dir, DEMO_FILE_NAME);
  createDemoDatabase(file, DEMO_PASSWORD, { actor: { kind: 'system', name: 'e2e@global-setup' } });
  process.env[DEMO_TEMPLATE_ENV] = file;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
