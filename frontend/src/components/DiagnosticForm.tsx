// The workspace's 5Cs diagnostic (go / no-go for mapping): five ratings with notes, saved with the workspace file.

import { useState } from "preact/hooks";
import { api, CRITERIA, type CriterionName, type FiveCs, type Json, type Workspace } from "../api";
import { ErrorNote, notify, useAction, valueOf, type WorkspaceFormProps } from "./ui";

const QUESTIONS: Record<CriterionName, string> = {
  changeable: "Relationships and the customer experience are changing over time.",
  challenged: "High dissatisfaction where expectations are high.",
  complex: "Many customer groups, contacts, channels; the experience crosses departments.",
  climactic: "Life-or-death issues, emotions run high, people vulnerable or at risk.",
  costly: "High cost of service, of things going wrong, of waste.",
};

interface Rule {
  strong_rating: number;
  min_strong: number;
  min_total: number;
  decisive: string[];
}

function ruleOf(workspace: Workspace): Rule {
  const settings = (workspace.settings?.settings ?? {}) as { [key: string]: Json };
  const rule = (settings.diagnostic_rule ?? {}) as Partial<Rule>;
  return {
    strong_rating: typeof rule.strong_rating === "number" ? rule.strong_rating : 4,
    min_strong: typeof rule.min_strong === "number" ? rule.min_strong : 2,
    min_total: typeof rule.min_total === "number" ? rule.min_total : 16,
    decisive: Array.isArray(rule.decisive) ? rule.decisive.map(String) : ["climactic"],
  };
}

/** The same rule as journeymap.analysis.diagnose, to preview the recommendation while rating. */
export function recommend(fiveCs: FiveCs, rule: Rule): { go: boolean; reason: string } {
  const strong = CRITERIA.filter((c) => fiveCs[c].rating >= rule.strong_rating);
  const total = CRITERIA.reduce((sum, c) => sum + fiveCs[c].rating, 0);
  const decisive = CRITERIA.filter((c) => rule.decisive.includes(c) && fiveCs[c].rating >= 5);
  const tests = [
    {
      passed: strong.length >= rule.min_strong,
      detail: `${strong.length} of 5 criteria strong (rated ${rule.strong_rating} or more${strong.length ? `: ${strong.join(", ")}` : ""}), ${rule.min_strong} needed`,
    },
    { passed: total >= rule.min_total, detail: `ratings add up to ${total} of 25, ${rule.min_total} needed` },
    {
      passed: decisive.length > 0,
      detail: decisive.length
        ? `decisive criterion rated 5: ${decisive.join(", ")}`
        : `no decisive criterion (${rule.decisive.join(" or ") || "none configured"}) rated 5`,
    },
  ];
  const go = tests.some((t) => t.passed);
  const shown = go ? tests.filter((t) => t.passed) : tests;
  return { go, reason: `${go ? "Go" : "No-go"}: ${shown.map((t) => t.detail).join("; ")}.` };
}

function initial(workspace: Workspace): FiveCs {
  const existing = workspace.settings?.diagnostic as Partial<FiveCs> | null | undefined;
  const out = {} as FiveCs;
  for (const c of CRITERIA) {
    const item = existing?.[c];
    out[c] = { rating: item && typeof item.rating === "number" ? item.rating : 3, note: item?.note ?? "" };
  }
  return out;
}

export function DiagnosticForm({ workspace, onSaved, readOnly = false }: WorkspaceFormProps) {
  const [fiveCs, setFiveCs] = useState<FiveCs>(() => initial(workspace));
  const [dirty, setDirty] = useState(false);
  const [run, busy, error] = useAction();
  const rule = ruleOf(workspace);
  const result = recommend(fiveCs, rule);
  const hasSaved = Boolean(workspace.settings?.diagnostic);

  const update = (c: CriterionName, change: Partial<FiveCs[CriterionName]>) => {
    setFiveCs((current) => ({ ...current, [c]: { ...current[c], ...change } }));
    setDirty(true);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const settings = { ...(workspace.settings ?? {}) };
    if (!settings.name) settings.name = workspace.name;
    const diagnostic = {} as Record<string, Json>;
    for (const c of CRITERIA) {
      const note = (fiveCs[c].note ?? "").trim();
      diagnostic[c] = note ? { rating: fiveCs[c].rating, note } : { rating: fiveCs[c].rating };
    }
    settings.diagnostic = diagnostic as unknown as FiveCs;
    const saved = await run(() => api.saveSettings(workspace.id, settings, workspace.settings_version));
    if (saved) {
      setDirty(false);
      notify("Diagnostic saved");
      onSaved();
    }
  };

  return (
    <form class="diagnostic form" onSubmit={save}>
      <fieldset class="plain form" disabled={readOnly}>
        <p class="muted">
          Should the team map this experience? Rate each criterion from 1 (not at all) to 5 (very much) and say why.
          {!hasSaved && " This workspace has no diagnostic yet."}
        </p>
        {CRITERIA.map((c) => (
          <fieldset key={c} class="criterion">
            <legend>
              <strong>{c[0].toUpperCase() + c.slice(1)}</strong>
              <span class="muted"> — {QUESTIONS[c]}</span>
            </legend>
            <div class="rating" role="radiogroup" aria-label={`${c} rating`}>
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n} class={fiveCs[c].rating === n ? "rating-option active" : "rating-option"}>
                  <input type="radio" name={`rating-${c}`} checked={fiveCs[c].rating === n} onChange={() => update(c, { rating: n })} />
                  {n}
                </label>
              ))}
            </div>
            <textarea
              rows={2}
              maxLength={4000}
              placeholder="Evidence or reasoning behind the rating"
              value={fiveCs[c].note ?? ""}
              onInput={(e) => update(c, { note: valueOf(e) })}
            />
          </fieldset>
        ))}
        <div class={result.go ? "recommendation go" : "recommendation no-go"}>
          <strong>{result.go ? "Go — map it" : "No-go"}</strong>
          <span>{result.reason}</span>
          <span class="muted small">
            Rule of this workspace: go when {rule.min_strong} criteria are rated {rule.strong_rating}+, or the total is{" "}
            {rule.min_total}+, or {rule.decisive.join(" or ") || "a decisive criterion"} is rated 5.
          </span>
        </div>
        <ErrorNote error={error} />
        {!readOnly && (
          <div class="form-actions">
            <button type="submit" class="primary" disabled={busy || !dirty}>
              {busy ? "Saving…" : "Save diagnostic"}
            </button>
          </div>
        )}
      </fieldset>
    </form>
  );
}
