// "Refresh evidence": measure the map again from the sources its workspace declares (journeymap.yaml `sources:`,
// docs/refresh.md) and show what changed, old → new; a failing source is shown with why (nothing changed then).

import { useState } from "preact/hooks";
import { request } from "../api";
import type { components } from "../generated/api";
import { ErrorNote, notify, useAction } from "../components/ui";
import { changeText, sourceText, summary } from "./refreshFormat";

type RefreshResult = components["schemas"]["RefreshPublic"];

export function RefreshEvidence({ mapId, onRefreshed, canEdit = true }: { mapId: number; onRefreshed: () => void; canEdit?: boolean }) {
  const [result, setResult] = useState<RefreshResult | null>(null);
  const [run, busy, error] = useAction();
  if (!canEdit) return null;

  const refresh = async () => {
    setResult(null);
    const answer = await run(() => request<RefreshResult>("POST", `/api/maps/${mapId}/refresh`));
    if (answer) {
      setResult(answer);
      notify(summary(answer.changes, answer.sources));
      onRefreshed();
    }
  };

  return (
    <section class="refresh-evidence" aria-label="Refresh evidence">
      <button type="button" class="small" disabled={busy} onClick={() => void refresh()}>
        {busy ? "Refreshing…" : "Refresh evidence"}
      </button>
      <span class="muted small"> from the sources of the workspace (journeymap.yaml)</span>
      <ErrorNote error={error} />
      {result && (
        <div class="refresh-result">
          <p class="small">
            Measured on {result.measured_on}; version “{result.version}”.
          </p>
          <ul class="small">
            {result.sources.map((s) => (
              <li key={s.name}>{sourceText(s)}</li>
            ))}
          </ul>
          {result.changes.length === 0 ? (
            <p class="muted small">No value changed.</p>
          ) : (
            <ul class="small">
              {result.changes.map((c) => (
                <li key={`${c.kind}:${c.element}:${c.field}`}>{changeText(c)}</li>
              ))}
            </ul>
          )}
          {result.warnings.length > 0 && (
            <ul class="small muted">
              {result.warnings.map((w, i) => (
                <li key={i}>
                  <code>{w.where}</code> {w.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
