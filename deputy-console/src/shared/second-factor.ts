// Staff accounts' second factor and password, shared by the secretary and admin consoles (docs/security.md):
// the login's code field, TOTP enrolment (QR code, the seed as text, ten recovery codes shown once), and the password
// change — after a reset by the admin, or by the account itself.
import { h } from "./dom";
import { currentLang } from "../i18n";
import { passkeysSupported, createPasskey, usePasskey } from "./webauthn";

export interface StaffLogin { token: string; role: string; council: string | null; next?: string | null }

const strings = {
  uk: {
    code: "Код другого фактора (6 цифр із застосунку або код відновлення)",
    codeHint: "Для адміністратора, секретаря і головуючого обов'язковий після налаштування.",
    enrolTitle: "Налаштуйте другий фактор",
    enrolIntro: "Відскануйте QR-код застосунком автентифікації (Google Authenticator, FreeOTP, Aegis тощо) або введіть ключ вручну, потім введіть перший код.",
    qrAlt: "QR-код для застосунку автентифікації",
    secret: "Ключ (якщо не можна сканувати):",
    confirm: "Підтвердити",
    codesTitle: "Коди відновлення",
    codesIntro: "Збережіть ці десять кодів у безпечному місці: кожен працює один раз замість коду з телефону. Більше їх не буде показано.",
    done: "Я зберіг коди — продовжити",
    proceed: "Продовжити",
    changeTitle: "Зміна пароля",
    changeIntro: "Адміністратор скинув ваш пароль: задайте новий.",
    current: "Поточний (або тимчасовий) пароль",
    fresh: "Новий пароль (щонайменше 10 символів)",
    change: "Змінити пароль",
    cancel: "Скасувати",
    changed: "Пароль змінено; інші сеанси цього облікового запису завершено.",
    renewTitle: "Нові коди відновлення",
    renewIntro: "Десять нових кодів замінять усі старі, використані й ні. Потрібні пароль і свіжий код із застосунку (не код відновлення).",
    renewCode: "Код із застосунку (6 цифр)",
    renew: "Видати нові коди",
    password: "Пароль",
    offline: "Немає зв'язку з сервером",
    passkeyLogin: "Увійти з ключем доступу",
    passkeyLoginHint: "Замість коду: пароль і ключ доступу на цьому пристрої (відбиток, обличчя або PIN пристрою).",
    passkeyNeedsPassword: "Спершу введіть логін і пароль",
    passkeyCancelled: "Ключ доступу не використано (скасовано або пристрій відмовив)",
    passkeyEnrol: "Або ключ доступу на цьому пристрої",
    passkeyEnrolIntro: "Ключ доступу (passkey) стійкий до фішингу: він працює лише на адресі цього сервера.",
    passkeyAdd: "Додати ключ доступу",
    passkeyAdded: "Ключ доступу додано: наступного разу можна входити з ним замість коду.",
  },
  en: {
    code: "Second-factor code (6 digits from the app, or a recovery code)",
    codeHint: "Required for admins, secretaries and chairs once enrolled.",
    enrolTitle: "Set up your second factor",
    enrolIntro: "Scan the QR code with an authenticator app (Google Authenticator, FreeOTP, Aegis…) or type the key in, then enter the first code.",
    qrAlt: "QR code for the authenticator app",
    secret: "Key (if you cannot scan):",
    confirm: "Confirm",
    codesTitle: "Recovery codes",
    codesIntro: "Keep these ten codes somewhere safe: each works once instead of the phone's code. They will not be shown again.",
    done: "I have saved the codes — continue",
    proceed: "Continue",
    changeTitle: "Change password",
    changeIntro: "The admin reset your password: choose a new one.",
    current: "Current (or temporary) password",
    fresh: "New password (at least 10 characters)",
    change: "Change password",
    cancel: "Cancel",
    changed: "Password changed; the account's other sessions have ended.",
    renewTitle: "New recovery codes",
    renewIntro: "Ten new codes replace all the old ones, used or not. Your password and a fresh code from the app (not a recovery code) are needed.",
    renewCode: "Code from the app (6 digits)",
    renew: "Issue new codes",
    password: "Password",
    offline: "No connection to the server",
    passkeyLogin: "Sign in with a passkey",
    passkeyLoginHint: "Instead of a code: your password and a passkey on this device (fingerprint, face or the device's PIN).",
    passkeyNeedsPassword: "Enter the login and the password first",
    passkeyCancelled: "The passkey was not used (cancelled, or the device refused)",
    passkeyEnrol: "Or a passkey on this device",
    passkeyEnrolIntro: "A passkey resists phishing: it works only at this server's address.",
    passkeyAdd: "Add a passkey",
    passkeyAdded: "Passkey added: next time you can sign in with it instead of a code.",
  },
};

