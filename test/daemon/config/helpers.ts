// Shared fixtures: the minimal site file and a way to get the formatted problems of a bad file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ConfigError, parseSiteConfig, type SiteConfigOptions } from '../../../daemon/config/index.js';

export const examplePath = (name: string): string =>
  fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));

export const MINIMAL = readFileSync(examplePath('minimal-site.yaml'), 'utf8');

/** The minimal file with one exact substring replaced (the substring must exist once). */
export function edit(from: string, to: string, text = MINIMAL): string {
  expect(text.split(from).length, `"${from}" must occur exactly once`).toBe(2);
  return text.replace(from, to);
}

/** Formatted problem lines of a file expected to be rejected. */
export function problemsOf(text: string, options?: SiteConfigOptions): string[] {
  try {
    parseSiteConfig(text, 'site.yaml', options);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).format().split('\n');
  }
  throw new Error('expected the file to be rejected');
}
