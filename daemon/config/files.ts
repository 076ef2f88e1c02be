// File checks done only by loadSiteConfig (and so by `relais check-config`): a password file
// others can read, or a codec file that is missing, is caught before the daemon starts.
// Relative paths are resolved from `baseDir`, as the daemon does (its working directory by default).
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileChecks } from './sections/common.js';

function statOrReason(path: string): { isFile: boolean; mode: number } | string {
  try {
    const st = statSync(path);
    return { isFile: st.isFile(), mode: st.mode };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `must name an existing file (not found: ${path})`;
    return `must name a readable file (${code ?? 'error'}: ${path})`;
  }
}

export function nodeFileChecks(baseDir: string): FileChecks {
  return {
    privateFile: (path) => privateFile(resolve(baseDir, path)),
    readableFile: (path) => readableFile(resolve(baseDir, path)),
  };
}

function privateFile(path: string): string | null {
  const st = statOrReason(path);
  if (typeof st === 'string') return st;
  if (!st.isFile) return `must name a file (${path} is not one)`;
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    return `must be readable only by its owner: run chmod 600 ${path}`;
  }
  return null;
}

function readableFile(path: string): string | null {
  const st = statOrReason(path);
  if (typeof st === 'string') return st;
  if (!st.isFile) return `must name a file (${path} is not one)`;
  try {
    accessSync(path, constants.R_OK);
  } catch {
    return `must name a file Relais can read (permission denied: ${path})`;
  }
  return null;
}
