// A tiny DOM builder: enough for four small pages without a framework.

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
      else if (k === "class") el.className = String(v);
      // Through the CSSOM: the pages' Content-Security-Policy refuses style attributes (docs/security.md).
      else if (k === "style") el.style.cssText = String(v);
      else if (k === "value" && "value" in el) (el as HTMLInputElement).value = String(v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces a region's content and gives focus back to the control that had it (same id), so keyboard users keep their place. */
export function patch(region: HTMLElement, ...children: Child[]): void {
  const active = document.activeElement as HTMLElement | null;
  const focusId = active && region.contains(active) ? active.id : "";
  region.replaceChildren();
  append(region, children);
  if (focusId) document.getElementById(focusId)?.focus();
  tickClocks();
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

/** Says something once to screen readers through the page's polite live region. */
export function announce(text: string): void {
  const region = document.getElementById("announce");
  if (!region) return;
  region.textContent = "";
  window.setTimeout(() => (region.textContent = text), 30);
}

export function mmss(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * Countdowns without re-rendering: every element with data-until (epoch ms) shows the time left as m:ss.
 * Only the text changes, so focus and screen-reader position stay where they are.
 */
export function startClocks(): void {
  tickClocks();
  window.setInterval(tickClocks, 250);
}

function tickClocks(): void {
  for (const el of document.querySelectorAll<HTMLElement>("[data-until]")) {
    const left = (Number(el.dataset.until) - Date.now()) / 1000;
    const text = mmss(left);
    if (el.textContent !== text) el.textContent = text;
    el.classList.toggle("ending", left <= 10);
  }
}
