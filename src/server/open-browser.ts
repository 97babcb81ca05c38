import { spawn } from 'node:child_process';

/**
 * Should the server open the user's browser? Not when told not to (`DISTILL_NO_BROWSER` set to anything but `0`),
 * never under CI (`CI` set) and not on Linux without a display (no `DISPLAY` or `WAYLAND_DISPLAY`: a server or a
 * test machine).
 */
export function shouldOpenBrowser(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform = process.platform): boolean {
  const no = env.DISTILL_NO_BROWSER;
  if (no !== undefined && no !== '' && no !== '0') return false;
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') return false;
  if (platform === 'linux' && (env.DISPLAY ?? '') === '' && (env.WAYLAND_DISPLAY ?? '') === '') return false;
  return true;
}

/**
 * The command that opens `url` in the default browser: `rundll32 url.dll,FileProtocolHandler` on Windows (no shell,
 * so `&` in the address is safe), `open` on macOS, `xdg-open` elsewhere.
 *
 * @example
 * browserCommand('https://127.0.0.1:8443/app/', 'win32') // → ['rundll32', ['url.dll,FileProtocolHandler', 'https://…']]
 */
export function browserCommand(url: string, platform: NodeJS.Platform = process.platform): [string, string[]] {
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  if (platform === 'darwin') return ['open', [url]];
  return ['xdg-open', [url]];
}

/**
 * Open `url` in the default browser, detached; failures (no browser, no opener installed) are reported to
 * `onError` and otherwise ignored — the address is printed anyway.
 */
export function openBrowser(url: string, onError: (message: string) => void): void {
  const [cmd, args] = browserCommand(url);
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore', windowsHide: true });
    child.on('error', (error) => onError(`Could not open a browser (${error.message}); open the App address yourself.`));
    child.unref();
  } catch (error) {
    onError(`Could not open a browser (${(error as Error).message}); open the App address yourself.`);
  }
}
