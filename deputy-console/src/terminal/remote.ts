// A deputy's own device in a mixed or remote sitting (docs/security.md "Remote sittings"): /{council}/remote is the
// tablet's page, but instead of a pairing key the device enrols a passkey once (with a one-time code from the admin)
// and then signs in with that passkey and the deputy's PIN. The sign-in returns a terminal key for the deputy's remote
// place, already identified; from there the page works as at a hall seat.
import { h, byId, announce } from "../shared/dom";
import { currentLang } from "../i18n";
import { passkeysSupported, createPasskey, usePasskey } from "../shared/webauthn";

const strings = {
  uk: {
    title: "Дистанційна участь",
    intro: "Голосування з власного пристрою під час змішаного або дистанційного засідання.",
    signInTitle: "Увійти",
    pin: "PIN депутата",
    signIn: "Увійти ключем доступу",
    enrolTitle: "Зареєструвати цей пристрій",
    enrolIntro: "Один раз: введіть код, який видав адміністратор ради, і створіть ключ доступу (відбиток пальця, обличчя або PIN пристрою).",
    code: "Код реєстрації (наприклад K7QM3-XW9TA)",
    label: "Назва пристрою (необов'язково)",
    enrol: "Створити ключ доступу",
    enrolled: (name: string) => `Пристрій зареєстровано для: ${name}. Тепер увійдіть ключем доступу і PIN.`,
    noPasskeys: "Цей браузер не підтримує ключі доступу (WebAuthn). Відкрийте сторінку в сучасному браузері за HTTPS-адресою ради.",
    cancelled: "Ключ доступу не надано (скасовано або час вичерпано). Спробуйте ще раз.",
    pinFormat: "PIN — від 4 до 8 цифр",
    codeRequired: "Введіть код реєстрації",
    offline: "Немає зв'язку з сервером",
    signedIn: (name: string) => `Увійшли: ${name}`,
  },
  en: {
    title: "Remote participation",
    intro: "Voting from your own device during a mixed or remote sitting.",
    signInTitle: "Sign in",
    pin: "Deputy's PIN",
    signIn: "Sign in with passkey",
    enrolTitle: "Enrol this device",
    enrolIntro: "Once: enter the code the council's admin gave you and create a passkey (fingerprint, face or the device's PIN).",
    code: "Enrolment code (e.g. K7QM3-XW9TA)",
    label: "Device name (optional)",
    enrol: "Create passkey",
    enrolled: (name: string) => `Device enrolled for: ${name}. Now sign in with the passkey and your PIN.`,
    noPasskeys: "This browser does not support passkeys (WebAuthn). Open the page in a current browser at the council's HTTPS address.",
    cancelled: "No passkey was given (cancelled or timed out). Try again.",
    pinFormat: "The PIN is 4 to 8 digits",
    codeRequired: "Enter the enrolment code",
    offline: "No connection to the server",
    signedIn: (name: string) => `Signed in: ${name}`,
  },
};
const s = () => strings[currentLang()];

export interface RemoteSignIn { terminalKey: string; seat: number; sittingId: string; deputyId: string; deputyName: string }

interface Problem { detail?: string; detailEn?: string; code?: string }

/** True on /remote and /{council}/remote. */
export function isRemotePage(): boolean {
  return /(^|\/)remote\/?$/.test(location.pathname);
}

const supported = passkeysSupported;

async function post<T>(path: string, body: unknown): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  try {
    const r = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (r.ok) return { ok: true, value: await r.json() as T };
    const p = await r.json().catch(() => ({})) as Problem;
    return { ok: false, message: (currentLang() === "en" ? p.detailEn ?? p.detail : p.detail ?? p.detailEn) ?? `HTTP ${r.status}` };
  } catch {
    return { ok: false, message: s().offline };
  }
}

function fail(id: string, message: string): void {
  const p = byId(id);
  p.textContent = message;
  p.hidden = false;
  announce(message);
}

/**
 * The enrolment code from the admin's link or QR code (`#code=…`): the fragment never reaches a server log; it is
 * taken off the address bar at once so it is not left in the history.
 */
function codeFromLink(): string {
  const code = new URLSearchParams(location.hash.slice(1)).get("code") ?? "";
  if (code) history.replaceState(null, "", location.pathname + location.search);
  return code.slice(0, 20);
}

