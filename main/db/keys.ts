// The database is encrypted with a random 256-bit data key. The key file beside it (<db>.key)
// holds that key twice, wrapped (AES-256-GCM) by a key derived (scrypt) from the password and by
// one derived from the one-time recovery code. So a password change rewrites a small file and
// never re-encrypts the data, and a forgotten password can be replaced with the recovery code.
// All cryptography is Node's crypto module; nothing here is hand-rolled.
import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../shared/errors';

export const KEY_FILE_SUFFIX = '.key';
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/**
 * The scrypt cost a key file may ask for. The file is read before any password is checked, so its
 * parameters are untrusted: N = 2^30 would make unlocking run for hours or exhaust memory. The
 * bounds leave room for stronger settings later (up to 16 times today's work, the same memory
 * ceiling as today's maxmem) and refuse anything else as a damaged key file, at once.
 */
const SCRYPT_BOUNDS = { maxLogN: 20, maxR: 16, maxP: 4, maxWork: 16 * SCRYPT.N * SCRYPT.r * SCRYPT.p } as const;

function scryptCostAcceptable(w: { N: number; r: number; p: number }): boolean {
  const powerOfTwo = w.N >= 2 && (w.N & (w.N - 1)) === 0 && w.N <= 2 ** SCRYPT_BOUNDS.maxLogN;
  // Node's own check: 128 * N * r bytes must fit in maxmem.
  const fitsMemory = 128 * w.N * w.r <= SCRYPT.maxmem;
  return powerOfTwo && w.r >= 1 && w.r <= SCRYPT_BOUNDS.maxR && w.p >= 1 && w.p <= SCRYPT_BOUNDS.maxP && fitsMemory && w.N * w.r * w.p <= SCRYPT_BOUNDS.maxWork;
}

/** base64 of exactly `bytes` bytes: a wrong IV or tag length would throw inside node:crypto. */
function base64Of(bytes: number) {
  return z.string().refine((s) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && Buffer.from(s, 'base64').length === bytes);
}

const wrappedSchema = z
  .object({
    kdf: z.literal('scrypt'),
    N: z.number().int(),
    r: z.number().int(),
    p: z.number().int(),
    salt: z.string().refine((s) => Buffer.from(s, 'base64').length >= 16),
    iv: base64Of(12),
    tag: base64Of(16),
    data: base64Of(32),
  })
  .refine(scryptCostAcceptable);
type Wrapped = z.infer<typeof wrappedSchema>;

const keyFileSchema = z.object({
  format: z.literal('fupin-desk-key'),
  version: z.literal(1),
  /** sha256 of the data key, shortened: tells whether a backup shares this database's key. */
  keyId: z.string(),
  password: wrappedSchema,
  recovery: wrappedSchema,
  passwordChangedAt: z.string(),
});
export type KeyFile = z.infer<typeof keyFileSchema>;

export function keyFilePath(dbPath: string): string {
  return dbPath + KEY_FILE_SUFFIX;
}

function wrap(dataKey: Buffer, secret: string): Wrapped {
  const salt = randomBytes(16);
  const kek = scryptSync(secret.normalize('NFC'), salt, 32, SCRYPT);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  const data = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return { kdf: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

function unwrap(w: Wrapped, secret: string): Buffer | null {
  let decipher;
  try {
    const kek = scryptSync(secret.normalize('NFC'), Buffer.from(w.salt, 'base64'), 32, { N: w.N, r: w.r, p: w.p, maxmem: SCRYPT.maxmem });
    decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(w.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(w.tag, 'base64'));
  } catch (e) {
    // readKeyFile's bounds should make this unreachable; a key file is still never a raw crash.
    throw new AppError('NOT_A_DATABASE', '密钥文件已损坏（加密参数不可用），请用与数据库一起备份的密钥文件替换它', { cause: (e as Error).message });
  }
  try {
    return Buffer.concat([decipher.update(Buffer.from(w.data, 'base64')), decipher.final()]);
  } catch {
    return null; // authentication failed: wrong secret
  }
}

export function keyIdOf(dataKey: Buffer): string {
  return createHash('sha256').update(dataKey).digest('hex').slice(0, 16);
}

// Crockford's base32 alphabet: no I, L, O, U, so a code read aloud or retyped is unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 25 random characters (125 bits) in five groups, e.g. 7KQ2M-… */
export function newRecoveryCode(): string {
  const bytes = randomBytes(25);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

/** What a clerk types back: any case, with or without dashes or spaces, O for 0, I/L for 1. */
export function normalizeRecoveryCode(input: string): string {
  const s = input.toUpperCase().replace(/[\s\-－—]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return s.match(/.{1,5}/g)?.join('-') ?? '';
}

export interface NewKeys {
  dataKey: Buffer;
  keyFile: KeyFile;
  recoveryCode: string;
}

export function createKeys(password: string): NewKeys {
  const dataKey = randomBytes(32);
  const recoveryCode = newRecoveryCode();
  return {
    dataKey,
    recoveryCode,
    keyFile: {
      format: 'fupin-desk-key',
      version: 1,
      keyId: keyIdOf(dataKey),
      password: wrap(dataKey, password),
      recovery: wrap(dataKey, recoveryCode),
      passwordChangedAt: new Date().toISOString(),
    },
  };
}

export function readKeyFile(dbPath: string): KeyFile {
  const file = keyFilePath(dbPath);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new AppError('NOT_A_DATABASE', `找不到数据库的密钥文件：${file}。密钥文件与数据库文件必须放在同一文件夹、同名（后缀 .key），复制或备份时请一起复制`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('NOT_A_DATABASE', `密钥文件已损坏：${file}`);
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) throw new AppError('NOT_A_DATABASE', `密钥文件已损坏或格式不对：${file}。请用与数据库一起备份的密钥文件替换它`);
  return parsed.data;
}

/** Writes the key file so that a crash leaves either the old or the new one, never half of one. */
export function writeKeyFile(dbPath: string, keyFile: KeyFile): void {
  const file = keyFilePath(dbPath);
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(keyFile, null, 2));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export function unlockWithPassword(keyFile: KeyFile, password: string): Buffer {
  const key = unwrap(keyFile.password, password);
  if (!key || !timingSafeEqual(Buffer.from(keyIdOf(key)), Buffer.from(keyFile.keyId))) {
    throw new AppError('WRONG_PASSWORD', '密码错误，无法打开数据库。如忘记密码，可使用创建数据库时保存的恢复码重设密码');
  }
  return key;
}

export function unlockWithRecoveryCode(keyFile: KeyFile, code: string): Buffer {
  const key = unwrap(keyFile.recovery, normalizeRecoveryCode(code));
  if (!key || keyIdOf(key) !== keyFile.keyId) throw new AppError('WRONG_PASSWORD', '恢复码不正确，请核对后重新输入（不区分大小写，短横线可省略）');
  return key;
}

/** A new password for the same data key; the recovery code stays valid. */
export function rewrapPassword(keyFile: KeyFile, dataKey: Buffer, newPassword: string): KeyFile {
  return { ...keyFile, password: wrap(dataKey, newPassword), passwordChangedAt: new Date().toISOString() };
}

/** SQLCipher's raw-key form: the data key is used as is, with no second key derivation. */
export function sqlcipherRawKey(dataKey: Buffer): string {
  return `"x'${dataKey.toString('hex')}'"`;
}
