/** Types of scripts/test-prerequisites.mjs (what npm test needs besides npm packages). */
export interface Prerequisite {
  readonly name: string;
  readonly found: () => boolean;
  readonly packages: readonly string[];
  readonly why: string;
  readonly es?: boolean;
  readonly always?: boolean;
  readonly files?: readonly string[];
}
export declare const PREREQUISITES: readonly Prerequisite[];
export declare function neededPrerequisites(files: readonly string[], options: { startsEs: boolean }): Prerequisite[];
export declare function missingPrerequisites(files: readonly string[], options: { startsEs: boolean }): Prerequisite[];
export declare function provide(missing: readonly Prerequisite[], log?: (line: string) => void): boolean;
