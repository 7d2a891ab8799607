// The terminal's service worker: the page itself opens even when the hall's network blinks.
// Network first for the terminal page and its assets; hubs and the API are never touched.
const CACHE = "session-terminal-v1";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(["/terminal", "/terminal.webmanifest", "/icon.svg"])).catch(() => undefined));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  const mine = event.request.method === "GET" && url.origin === self.location.origin &&
    (url.pathname === "/terminal" || url.pathname === "/terminal.html" || url.pathname.startsWith("/assets/"));
  if (!mine) return;
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok) { const copy = response.clone(); caches.open(CACHE).then((c) => c.put(event.request, copy)); }
    return response;
  }).catch(() => caches.match(event.request).then((hit) => hit || Response.error())));
});