const s = () => strings[currentLang()];

/** The login form's code field (#login-code). */
export function codeField(): HTMLElement[] {
  return [
    h("label", { for: "login-code" }, s().code),
    h("input", { id: "login-code", inputmode: "text", autocomplete: "one-time-code", spellcheck: false, "aria-describedby": "login-code-hint" }),
    h("p", { id: "login-code-hint", class: "muted" }, s().codeHint),
  ];
}

/** The code typed at login, or undefined. */
export function typedCode(): string | undefined {
  const v = (document.getElementById("login-code") as HTMLInputElement | null)?.value.trim();
  return v ? v : undefined;
}

/** A problem answer's text in the reader's language. */
async function problem(response: Response): Promise<string> {
  try {
    const p = (await response.json()) as { detail?: string; detailEn?: string; title?: string };
    return (currentLang() === "en" ? p.detailEn ?? p.detail : p.detail ?? p.detailEn) ?? p.title ?? String(response.status);
  } catch { return String(response.status); }
}

async function postJson(path: string, token: string, body: unknown): Promise<{ ok: true; value: unknown } | { ok: false; text: string }> {
  try {
    const r = await fetch(path, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    if (!r.ok) return { ok: false, text: await problem(r) };
    return { ok: true, value: await r.json() };
  } catch { return { ok: false, text: s().offline }; }
}

/**
 * What a login must do before it is a full one: change the password (after a reset), then enrol the second factor.
 * Renders the steps into one box (#account-flow) and calls done with the full login.
 */
export function accountFlow(answer: StaffLogin, done: (full: StaffLogin) => void): HTMLElement {
  const box = h("div", { id: "account-flow" });
  const step = (a: StaffLogin): void => {
    if (a.next === "change-password") box.replaceChildren(passwordForm(a.token, s().changeIntro, step));
    else if (a.next === "enrol") box.replaceChildren(enrolment(a.token, step));
    else done(a);
  };
  step(answer);
  return box;
}

function errorLine(id: string): HTMLElement { return h("p", { id, class: "error", role: "alert", hidden: true }); }
function showError(el: HTMLElement, text: string | null): void { el.hidden = !text; el.textContent = text ?? ""; }

function enrolment(token: string, next: (a: StaffLogin) => void): HTMLElement {
  const a = s();
  const error = errorLine("enrol-error");
  const body = h("div", null, h("p", { class: "muted" }, "…"));
  const card = h("section", { class: "card narrow", "aria-labelledby": "enrol-h" }, h("h2", { id: "enrol-h" }, a.enrolTitle), h("p", null, a.enrolIntro), body, error);
  void (async () => {
    const started = await postJson("/api/auth/second-factor/totp", token, {});
    if (!started.ok) { body.replaceChildren(); showError(error, started.text); return; }
    const e = started.value as { otpauthUri: string; secret: string; qrPng: string };
    const form: HTMLFormElement = h("form", { id: "enrol-form", novalidate: true, onsubmit: async (ev: Event) => {
      ev.preventDefault();
      const code = (document.getElementById("enrol-code") as HTMLInputElement).value.trim();
      const r = await postJson("/api/auth/second-factor/totp/confirm", token, { code });
      if (!r.ok) { showError(error, r.text); return; }
      showError(error, null);
      const c = r.value as StaffLogin & { recoveryCodes: string[] };
      card.replaceChildren(
        h("h2", { id: "enrol-h" }, a.codesTitle),
        h("p", null, a.codesIntro),
        h("ol", { id: "recovery-codes", class: "recovery-codes" }, c.recoveryCodes.map((x) => h("li", null, h("code", null, x)))),
        h("button", { id: "enrol-done", type: "button", class: "primary", onclick: () => next({ token: c.token, role: c.role, council: c.council, next: c.next }) }, a.done));
    } },
    h("label", { for: "enrol-code" }, a.code),
    h("input", { id: "enrol-code", inputmode: "numeric", autocomplete: "one-time-code", required: true }),
    h("button", { id: "enrol-confirm", type: "submit", class: "primary" }, a.confirm));
    body.replaceChildren(
      h("img", { id: "enrol-qr", src: e.qrPng, alt: a.qrAlt, width: 240, height: 240 }),
      h("p", null, a.secret, " ", h("code", { id: "enrol-secret" }, e.secret)),
      h("p", null, h("code", { id: "enrol-uri", class: "wrap" }, e.otpauthUri)),
      form);
    if (passkeysSupported()) body.append(h("div", { class: "alt" },
        h("p", null, a.passkeyEnrolIntro),
        h("button", { id: "enrol-passkey", type: "button", onclick: async () => {
          const r = await enrolPasskey(token);
          if (!r.ok) { showError(error, r.text); return; }
          showError(error, null);
          const c = r.value;
          card.replaceChildren(codesShown(c.recoveryCodes, () => next({ token: c.token, role: c.role, council: c.council, next: c.next })));
        } }, a.passkeyEnrol)));
  })();
  return card;
}

type Answer<T> = { ok: true; value: T } | { ok: false; text: string };

async function postAnonymous<T>(path: string, body: unknown): Promise<Answer<T>> {
  try {
    const r = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!r.ok) return { ok: false, text: await problem(r) };
    return { ok: true, value: (await r.json()) as T };
  } catch { return { ok: false, text: s().offline }; }
}

