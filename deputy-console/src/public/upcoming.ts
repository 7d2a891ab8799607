import { h } from "../shared/dom";
import { t } from "../i18n";

// The council's planned sittings with their published agendas and documents, above the live view.
// The council comes from the path (/{council}/); at / a server with one council shows it, with several a list of links.

interface Doc { id: string; name: string; url: string; size: number }
interface Item { id: string; order: number; projectNumber?: string | null; title: string; author?: string | null; documents: Doc[] }
interface Planned { id: string; bodyId: string; number: number; date: string; time: string; place: string; agenda: Item[] }
interface Council { id: string; name: string }
interface Body { id: string; name: string }

export type Upcoming =
  | { kind: "none" }
  | { kind: "councils"; councils: Council[] }
  | { kind: "sittings"; council: string; sittings: Planned[]; bodies: Body[] };

async function json<T>(url: string): Promise<T | null> {
  try {
    const r = await fetch(url, { headers: { accept: "application/json" } });
    return r.ok ? ((await r.json()) as T) : null;
  } catch { return null; }
}

export { councilFromPath } from "../shared/council";
import { councilFromPath } from "../shared/council";

export async function loadUpcoming(): Promise<Upcoming> {
  let council = councilFromPath();
  if (!council) {
    const councils = await json<Council[]>("/api/councils");
    if (!councils || councils.length === 0) return { kind: "none" };
    if (councils.length > 1) return { kind: "councils", councils };
    council = councils[0].id;
  }
  const base = `/api/councils/${encodeURIComponent(council)}`;
  const [sittings, bodies] = await Promise.all([json<Planned[]>(`${base}/sittings?status=planned`), json<Body[]>(`${base}/bodies`)]);
  if (!sittings) return { kind: "none" };
  const sorted = sittings.slice().sort((a, b) => `${a.date} ${a.time}`.localeCompare(`${b.date} ${b.time}`));
  return { kind: "sittings", council, sittings: sorted, bodies: bodies ?? [] };
}

export function upcomingSection(u: Upcoming): HTMLElement | null {
  const s = t().pub;
  if (u.kind === "councils") {
    return h("section", { id: "councils", class: "card", "aria-labelledby": "councils-h" },
      h("h2", { id: "councils-h" }, s.councils),
      h("p", { class: "muted" }, s.chooseCouncil),
      h("ul", { class: "files" }, u.councils.map((c) => h("li", null, h("a", { href: `/${encodeURIComponent(c.id)}/` }, c.name)))));
  }
  if (u.kind === "none" || u.sittings.length === 0) return null;
  return h("section", { id: "upcoming", class: "card", "aria-labelledby": "upcoming-h" },
    h("h2", { id: "upcoming-h" }, s.upcoming),
    u.sittings.map((x) => {
      const body = u.bodies.find((b) => b.id === x.bodyId)?.name ?? x.bodyId;
      const items = x.agenda.slice().sort((a, b) => a.order - b.order);
      return h("article", { class: "upcoming", "data-sitting": x.id, "aria-labelledby": `up-${x.id}-h` },
        h("h3", { id: `up-${x.id}-h` }, s.upcomingSitting(body, x.number, x.date, x.time)),
        x.place ? h("p", { class: "muted" }, x.place) : null,
        items.length === 0 ? h("p", { class: "muted" }, s.noAgenda) :
          h("ol", { class: "upcoming-agenda", "aria-label": s.agendaOf(x.number) }, items.map((i) => h("li", null,
            h("p", null, i.projectNumber ? h("span", { class: "badge" }, s.projectNo(i.projectNumber)) : null, h("strong", null, i.title)),
            i.author ? h("p", { class: "muted" }, s.submittedBy(i.author)) : null,
            i.documents.length ? h("ul", { class: "files", "aria-label": s.documents }, i.documents.map((d) =>
              h("li", null, h("a", { href: d.url }, d.name), " (PDF)"))) : null))));
    }));
}
