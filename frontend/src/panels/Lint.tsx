// Lint: the map's problems (it does not load as it is) and the lint findings (phrasing, completeness), both in the
// one JSON form of a problem; a click selects the element the finding is about, else its element path is shown.

import type { Problem } from "../api";

function severityRank(p: Problem): number {
  return p.severity === "error" ? 0 : p.severity === "warning" ? 1 : 2;
}

export function LintPanel({
  problems,
  lint,
  selected,
  onSelect,
  labelOf,
  stale,
}: {
  problems: Problem[];
  lint: Problem[];
  selected: string | null;
  onSelect: (id: string | null) => void;
  labelOf: (id: string) => string;
  stale: boolean;
}) {
  const all = [...problems.map((p) => ({ ...p, severity: p.severity ?? "error" })), ...lint].sort(
    (a, b) => severityRank(a) - severityRank(b),
  );
  return (
    <div class="panel-body lint-panel">
      <p class="muted small">
        {all.length === 0
          ? "No finding: the map follows the phrasing and completeness rules."
          : `${all.length} ${all.length === 1 ? "finding" : "findings"}`}
        {stale && " · updating…"}
      </p>
      <ul class="findings">
        {all.map((p, i) => (
          <li key={`${p.code}-${i}`}>
            <button
              type="button"
              class={`finding sev-${p.severity ?? "info"}${p.element && p.element === selected ? " active" : ""}`}
              disabled={!p.element}
              onClick={() => p.element && onSelect(p.element)}
              title={p.element ? "Select on the map" : undefined}
            >
              <span class="finding-head">
                <span class={`badge sev-${p.severity ?? "info"}`}>{p.severity ?? "info"}</span>
                <code title={p.rule || undefined}>{p.code}</code>
                {p.element ? (
                  <span class="finding-element">{labelOf(p.element)}</span>
                ) : (
                  (p.path || p.where) && <code class="muted">{p.path || p.where}</code>
                )}
              </span>
              <span class="finding-message">{p.message}</span>
              {p.hint && <span class="finding-hint">{p.hint}</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