/** Whether the login forms offer a passkey (the browser can use one). */
export const offerPasskeys = passkeysSupported;

/** The passkey button's label and hint for a login form (#login-passkey). */
export function passkeyLoginButton(run: () => void): HTMLElement[] {
  if (!passkeysSupported()) return [];
  return [
    h("button", { id: "login-passkey", type: "button", "aria-describedby": "login-passkey-hint", onclick: run }, s().passkeyLogin),
    h("p", { id: "login-passkey-hint", class: "muted" }, s().passkeyLoginHint),
  ];
}

/** Password, then a passkey of this account instead of a code: the same login answer as with a code. */
export async function passkeyLogin(login: string, password: string): Promise<Answer<StaffLogin>> {
  if (!login || !password) return { ok: false, text: s().passkeyNeedsPassword };
  const options = await postAnonymous<{ challengeId: string; options: unknown }>("/api/auth/login/passkey-options", {});
  if (!options.ok) return options;
  const passkey = await usePasskey(options.value.options);
  if (!passkey) return { ok: false, text: s().passkeyCancelled };
  return postAnonymous<StaffLogin>("/api/auth/login", { login, password, passkeyChallengeId: options.value.challengeId, passkey });
}

/** Creates a passkey for the logged-in account; the answer carries recovery codes when it is the account's first factor. */
export async function enrolPasskey(token: string): Promise<Answer<StaffLogin & { recoveryCodes: string[] }>> {
  const options = await postJson("/api/auth/second-factor/passkey/options", token, {});
  if (!options.ok) return options;
  const o = options.value as { challengeId: string; options: unknown };
  const credential = await createPasskey(o.options);
  if (!credential) return { ok: false, text: s().passkeyCancelled };
  const r = await postJson("/api/auth/second-factor/passkey", token, { challengeId: o.challengeId, credential });
  return r.ok ? { ok: true, value: r.value as StaffLogin & { recoveryCodes: string[] } } : r;
}

/** Adds a passkey to a logged-in account (#passkey-add): done with the new login, or with nothing when cancelled. */
export function passkeyAddCard(token: string, done: (fresh: StaffLogin | null) => void): HTMLElement {
  const a = s();
  const error = errorLine("passkey-error");
  const card: HTMLElement = h("section", { id: "passkey-card", class: "card narrow", "aria-labelledby": "passkey-h" },
    h("h2", { id: "passkey-h" }, a.passkeyAdd),
    h("p", null, a.passkeyEnrolIntro),
    error,
    h("button", { id: "passkey-create", type: "button", class: "primary", onclick: async () => {
      const r = await enrolPasskey(token);
      if (!r.ok) { showError(error, r.text); return; }
      const fresh = { token: r.value.token, role: r.value.role, council: r.value.council, next: r.value.next };
      if (r.value.recoveryCodes.length === 0) {
        card.replaceChildren(h("h2", { id: "passkey-h" }, a.passkeyAdd), h("p", { id: "passkey-added", role: "status" }, a.passkeyAdded),
          h("button", { id: "passkey-done", type: "button", class: "primary", onclick: () => done(fresh) }, a.proceed));
        return;
      }
      card.replaceChildren(codesShown(r.value.recoveryCodes, () => done(fresh)));
    } }, a.passkeyAdd),
    h("button", { id: "passkey-cancel", type: "button", onclick: () => done(null) }, a.cancel));
  return card;
}

