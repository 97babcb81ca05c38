import type { Command } from '../context.js';
import { VERSION } from '../../version.js';

/**
 * What `distill version` prints: `distill <version>`, or with `json` the versions, platform and architecture as one
 * JSON line. Shared by the command and the executable's fast path (src/bin/launcher.ts), so both print the same.
 * @example versionText(false) // "distill 0.2.0\n"
 */
export function versionText(json: boolean): string {
  if (json) return `${JSON.stringify({ distill: VERSION, node: process.versions.node, platform: process.platform, arch: process.arch })}\n`;
  return `distill ${VERSION}\n`;
}

export const versionCommand: Command = {
  name: 'version',
  summary: 'Print the Distill version.',
  usage: 'distill version [--json]',
  flags: { json: { type: 'boolean', description: 'As JSON with the Node.js version and platform.' } },
  async run(args, context) {
    context.io.stdout.write(versionText(args.flags.json === true));
    return 0;
  },
};