/** The remote page's two forms: sign in (passkey + PIN), and enrol this device (once, with the admin's code). */
export function remoteScreen(signedIn: (r: RemoteSignIn) => void): HTMLElement {
  const text = s();
  if (!supported()) return h("section", { class: "card narrow" }, h("h1", null, text.title), h("p", { id: "remote-unsupported", class: "error" }, text.noPasskeys));

  const signIn = h("form", { id: "remote-sign-in", novalidate: true, class: "card narrow", "aria-labelledby": "remote-sign-in-h", onsubmit: async (e: Event) => {
    e.preventDefault();
    byId("remote-error").hidden = true;
    const pinInput = byId<HTMLInputElement>("remote-pin");
    const pin = pinInput.value.trim();
    if (!/^\d{4,8}$/.test(pin)) return fail("remote-error", text.pinFormat);
    const options = await post<{ challengeId: string; options: unknown }>("/api/remote/sign-in/options", {});
    if (!options.ok) return fail("remote-error", options.message);
    const credential = await usePasskey(options.value.options);
    if (!credential) return fail("remote-error", text.cancelled);
    const reply = await post<RemoteSignIn>("/api/remote/sign-in", { challengeId: options.value.challengeId, credential, pin });
    pinInput.value = "";
    if (!reply.ok) return fail("remote-error", reply.message);
    announce(text.signedIn(reply.value.deputyName));
    signedIn(reply.value);
  } },
  h("h1", { id: "remote-sign-in-h" }, text.title),
  h("p", null, text.intro),
  h("label", { for: "remote-pin" }, text.pin),
  h("input", { id: "remote-pin", type: "password", inputmode: "numeric", autocomplete: "off", maxlength: 8, required: true }),
  h("p", { id: "remote-error", class: "error", role: "alert", hidden: true }),
  h("button", { id: "remote-sign-in-submit", type: "submit", class: "primary big" }, text.signIn));

  const enrol = h("form", { id: "remote-enrol", novalidate: true, class: "card narrow", "aria-labelledby": "remote-enrol-h", onsubmit: async (e: Event) => {
    e.preventDefault();
    byId("enrol-error").hidden = true;
    byId("enrol-done").hidden = true;
    const code = byId<HTMLInputElement>("enrol-code").value.trim();
    const label = byId<HTMLInputElement>("enrol-label").value.trim();
    if (!code) return fail("enrol-error", text.codeRequired);
    const options = await post<{ challengeId: string; options: unknown; deputyName: string }>("/api/remote/enrol/options", { code });
    if (!options.ok) return fail("enrol-error", options.message);
    const credential = await createPasskey(options.value.options);
    if (!credential) return fail("enrol-error", text.cancelled);
    const reply = await post<{ deviceId: string; deputyName: string }>("/api/remote/enrol",
      { code, challengeId: options.value.challengeId, label: label || null, credential });
    if (!reply.ok) return fail("enrol-error", reply.message);
    byId<HTMLInputElement>("enrol-code").value = "";
    const done = byId("enrol-done");
    done.textContent = text.enrolled(reply.value.deputyName);
    done.hidden = false;
    announce(done.textContent);
  } },
  h("h2", { id: "remote-enrol-h" }, text.enrolTitle),
  h("p", null, text.enrolIntro),
  h("label", { for: "enrol-code" }, text.code),
  h("input", { id: "enrol-code", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", maxlength: 20, value: codeFromLink() }),
  h("label", { for: "enrol-label" }, text.label),
  h("input", { id: "enrol-label", autocomplete: "off", maxlength: 60 }),
  h("p", { id: "enrol-error", class: "error", role: "alert", hidden: true }),
  h("p", { id: "enrol-done", class: "note", role: "status", hidden: true }),
  h("button", { id: "enrol-submit", type: "submit" }, text.enrol));

  // A code link opened on a page already showing (the same address, only the fragment new) fills the code in too.
  window.addEventListener("hashchange", () => {
    const code = codeFromLink();
    const input = document.getElementById("enrol-code") as HTMLInputElement | null;
    if (code && input) input.value = code;
  });
  return h("div", { class: "remote" }, signIn, enrol);
}
