// Building blocks shared by the sections, and what a section checker receives.
import { Type } from '@sinclair/typebox';
import type { Problems } from '../problems.js';
import type { SiteConfig } from '../site-config.js';

/** Unknown keys are errors everywhere: a misspelt key silently ignored is a setting not applied. */
export const Strict = { additionalProperties: false } as const;

export const Slug = () =>
  Type.String({
    pattern: '^[a-z0-9][a-z0-9-]{1,62}$',
    expected: 'a slug: 2 to 63 lowercase letters, digits or hyphens, not starting with a hyphen',
  });

export const Name = () => Type.String({ minLength: 1, maxLength: 120 });

export const NonEmpty = () => Type.String({ minLength: 1 });

export const Host = (fallback: string) =>
  Type.String({ minLength: 1, default: fallback, expected: 'a host name or IP address such as 127.0.0.1' });

export const Port = (fallback: number) => Type.Integer({ minimum: 1, maximum: 65535, default: fallback });

/** File-system checks, only when loading a real file (parseSiteConfig stays pure). */
export interface FileChecks {
  /** Why a secret file is unfit (missing, readable by others), or null when it is fine. */
  privateFile(path: string): string | null;
  /** Why a file cannot be read, or null when it is fine. */
  readableFile(path: string): string | null;
}

export interface SectionContext {
  problems: Problems;
  /** Sections already validated (in registry order), for defaults that depend on them. */
  config: Partial<SiteConfig>;
  knownModels?: readonly string[];
  files?: FileChecks;
}
