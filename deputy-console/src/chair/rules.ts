// The thresholds the secretary sees before opening a vote (DOMAIN.md "Votes"); the server computes the binding one.

export const ruleCodes = ["majority-of-composition", "two-thirds-of-composition", "majority-of-registered", "majority-of-cast"] as const;
export const voteKinds = ["procedural", "for-basis", "as-a-whole", "amendment", "election", "veto-override"] as const;
export const speechTypes = ["report", "co-report", "debate", "remark", "reply", "statement"] as const;
export type RuleCode = (typeof ruleCodes)[number];

/** The least number of «За» that carries the motion, or null when it depends on the votes cast. */
export function previewThreshold(rule: RuleCode, composition: number, registered: number): number | null {
  switch (rule) {
    case "majority-of-composition": return Math.floor(composition / 2) + 1; // art. 59 part 2: more than half
    case "two-thirds-of-composition": return Math.ceil((2 * composition) / 3); // art. 59 part 4
    case "majority-of-registered": return Math.floor(registered / 2) + 1;
    case "majority-of-cast": return null;
  }
}

/** Parses "1, 3, 5-7" into seat numbers; null when the text is not such a list. */
export function parseSeats(text: string): number[] | null {
  const seats: number[] = [];
  const trimmed = text.trim();
  if (trimmed === "") return [];
  for (const part of trimmed.split(/[,\s]+/).filter(Boolean)) {
    const m = /^(\d{1,4})(?:-(\d{1,4}))?$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    if (a < 1 || b < a || b - a > 500) return null;
    for (let n = a; n <= b; n++) if (!seats.includes(n)) seats.push(n);
  }
  return seats;
}
