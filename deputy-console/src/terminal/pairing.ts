import { h } from "../shared/dom";
import { t } from "../i18n";

/**
 * A key handed over as a link or QR code: /terminal#key=KEY. The fragment never reaches the server's logs;
 * it is removed from the address bar at once so it is not left in the history.
 */
export function readKeyFromLocation(): string | null {
  const m = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (!m) return null;
  linkCa = caFromLink(location.hash);
  history.replaceState(null, "", location.pathname + location.search);
  return decodeURIComponent(m[1]).trim() || null;
}

/** The hall CA's fingerprint the pairing link carried (`&ca=…`), or null: the link came without one. */
export let linkCa: string | null = null;

function caFromLink(text: string): string | null {
  const m = /[#&]ca=([0-9A-Fa-f:]{32,128})/.exec(text);
  return m ? normalise(m[1]) : null;
}

const normalise = (fingerprint: string) => fingerprint.replace(/[^0-9A-Fa-f]/g, "").toUpperCase();

/** AB:CD:… as people compare it on a certificate viewer. */
export const spaced = (fingerprint: string) => normalise(fingerprint).match(/../g)?.join(":") ?? "";

/**
 * Before the key is sent anywhere: does this server hold the hall CA the key was issued under? A browser cannot pin a
 * certificate, but a link opened on the wrong server (a typo, an old bookmark, someone else's network) is caught
 * here, before the key leaves the tablet. Answers the server's fingerprint when it matches, or the refusal's two
 * fingerprints.
 */
export async function checkHallCa(expected: string): Promise<{ ok: true } | { ok: false; server: string | null }> {
  try {
    const r = await fetch("/api/tls", { cache: "no-store" });
    const server = r.ok ? ((await r.json()) as { caFingerprint?: string | null }).caFingerprint ?? null : null;
    return server !== null && normalise(server) === expected ? { ok: true } : { ok: false, server: server && normalise(server) };
  } catch {
    return { ok: false, server: null };
  }
}

/** Extracts the key from a scanned QR code: either the pairing link or the bare key. */
export function keyFromScan(text: string): string {
  linkCa = caFromLink(text);
  const m = /#key=([^&\s]+)/.exec(text);
  return (m ? decodeURIComponent(m[1]) : text).trim();
}

interface Detector { detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>> }
type DetectorCtor = new (o: { formats: string[] }) => Detector;

/**
 * "Scan a QR code" where the browser has a barcode detector (Chrome on Android tablets); elsewhere nothing —
 * a phone's own camera app opens the pairing link just as well.
 */
export function scanButton(found: (key: string) => void): HTMLElement | null {
  const Ctor = (window as unknown as { BarcodeDetector?: DetectorCtor }).BarcodeDetector;
  if (!Ctor || !navigator.mediaDevices?.getUserMedia) return null;
  const video = h("video", { class: "scan", muted: true, playsinline: true, "aria-label": t().terminal.scanPreview, hidden: true });
  const button = h("button", { id: "pair-scan", type: "button", onclick: async () => {
    let stream: MediaStream | null = null;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      const detector = new Ctor({ formats: ["qr_code"] });
      for (let i = 0; i < 600; i++) {
        const codes = await detector.detect(video);
        if (codes.length > 0) { found(keyFromScan(codes[0].rawValue)); return; }
        await new Promise((r) => setTimeout(r, 100));
      }
    } catch {
      button.textContent = t().terminal.scanFailed;
    } finally {
      stream?.getTracks().forEach((tr) => tr.stop());
      video.hidden = true;
    }
  } }, t().terminal.scanButton);
  return h("div", { class: "scan-box" }, button, video);
}
