import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Write a secret (private key, token) readable by the user only: the directory is created with mode 0700 and the
 * file written with 0600 (and chmod-ed, in case it existed with a wider mode). On Windows the modes are ignored
 * and the per-user profile directory's ACL protects it.
 */
export async function writePrivateFile(file: string, content: string, mode = 0o600): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, content, { mode });
  await chmod(file, mode);
}
