// "Refresh evidence", in words: a changed value (old → new) and a source read (its rows and what it read).

export interface ValueChange {
  element: string;
  kind: string;
  field: string;
  old: number | null;
  new: number | null;
  source: string;
}

export interface SourceRead {
  name: string;
  kind: string;
  read_with: string;
  rows: number;
}

/** A measured value as the map shows it: up to two decimals, without trailing zeros; "—" when there is none. */
export function value(x: number | null | undefined): string {
  if (typeof x !== "number" || !Number.isFinite(x)) return "—";
  return String(Math.round(x * 100) / 100);
}

/** "step apply · emotion: — → 7.5" */
export function changeText(change: ValueChange): string {
  return `${change.kind} ${change.element} · ${change.field}: ${value(change.old)} → ${value(change.new)}`;
}

/** "crm (postgres, survey_answers): 1,204 rows" */
export function sourceText(source: SourceRead): string {
  const rows = `${source.rows.toLocaleString("en-GB")} row${source.rows === 1 ? "" : "s"}`;
  return `${source.name} (${source.kind}, ${source.read_with}): ${rows}`;
}

/** One line for the toast after a refresh. */
export function summary(changes: readonly ValueChange[], sources: readonly SourceRead[]): string {
  const names = sources.map((s) => s.name).join(", ");
  if (changes.length === 0) return `Refreshed from ${names}: no value changed`;
  return `Refreshed from ${names}: ${changes.length} value${changes.length === 1 ? "" : "s"} changed`;
}
