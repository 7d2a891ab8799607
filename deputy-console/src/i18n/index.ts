import { uk, type Strings } from "./uk";
import { en } from "./en";
import { h } from "../shared/dom";

export type Lang = "uk" | "en";
const all: Record<Lang, Strings> = { uk, en };
const listeners: Array<() => void> = [];

let lang: Lang = readLang();

function readLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (fromUrl === "en" || fromUrl === "uk") return fromUrl;
  try { return localStorage.getItem("session.lang") === "en" ? "en" : "uk"; } catch { return "uk"; }
}

/** The strings of the current language (Ukrainian by default). */
export function t(): Strings { return all[lang]; }
export function currentLang(): Lang { return lang; }

export function setLang(next: Lang): void {
  lang = next;
  try { localStorage.setItem("session.lang", next); } catch { /* private mode: the choice lasts for this page */ }
  document.documentElement.lang = next;
  for (const l of listeners) l();
}

export function onLang(listener: () => void): void { listeners.push(listener); }

/** A server refusal in the reader's language. */
export function refusal(ack: { message: string | null; messageEn: string | null; reason: string | null }): string {
  const text = lang === "en" ? ack.messageEn ?? ack.message : ack.message ?? ack.messageEn;
  return text ?? ack.reason ?? t().common.refused;
}

/** The button that switches between Ukrainian and English; it names the language it switches to, in that language. */
export function langSwitch(): HTMLButtonElement {
  const other: Lang = lang === "uk" ? "en" : "uk";
  return h("button", {
    type: "button", id: "lang-switch", class: "lang-switch", lang: other,
    onclick: () => setLang(other),
  }, all[other].common.switchTo);
}

document.documentElement.lang = lang;
