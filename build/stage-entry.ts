import { closeSync, copyFileSync, lstatSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * Node's SEA blob records the main script's path as it was given to `--experimental-sea-config` (pkg makes it
 * absolute), and the executable shows it in stack traces. Built from wherever the checkout happens to be, two
 * builds of the same commit would differ in those bytes — and leak the builder's directory. So pkg always gets the
 * bundle from this one fixed path, the same on every build machine: the executables are then identical wherever
 * they are built.
 */
export const SEA_ENTRY_DIR = '/tmp/distill-sea';
export const SEA_ENTRY = `${SEA_ENTRY_DIR}/distill.cjs`;

/**
 * Copy the bundle to {@link SEA_ENTRY} for the duration of `fn`, holding a lock so that two builds on one machine do
 * not swap each other's bundle. Refuses a directory that is a symlink or belongs to another user (it is in a
 * shared temp directory).
 *
 * @throws Error when another live build holds the lock or the directory is not safe to use.
 */
export async function withStagedEntry<T>(bundleFile: string, fn: (entry: string) => Promise<T>, dir = SEA_ENTRY_DIR): Promise<T> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (st.isSymbolicLink() || !st.isDirectory() || (process.getuid !== undefined && st.uid !== process.getuid())) {
    throw new Error(`${dir} is not a directory of this user; remove it and build again.`);
  }
  const lock = path.join(dir, 'lock');
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch {
    const holder = Number(readFileSync(lock, 'utf8'));
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) throw new Error(`Another build (pid ${holder}) is using ${dir}; wait for it to finish.`);
    rmSync(lock, { force: true });
    fd = openSync(lock, 'wx');
  }
  writeSync(fd, String(process.pid));
  closeSync(fd);
  try {
    const entry = path.join(dir, path.basename(SEA_ENTRY));
    copyFileSync(bundleFile, entry);
    return await fn(entry);
  } finally {
    rmSync(lock, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
