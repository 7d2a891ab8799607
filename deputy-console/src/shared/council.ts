// Which council a page serves: the first path segment of /{council}/…, or none on today's unscoped paths
// (/, /chair, /terminal, /hall), which the server answers for its only council.

const pages = new Set(["terminal", "remote", "chair", "hall", "admin", "captions", "index.html"]);

export function councilFromPath(): string | null {
  const first = location.pathname.split("/").filter(Boolean)[0];
  if (!first || pages.has(first) || first.includes(".") || !/^[a-z][a-z0-9-]{1,31}$/.test(first)) return null;
  return first;
}

/** The public hub's subscription for this page: the named council's sitting, or the only council's. */
export function watchArgs(): [string, ...unknown[]] {
  const council = councilFromPath();
  return council ? ["WatchCouncil", council] : ["Watch"];
}
