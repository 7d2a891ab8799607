import qrcode from "qrcode-generator";
import { h } from "./dom";
import { t } from "../i18n";

// Pairing a terminal: the link and QR code a tablet opens, and the hall CA's fingerprint that the link, the seat
// gateway's config and the broadcast carry (docs/security.md "HTTPS").

let fingerprint: string | null = null;

/** Asks the hall once for its CA's fingerprint (null with the council's own certificate). */
export const hallCaLoaded: Promise<void> = fetch("/api/tls")
  .then(async (r) => { if (r.ok) fingerprint = ((await r.json()) as { caFingerprint?: string | null }).caFingerprint ?? null; })
  .catch(() => undefined);

/** The pairing link; the key (and the CA's fingerprint) ride in the fragment, which never reaches a server log. */
export function pairingLink(key: string): string {
  const ca = fingerprint ? `&ca=${fingerprint.replaceAll(":", "")}` : "";
  return `${location.origin}/terminal#key=${encodeURIComponent(key)}${ca}`;
}

export function qrImage(text: string, alt: string, id?: string): HTMLImageElement {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  return h("img", { id, class: "qr", src: qr.createDataURL(4, 2), alt, width: qr.getModuleCount() * 4 + 16 });
}

/** The hall CA's fingerprint beside a new key, for whoever sets up the terminal. */
export function caNote(): HTMLElement | null {
  return fingerprint ? h("p", { class: "ca-note" }, t().chair.hallCa(fingerprint)) : null;
}
