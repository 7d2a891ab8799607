import { h, patch } from "../shared/dom";
import { t, currentLang } from "../i18n";
import { call, councilPath, problemText, type ImportReport, type Result } from "./api";
import { say, type Ctx } from "./ui";

// The deputies' CSV import, as OpenSlides does it: every row checked and shown with its line first (dry run),
// then written in one go only when no row has an error.

export const TEMPLATE_HEADER = "fullName,faction,mandateStart,mandateEnd,gender,birthDate,isHead";

function templateHref(): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(`${TEMPLATE_HEADER}\r\n`)}`;
}

function asReport(r: Result<ImportReport>): ImportReport | null {
  if (r.ok) return r.value;
  const b = r.body as Partial<ImportReport> | null;
  return b && typeof b === "object" && Array.isArray(b.rows) ? (b as ImportReport) : null;
}

export function importer(ctx: Ctx, committed: () => void): HTMLElement {
  const a = t().admin.importer;
  let checked: string | null = null; // the text the last clean dry run was made of
  const text: HTMLTextAreaElement = h("textarea", { id: "import-text", rows: 8, spellcheck: false, "aria-describedby": "import-text-hint",
    oninput: () => invalidate() });
  const commit: HTMLButtonElement = h("button", { id: "import-commit", type: "button", class: "primary", disabled: true, "aria-describedby": "import-commit-hint",
    onclick: () => void run(false) }, a.commit);
  const error = h("p", { id: "import-error", class: "error", role: "alert", hidden: true });
  const result = h("div", { id: "import-report" });

  const invalidate = () => { checked = null; commit.disabled = true; };

  const run = async (dryRun: boolean) => {
    error.hidden = true;
    // The commit sends exactly the text the clean dry run checked.
    const csv = !dryRun && checked !== null ? checked : text.value;
    if (!csv.trim()) { error.hidden = false; error.textContent = a.empty; return; }
    const r = await call<ImportReport>("PUT", `${councilPath(ctx.council, "deputies")}?dryRun=${dryRun}`, { raw: csv, type: "text/csv; charset=utf-8" });
    const report = asReport(r);
    if (!report) {
      invalidate();
      error.hidden = false;
      error.textContent = r.ok ? a.noReport : problemText(r.problem);
      patch(result);
      return;
    }
    patch(result, reportView(report));
    if (report.errors > 0 || !r.ok) { invalidate(); say(a.hasErrors(report.errors), false); return; }
    if (dryRun) { checked = csv; commit.disabled = false; say(a.clean(report.created, report.updated), true); return; }
    invalidate();
    say(a.done(report.created, report.updated), true);
    committed();
  };

  return h("div", { class: "importer", role: "group", "aria-labelledby": "import-h" },
    h("h3", { id: "import-h" }, a.title),
    h("p", null, a.intro, " ", h("a", { id: "import-template", href: templateHref(), download: "deputies-template.csv" }, a.template)),
    h("p", { class: "muted" }, a.formats),
    h("label", { for: "import-file" }, a.file),
    h("input", { id: "import-file", type: "file", accept: ".csv,text/csv", onchange: async (e: Event) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (!file) return;
      text.value = await file.text();
      invalidate();
      say(a.fileRead(file.name), true);
    } }),
    h("label", { for: "import-text" }, a.text),
    h("small", { id: "import-text-hint", class: "hint" }, a.textHint),
    text,
    error,
    h("div", { class: "row" },
      h("button", { id: "import-dry-run", type: "button", onclick: () => void run(true) }, a.dryRun),
      commit,
      h("small", { id: "import-commit-hint", class: "hint" }, a.commitHint)),
    result);
}

function reportView(r: ImportReport): HTMLElement {
  const a = t().admin.importer;
  const en = currentLang() === "en";
  return h("div", null,
    h("p", { id: "import-summary", class: r.errors ? "note warn" : "note ok" }, a.summary(r.dryRun, r.created, r.updated, r.errors)),
    h("div", { class: "table-wrap" }, h("table", { id: "import-rows", class: "data" },
      h("caption", null, a.rowsCaption(r.format)),
      h("thead", null, h("tr", null, [a.line, a.fullName, a.action, a.errors].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", null, r.rows.map((row) => h("tr", { "data-line": row.line, class: `import-${row.action}` },
        h("td", null, String(row.line)),
        h("td", null, row.fullName),
        h("td", null, a.actions[row.action] ?? row.action),
        h("td", null, row.errors.length === 0 ? "—" : h("ul", { class: "plain" }, row.errors.map((e) => h("li", { "data-code": e.code }, en ? e.en : e.uk))))))))));
}