function codesShown(codes: string[], next: () => void): HTMLElement {
  const a = s();
  return h("div", null,
    h("h2", { id: "enrol-h" }, a.codesTitle),
    h("p", null, a.codesIntro),
    h("ol", { id: "recovery-codes", class: "recovery-codes" }, codes.map((x) => h("li", null, h("code", null, x)))),
    h("button", { id: "enrol-done", type: "button", class: "primary", onclick: next }, a.done));
}

/** The password change form (#password-form); intro says why it is shown. */
export function passwordForm(token: string, intro: string | null, next: (a: StaffLogin) => void, cancel?: () => void): HTMLElement {
  const a = s();
  const error = errorLine("password-error");
  const value = (id: string) => (document.getElementById(id) as HTMLInputElement).value;
  return h("form", { id: "password-form", class: "card narrow", novalidate: true, "aria-labelledby": "password-h", onsubmit: async (ev: Event) => {
    ev.preventDefault();
    const r = await postJson("/api/auth/password", token, { currentPassword: value("password-current"), newPassword: value("password-new"), code: value("password-code").trim() || null });
    if (!r.ok) { showError(error, r.text); return; }
    showError(error, null);
    next(r.value as StaffLogin);
  } },
  h("h2", { id: "password-h" }, a.changeTitle),
  intro ? h("p", null, intro) : null,
  h("label", { for: "password-current" }, a.current),
  h("input", { id: "password-current", type: "password", autocomplete: "current-password", required: true }),
  h("label", { for: "password-new" }, a.fresh),
  h("input", { id: "password-new", type: "password", autocomplete: "new-password", required: true }),
  h("label", { for: "password-code" }, a.code),
  h("input", { id: "password-code", autocomplete: "one-time-code" }),
  error,
  h("button", { id: "password-submit", type: "submit", class: "primary" }, a.change),
  cancel ? h("button", { id: "password-cancel", type: "button", onclick: cancel }, a.cancel) : null);
}

export const passwordChanged = () => s().changed;

/** New recovery codes (#renew-form): the password and a TOTP code; the codes are shown once, then done. */
export function recoveryCodesForm(token: string, done: () => void): HTMLElement {
  const a = s();
  const error = errorLine("renew-error");
  const value = (id: string) => (document.getElementById(id) as HTMLInputElement).value;
  const form: HTMLFormElement = h("form", { id: "renew-form", class: "card narrow", novalidate: true, "aria-labelledby": "renew-h", onsubmit: async (ev: Event) => {
    ev.preventDefault();
    const r = await postJson("/api/auth/second-factor/recovery-codes", token, { password: value("renew-password"), code: value("renew-code").trim() || null });
    if (!r.ok) { showError(error, r.text); return; }
    const codes = (r.value as { recoveryCodes: string[] }).recoveryCodes;
    form.replaceChildren(
      h("h2", { id: "renew-h" }, a.codesTitle),
      h("p", null, a.codesIntro),
      h("ol", { id: "recovery-codes", class: "recovery-codes" }, codes.map((x) => h("li", null, h("code", null, x)))),
      h("button", { id: "renew-done", type: "button", class: "primary", onclick: done }, a.done));
  } },
  h("h2", { id: "renew-h" }, a.renewTitle),
  h("p", null, a.renewIntro),
  h("label", { for: "renew-password" }, a.password),
  h("input", { id: "renew-password", type: "password", autocomplete: "current-password", required: true }),
  h("label", { for: "renew-code" }, a.renewCode),
  h("input", { id: "renew-code", inputmode: "numeric", autocomplete: "one-time-code", required: true }),
  error,
  h("button", { id: "renew-submit", type: "submit", class: "primary" }, a.renew),
  h("button", { id: "renew-cancel", type: "button", onclick: done }, a.cancel));
  return form;
}
