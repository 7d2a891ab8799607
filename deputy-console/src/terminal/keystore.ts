// Which terminal key this screen uses. Each browser tab keeps its own (sessionStorage), so two tabs of one browser
// can be two deputies' terminals in a demo; an installed PWA on a tablet also remembers it across restarts (localStorage).

const KEY = "session.terminal.key";
const installed = () => typeof matchMedia === "function" && matchMedia("(display-mode: standalone)").matches;

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(KEY) ?? (installed() ? localStorage.getItem(KEY) : null);
  } catch {
    return null;
  }
}

export function saveKey(key: string): void {
  try {
    sessionStorage.setItem(KEY, key);
    if (installed()) localStorage.setItem(KEY, key);
  } catch { /* private mode: the key lasts for this page */ }
}

export function forgetKey(): void {
  try {
    sessionStorage.removeItem(KEY);
    localStorage.removeItem(KEY);
  } catch { /* nothing stored */ }
}

/** The outbox of casts belongs to the key, so tabs paired with different keys never share one. */
export function outboxName(key: string): string {
  let h = 0;
  for (const ch of key) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return `session.terminal.outbox.${(h >>> 0).toString(16)}`;
}
