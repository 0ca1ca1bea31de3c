// Plain formatting of an event log's discovery for the Evidence panel: counts, shares, durations, and which
// discovered activities are steps of the map (matched by name, case and spacing ignored).

/** A count with thousands separators ("13,992"). */
export function count(value: number): string {
  return Math.round(value).toLocaleString("en-GB");
}

/** A share of 1 as a percentage ("80.2 %"), "—" when unknown. */
export function percent(share: number | null | undefined, digits = 1): string {
  return typeof share === "number" && Number.isFinite(share) ? `${(share * 100).toFixed(digits)} %` : "—";
}

/** A duration in words a CX analyst reads at a glance: "45 s", "12 min", "5.5 h", "3.2 days"; "—" when unknown. */
export function duration(seconds: number | null | undefined): string {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) return "—";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${trim(seconds / 3600)} h`;
  const days = seconds / 86400;
  return `${trim(days)} ${days < 1.05 ? "day" : "days"}`;
}

function trim(value: number): string {
  return value >= 10 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, "");
}

/** Cases lost between two funnel steps, with their share of the previous step: "519 (19.8 %)"; a step reached
 * by more cases than the one before it (by another way) says "+12 by another way"; no sign on zero. */
export function dropOff(lost: number, previous: number | null): string {
  if (previous === null) return "—";
  if (lost === 0) return "0";
  if (lost < 0) return `+${count(-lost)} by another way`;
  return `${count(lost)} (${percent(previous ? lost / previous : null)})`;
}

function key(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Shortest name matched inside a longer one ("Agreement in principle" in "Get agreement in principle"). */
const MIN_PART = 6;

/** The label of the map element an activity names: its id or label (case and spacing ignored), else the first
 * label that contains the activity's name or is contained in it (names of at least MIN_PART letters); null. */
export function onTheMap(activity: string, elements: ReadonlyArray<{ id: string; label: string }>): string | null {
  const wanted = key(activity);
  if (!wanted) return null;
  const exact = elements.find((e) => key(e.label) === wanted || key(e.id) === wanted);
  if (exact) return exact.label;
  const part = (a: string, b: string) => a.length >= MIN_PART && b.includes(a);
  const near = elements.find((e) => part(wanted, key(e.label)) || part(key(e.label), wanted));
  return near ? near.label : null;
}
