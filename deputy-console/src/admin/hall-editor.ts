import { h, patch } from "../shared/dom";
import { t } from "../i18n";
import { post, put, councilPath, type HallDto, type SeatDto } from "./api";
import { apiForm, field, val, opt, say, type Ctx } from "./ui";

// A hall and its seat plan: name, place, a table of number/label/x/y, "add N seats", and a preview placed by x,y percent.

const round = (v: number) => Math.round(v * 10) / 10;

/** Seats in even rows across the plan, so a new hall has a usable map at once; x and y can be edited after. */
export function arrange(seats: SeatDto[]): SeatDto[] {
  const n = seats.length;
  const cols = Math.max(1, Math.ceil(Math.sqrt(n * 2)));
  const rows = Math.max(1, Math.ceil(n / cols));
  return seats.map((s, i) => ({
    ...s,
    x: cols === 1 ? 50 : round(5 + (90 * (i % cols)) / (cols - 1)),
    y: rows === 1 ? 50 : round(10 + (80 * Math.floor(i / cols)) / (rows - 1)),
  }));
}

export function hallEditor(ctx: Ctx, hall: HallDto | null, saved: (h: HallDto) => void): HTMLElement {
  const a = t().admin.halls;
  let seats: SeatDto[] = hall ? hall.seats.map((s) => ({ ...s })) : [];
  const tableBox = h("div", { id: "seat-table-box" });
  const preview = h("div", { id: "seat-preview", class: "seat-preview", role: "img" });

  const drawPreview = () => {
    preview.setAttribute("aria-label", a.previewLabel(seats.length));
    patch(preview, seats.map((s) => h("span", { class: "dot", "aria-hidden": "true", title: s.label,
      style: `left:${Math.min(100, Math.max(0, s.x))}%;top:${Math.min(100, Math.max(0, s.y))}%` }, String(s.number))));
  };

  const cell = (i: number, key: keyof SeatDto, label: string, attrs: Record<string, string | number>) =>
    h("td", null, h("input", { id: `seat-${key}-${i}`, "data-field": `seats[${i}].${key}`, "aria-label": label, value: seats[i][key], ...attrs,
      oninput: (e: Event) => {
        const v = (e.target as HTMLInputElement).value;
        seats[i] = { ...seats[i], [key]: key === "label" ? v : Number(v) };
        drawPreview();
      } }),
    h("span", { id: `seat-${key}-${i}-error`, class: "field-error", hidden: true }));

  const drawTable = () => {
    patch(tableBox, seats.length === 0 ? h("p", { class: "muted" }, a.noSeats) :
      h("div", { class: "table-wrap" }, h("table", { id: "seat-table", class: "data compact" },
        h("caption", null, a.seatsCaption(seats.length)),
        h("thead", null, h("tr", null, [a.seatNumber, a.seatLabelCol, a.x, a.y, t().admin.common.actions].map((x) => h("th", { scope: "col" }, x)))),
        h("tbody", null, seats.map((s, i) => h("tr", null,
          cell(i, "number", a.seatField(s.number, a.seatNumber), { type: "number", min: 1, max: 999 }),
          cell(i, "label", a.seatField(s.number, a.seatLabelCol), {}),
          cell(i, "x", a.seatField(s.number, a.x), { type: "number", min: 0, max: 100, step: "any" }),
          cell(i, "y", a.seatField(s.number, a.y), { type: "number", min: 0, max: 100, step: "any" }),
          h("td", null, h("button", { id: `seat-remove-${i}`, type: "button", "aria-label": a.removeSeat(s.number), onclick: () => {
            seats = seats.filter((_, j) => j !== i); drawTable(); drawPreview();
          } }, "✕"))))))));
    for (const input of tableBox.querySelectorAll<HTMLInputElement>("input")) input.setAttribute("aria-describedby", `${input.id}-error`);
  };

  const addSeats = () => {
    const count = Number((document.getElementById("seat-count") as HTMLInputElement).value);
    const error = document.getElementById("seat-count-error")!;
    if (!Number.isInteger(count) || count < 1 || seats.length + count > 999) { error.hidden = false; error.textContent = a.countRange; return; }
    error.hidden = true;
    let next = seats.reduce((m, s) => Math.max(m, s.number), 0);
    const added = Array.from({ length: count }, () => { next += 1; return { number: next, label: a.seatLabel(next), x: 50, y: 50 }; });
    seats = arrange([...seats, ...added]);
    drawTable(); drawPreview();
    say(a.seatsAdded(count), true);
  };

  const form = apiForm<HallDto>("hall-form", hall ? a.editTitle(hall.name) : a.newTitle, [
    hall ? h("input", { type: "hidden", "data-field": "id", value: hall.id }) : field("hall-id", a.id, "id", { autocomplete: "off", spellcheck: false }, a.idHint),
    field("hall-name", a.name, "name", { value: hall?.name, autocomplete: "off" }),
    field("hall-place", a.place, "place", { value: hall?.place, autocomplete: "off" }, a.placeHint),
    h("fieldset", { class: "seat-plan" },
      h("legend", null, a.seatPlan),
      h("p", { class: "error", id: "seats-error", hidden: true }),
      h("div", { class: "row" },
        h("span", { class: "field" },
          h("label", { for: "seat-count" }, a.seatCount),
          h("input", { id: "seat-count", type: "number", min: 1, max: 999, value: seats.length ? 1 : 20, "aria-describedby": "seat-count-hint seat-count-error", "data-field": "seats" }),
          h("small", { id: "seat-count-hint", class: "hint" }, a.seatCountHint),
          h("span", { id: "seat-count-error", class: "field-error", hidden: true })),
        h("button", { id: "seat-add", type: "button", onclick: addSeats }, a.addSeats),
        h("button", { id: "seat-arrange", type: "button", onclick: () => { seats = arrange(seats); drawTable(); drawPreview(); } }, a.arrange)),
      h("div", { class: "seat-editor" }, tableBox, h("div", null, h("p", { class: "muted", id: "seat-preview-h" }, a.preview), preview))),
  ], hall ? t().admin.common.save : a.create,
  (f) => {
    const body = { id: opt(f, "id") ?? undefined, name: val(f, "name"), place: opt(f, "place") ?? "", seats };
    return hall ? put<HallDto>(councilPath(ctx.council, "halls", hall.id), body) : post<HallDto>(councilPath(ctx.council, "halls"), body);
  },
  (h2) => { say(a.saved(h2.name), true); saved(h2); });
  drawTable();
  drawPreview();
  return form;
}
