// Building blocks of the admin console: labelled fields keyed by the API's field names, forms that show the
// server's problem details next to the field it names, the page's status line and the "shown once" dialog.

import { h, announce } from "../shared/dom";
import { t } from "../i18n";
import { problemText, type ProblemDetails, type Result } from "./api";

type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** What a screen module is given: the council it works on and who is logged in. */
export interface Ctx {
  council: string;
  role: string;
  hostAdmin: boolean;
  /** Runs when the screen is left (stops polling). */
  onLeave(fn: () => void): void;
  /** Shows the screen at `#hash`, rendering it again when it is already shown. */
  go(hash: string): void;
}

function wrap(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.setAttribute("aria-describedby", [hint ? `${id}-hint` : "", `${id}-error`].filter(Boolean).join(" "));
  return h("span", { class: "field" },
    h("label", { for: id }, label),
    hint ? h("small", { id: `${id}-hint`, class: "hint" }, hint) : null,
    control,
    h("span", { id: `${id}-error`, class: "field-error", hidden: true }));
}

/** An input whose API field name is `field` (the key a problem's `field` refers to). */
export function field(id: string, label: string, apiField: string, attrs: Attrs = {}, hint?: string): HTMLElement {
  return wrap(id, label, h("input", { id, name: apiField, "data-field": apiField, ...attrs }), hint);
}

export function area(id: string, label: string, apiField: string, attrs: Attrs = {}): HTMLElement {
  return wrap(id, label, h("textarea", { id, name: apiField, "data-field": apiField, rows: 4, ...attrs }));
}

export function choice(id: string, label: string, apiField: string, options: Array<[string, string]>, value = ""): HTMLElement {
  return wrap(id, label, h("select", { id, name: apiField, "data-field": apiField },
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text))));
}

export function check(id: string, label: string, apiField: string, checked = false): HTMLElement {
  return h("span", { class: "field" }, h("label", { class: "check", for: id },
    h("input", { id, type: "checkbox", name: apiField, "data-field": apiField, checked }), label));
}

function control(form: HTMLElement, apiField: string): HTMLInputElement | null {
  return form.querySelector<HTMLInputElement>(`[data-field="${CSS.escape(apiField)}"]`);
}
export function val(form: HTMLElement, apiField: string): string { return control(form, apiField)?.value.trim() ?? ""; }
export function opt(form: HTMLElement, apiField: string): string | null { return val(form, apiField) || null; }
export function num(form: HTMLElement, apiField: string): number { const v = val(form, apiField); return v === "" ? NaN : Number(v); }
export function isChecked(form: HTMLElement, apiField: string): boolean { return control(form, apiField)?.checked ?? false; }

export function clearProblems(form: HTMLElement): void {
  for (const e of form.querySelectorAll<HTMLElement>(".field-error")) { e.hidden = true; e.textContent = ""; }
  for (const e of form.querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
  const summary = form.querySelector<HTMLElement>(".form-error");
  if (summary) { summary.hidden = true; summary.textContent = ""; }
}

/** The server's message at the top of the form, and beside the field it names when the form has that field. */
export function showProblem(form: HTMLElement, problem: ProblemDetails): void {
  const text = problemText(problem);
  const summary = form.querySelector<HTMLElement>(".form-error");
  if (summary) { summary.hidden = false; summary.textContent = text; }
  const c = problem.field ? control(form, problem.field) : null;
  if (c) {
    c.setAttribute("aria-invalid", "true");
    const e = document.getElementById(`${c.id}-error`);
    if (e) { e.hidden = false; e.textContent = text; }
  }
  if (!summary) say(text, false);
}

/**
 * A form that sends itself with `submit` and shows the answer: a refusal in place (summary `#{id}-error` plus the
 * field), success through `done`. `novalidate`: the API's own messages are the validation.
 */
export function apiForm<T>(id: string, title: string | null, children: HTMLElement[], submitLabel: string,
  submit: (form: HTMLFormElement) => Promise<Result<T> | null>, done: (value: T) => void, attrs: Attrs = {}, level: "h2" | "h3" = "h3"): HTMLFormElement {
  const form: HTMLFormElement = h("form", { id, novalidate: true, class: "api-form", "aria-labelledby": title ? `${id}-h` : null, ...attrs,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      clearProblems(form);
      const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
      if (button) button.disabled = true;
      try {
        const result = await submit(form);
        if (!result) return;
        if (result.ok) done(result.value);
        else showProblem(form, result.problem);
      } finally { if (button) button.disabled = false; }
    } },
  title ? h(level, { id: `${id}-h` }, title) : null,
  h("p", { id: `${id}-error`, class: "error form-error", role: "alert", hidden: true }),
  h("div", { class: "fields" }, children),
  h("button", { id: `${id}-submit`, type: "submit", class: "primary" }, submitLabel));
  return form;
}

/** The console's status line (`#admin-message`), read out politely. */
export function say(text: string, ok: boolean): void {
  const m = document.getElementById("admin-message");
  if (m) { m.textContent = text; m.className = `message ${ok ? "ok" : "bad"}`; }
  announce(text);
}

/** Reports a result of a button action (not a form) on the status line; answers whether it succeeded. */
export function report(result: Result<unknown>, okText: string): boolean {
  if (result.ok) say(okText, true);
  else say(problemText(result.problem), false);
  return result.ok;
}

/** A screen: one section with its heading. */
export function screen(id: string, title: string, ...children: Array<HTMLElement | null>): HTMLElement {
  return h("section", { id: `screen-${id}`, class: "screen", "aria-labelledby": `${id}-h` },
    h("h2", { id: `${id}-h`, tabindex: -1 }, title), children);
}

export function table(id: string, caption: string, headers: string[], rows: HTMLElement[]): HTMLElement {
  return h("div", { class: "table-wrap" }, h("table", { id, class: "data" },
    h("caption", null, caption),
    h("thead", null, h("tr", null, headers.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", null, rows)));
}

/**
 * A secret shown this once (PIN, terminal key): a modal dialog with a plain notice that it cannot be shown again.
 * `extra` adds the pairing link and QR code for a tablet key.
 */
export function showOnce(title: string, secret: string, extra: HTMLElement | null = null): void {
  const a = t().admin.common;
  document.getElementById("once-dialog")?.remove();
  const dialog: HTMLDialogElement = h("dialog", { id: "once-dialog", "aria-labelledby": "once-h", "aria-describedby": "once-notice" },
    h("h2", { id: "once-h" }, title),
    h("p", { id: "once-notice", class: "note warn" }, a.shownOnce),
    h("p", { class: "secret" }, h("code", { id: "once-value" }, secret)),
    extra,
    h("button", { id: "once-close", type: "button", class: "primary", onclick: () => { dialog.close(); dialog.remove(); } }, a.shownOnceClose));
  document.body.appendChild(dialog);
  dialog.showModal();
}

export async function confirmed(text: string): Promise<boolean> { return window.confirm(text); }
