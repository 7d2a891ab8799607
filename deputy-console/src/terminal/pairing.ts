import { h } from "../shared/dom";
import { t } from "../i18n";

/**
 * A key handed over as a link or QR code: /terminal#key=KEY. The fragment never reaches the server's logs;
 * it is removed from the address bar at once so it is not left in the history.
 */
export function readKeyFromLocation(): string | null {
  const m = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (!m) return null;
  history.replaceState(null, "", location.pathname + location.search);
  return decodeURIComponent(m[1]).trim() || null;
}

/** Extracts the key from a scanned QR code: either the pairing link or the bare key. */
export function keyFromScan(text: string): string {
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
