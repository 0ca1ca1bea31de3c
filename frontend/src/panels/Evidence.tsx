// Evidence: upload a survey or an event log, look at its first rows, say how its columns map onto the map
// (filled from the server's suggestion), apply it, and see the measured values; links to the analyses.

import { useEffect, useState } from "preact/hooks";
import { api, request, type EvidenceKind, type EvidenceResult, type EvidenceUpload, type Json, type JsonObject } from "../api";
import { availabilityNote, mapAnalysesUrl, type MapAnalyses } from "../catalog";
import { ErrorNote, Icon, notify, useAction } from "../components/ui";
import { RefreshEvidence } from "./RefreshEvidence";
import { Discovered } from "./Discovered";
import { FeedbackSection } from "./Feedback";

export interface ElementOption {
  id: string;
  label: string;
}

/** Keys of a mapping whose value names a column of the file. */
const COLUMN_KEYS = new Set(["respondent", "segment", "weight", "overall", "element", "measure", "value", "case", "activity", "timestamp", "touchpoint", "customer", "time", "resource"]);
const MEASURES = ["rating", "satisfaction", "importance", "frequency", "effort", "nps"];

function cell(value: Json | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function fmt(value: number | null | undefined, digits = 1): string {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "—";
}

export function EvidencePanel({
  mapId,
  elements,
  onApplied,
  canEdit = true,
}: {
  mapId: number;
  elements: ElementOption[];
  onApplied: () => void;
  /** The role may upload and apply evidence (`evidence:create`, `map:edit`); otherwise only the analyses. */
  canEdit?: boolean;
}) {
  const [kind, setKind] = useState<EvidenceKind>("survey");
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<EvidenceUpload | null>(null);
  const [mapping, setMapping] = useState<JsonObject>({});
  const [result, setResult] = useState<EvidenceResult | null>(null);
  const [applied, setApplied] = useState(0); // the analyses are asked again, and their previews drawn, after each
  const [run, busy, error] = useAction();

  const send = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setResult(null);
    const answer = await run(() => api.uploadEvidence(mapId, file, kind));
    if (answer) {
      setUpload(answer);
      setMapping(structuredClone(answer.suggested_mapping ?? {}));
      if (kind === "events") setApplied((n) => n + 1); // the map's latest event log, drawn by discovery and conform
    }
  };

  const apply = async (event: Event) => {
    event.preventDefault();
    if (!upload) return;
    const answer = await run(() => api.applyEvidence(upload.id, mapping));
    if (answer) {
      setResult(answer);
      setApplied((n) => n + 1);
      if (answer.kind === "events") {
        notify(`Discovered: ${answer.cases.toLocaleString("en-GB")} cases, ${answer.variants.toLocaleString("en-GB")} paths`);
      } else {
        notify(`Applied: ${Object.keys(answer.measured).length} elements measured`);
        onApplied();
      }
    }
  };

  const labelOf = (id: string) => elements.find((e) => e.id === id)?.label ?? id;

  return (
    <div class="panel-body evidence-panel">
      {!canEdit && <p class="muted small">Editors upload surveys and event logs; the analyses are below.</p>}
      <RefreshEvidence
        mapId={mapId}
        onRefreshed={() => {
          setApplied((n) => n + 1);
          onApplied();
        }}
        canEdit={canEdit}
      />
      {canEdit && (
        <form class="form compact" onSubmit={send}>
          <div class="segmented small" role="radiogroup" aria-label="Kind of evidence">
            {(
              [
                ["survey", "Survey"],
                ["events", "Event log"],
              ] as Array<[EvidenceKind, string]>
            ).map(([id, label]) => (
              <button key={id} type="button" role="radio" aria-checked={kind === id} class={kind === id ? "active" : ""} onClick={() => setKind(id)}>
                {label}
              </button>
            ))}
          </div>
          <label class="file-drop">
            <Icon name="upload" />
            <span>{file ? file.name : kind === "survey" ? "Choose a survey (CSV, XLSX, Parquet)" : "Choose an event log (CSV, Parquet, XES)"}</span>
            <input
              type="file"
              data-testid="evidence-file"
              accept={kind === "survey" ? ".csv,.tsv,.xlsx,.parquet" : ".csv,.tsv,.parquet,.xes"}
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
          </label>
          <button type="submit" class="primary small" disabled={!file || busy}>
            {busy && !upload ? "Reading…" : "Upload"}
          </button>
        </form>
      )}
      <ErrorNote error={error} />

      {canEdit && upload && (
        <>
          <h3>First rows</h3>
          <div class="table-scroll">
            <table class="data">
              <thead>
                <tr>
                  {upload.columns.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {upload.preview.slice(0, 10).map((row, i) => (
                  <tr key={i}>
                    {upload.columns.map((c, j) => (
                      <td key={c}>{cell(row[j])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>How the columns map onto the map</h3>
          <form class="form compact mapping" onSubmit={apply}>
            <MappingFields value={mapping} columns={upload.columns} elements={elements} onChange={setMapping} />
            <datalist id="evidence-elements">
              {elements.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.label}
                </option>
              ))}
            </datalist>
            <button type="submit" class="primary small" disabled={busy}>
              {busy ? "Applying…" : "Apply to the map"}
            </button>
          </form>
        </>
      )}

      {result?.kind === "events" && <Discovered result={result} mapId={mapId} elements={elements} />}

      {result?.kind === "survey" && (
        <>
          <h3>Measured</h3>
          <table class="data measured">
            <thead>
              <tr>
                <th>Element</th>
                <th>Mean</th>
                <th>95 % interval</th>
                <th>n</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(result.measured).map(([id, m]) => (
                <tr key={id}>
                  <td title={id}>{labelOf(id)}</td>
                  <td class="num">{fmt(m.mean, 2)}</td>
                  <td class="num">
                    {fmt(m.low)} – {fmt(m.high)}
                  </td>
                  <td class="num">{m.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <FeedbackSection mapId={mapId} canEdit={canEdit} />

      <h3>Analyses</h3>
      <Analyses mapId={mapId} version={applied} />
    </div>
  );
}

/** The analyses the studio draws (a plugin's included), as GET /api/maps/{mid}/analyses lists them: those the map
 * can have drawn now get a link, and a preview when drawn as SVG; the others a quiet line saying what to add. Asked
 * again (and the previews drawn again) when `version` changes: evidence was uploaded or applied. No drawing the
 * map cannot have is asked for, so nothing answers 404 in the browser's console. */
function Analyses({ mapId, version }: { mapId: number; version: number }) {
  const [found, setFound] = useState<MapAnalyses | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    request<MapAnalyses>("GET", mapAnalysesUrl(mapId), { signal: controller.signal }).then(setFound, (failure: unknown) => {
      if (!controller.signal.aborted) setError(failure);
    });
    return () => controller.abort();
  }, [mapId, version]);
  if (error) return <ErrorNote error={error} />;
  if (!found || found.map_id !== mapId) return <p class="muted small">Loading the analyses…</p>;
  return (
    <ul class="analyses">
      {found.analyses.map((a) =>
        a.available ? (
          <li key={a.name}>
            <a href={api.analysisUrl(mapId, a.name)} target="_blank" rel="noopener">
              <strong>{a.label}</strong> <Icon name="external" size={12} />
            </a>
            <span class="muted small block">{a.description}</span>
            {a.studio === "svg" && (
              <img
                class="analysis-preview"
                src={version ? `${api.analysisUrl(mapId, a.name)}?v=${version}` : api.analysisUrl(mapId, a.name)}
                alt={a.label}
                loading="lazy"
                onLoad={(e) => e.currentTarget.classList.remove("hidden")}
                onError={(e) => e.currentTarget.classList.add("hidden")}
              />
            )}
          </li>
        ) : (
          <li key={a.name} class="analysis-unavailable muted small" data-analysis={a.name}>
            <span>{a.label}</span> — <span class="analysis-hint">{availabilityNote(a)}</span>
          </li>
        ),
      )}
    </ul>
  );
}

/** The mapping of an upload being edited: its keys, the file's columns, the map's elements. */
interface MappingProps {
  value: JsonObject;
  columns: string[];
  elements: ElementOption[];
  onChange: (value: JsonObject) => void;
}

/** `value` with `key` set to `next`, or without `key` when `next` is undefined. */
function withKey(value: JsonObject, key: string, next: Json | undefined): JsonObject {
  const copy = { ...value };
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  return copy;
}

/** An `<option>` for each value, the value as its label. */
function Options({ values }: { values: readonly string[] }) {
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </>
  );
}

function MappingFields({
  value,
  columns,
  elements,
  onChange,
}: MappingProps) {
  const set = (key: string, next: Json | undefined) => onChange(withKey(value, key, next === "" ? undefined : next));
  const keys = Object.keys(value);
  if (keys.length === 0) return <p class="muted small">The server suggested no mapping; the file is read as it is.</p>;
  return (
    <>
      {keys.map((key) => {
        const v = value[key];
        if (key === "columns" && v && typeof v === "object" && !Array.isArray(v)) {
          return <ColumnTable key={key} value={v} columns={columns} elements={elements} onChange={(next) => set(key, next)} />;
        }
        if (key === "form" && typeof v === "string") {
          return (
            <label key={key} class="field-inline">
              <span>Layout</span>
              <select value={v} onChange={(e) => set(key, e.currentTarget.value)}>
                <option value="wide">wide — one row per respondent</option>
                <option value="long">long — one row per answer</option>
              </select>
            </label>
          );
        }
        if ((typeof v === "string" || v === null) && (COLUMN_KEYS.has(key) || (typeof v === "string" && columns.includes(v)))) {
          return (
            <label key={key} class="field-inline">
              <span>{key}</span>
              <select value={v ?? ""} onChange={(e) => set(key, e.currentTarget.value || null)}>
                <option value="">(none)</option>
                <Options values={columns} />
              </select>
            </label>
          );
        }
        if (typeof v === "boolean") {
          return (
            <label key={key} class="check">
              <input type="checkbox" checked={v} onChange={(e) => set(key, e.currentTarget.checked)} /> {key}
            </label>
          );
        }
        if (Array.isArray(v) && v.every((x) => typeof x !== "object" || x === null)) {
          return (
            <label key={key} class="field-inline">
              <span>{key}</span>
              <input
                value={v.map((x) => String(x)).join(", ")}
                title="Comma-separated"
                onChange={(e) =>
                  set(
                    key,
                    e.currentTarget.value
                      .split(",")
                      .map((x) => x.trim())
                      .filter(Boolean)
                      .map((x) => (/^-?\d+(\.\d+)?$/.test(x) ? Number(x) : x)),
                  )
                }
              />
            </label>
          );
        }
        if (typeof v === "string" || typeof v === "number") {
          return (
            <label key={key} class="field-inline">
              <span>{key}</span>
              <input
                value={String(v)}
                onChange={(e) => {
                  const text = e.currentTarget.value;
                  set(key, typeof v === "number" && text.trim() !== "" && !Number.isNaN(Number(text)) ? Number(text) : text);
                }}
              />
            </label>
          );
        }
        return <JsonField key={key} name={key} value={v} onChange={(next) => set(key, next)} />;
      })}
    </>
  );
}

function JsonField({ name, value, onChange }: { name: string; value: Json; onChange: (value: Json) => void }) {
  const [text, setText] = useState(JSON.stringify(value, null, 2));
  const [bad, setBad] = useState(false);
  return (
    <label>
      {name} <span class="muted small">(JSON)</span>
      <textarea
        rows={4}
        class={bad ? "invalid" : ""}
        value={text}
        onInput={(e) => {
          const next = e.currentTarget.value;
          setText(next);
          try {
            onChange(JSON.parse(next) as Json);
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
    </label>
  );
}

function ColumnTable({
  value,
  columns,
  elements,
  onChange,
}: MappingProps) {
  const rows = [...new Set([...Object.keys(value), ...columns])];
  const entry = (column: string): { element: string; measure: string } => {
    const v = value[column];
    if (typeof v === "string") return { element: v, measure: "" };
    if (v && typeof v === "object" && !Array.isArray(v))
      return { element: typeof v.element === "string" ? v.element : "", measure: typeof v.measure === "string" ? v.measure : "" };
    return { element: "", measure: "" };
  };
  const update = (column: string, change: Partial<{ element: string; measure: string }>) => {
    const next = { ...entry(column), ...change };
    const element = next.element.trim();
    const mapped = next.measure && next.measure !== "rating" ? { element, measure: next.measure } : element;
    onChange(withKey(value, column, element ? mapped : undefined));
  };
  const known = new Set(elements.map((e) => e.id));
  return (
    <div class="table-scroll">
      <table class="data column-map">
        <thead>
          <tr>
            <th>Column</th>
            <th>Element of the map</th>
            <th>Measure</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((column) => {
            const e = entry(column);
            return (
              <tr key={column}>
                <td>
                  <code>{column}</code>
                </td>
                <td>
                  <input
                    list="evidence-elements"
                    value={e.element}
                    placeholder="not used"
                    class={e.element && !known.has(e.element) ? "warn" : ""}
                    title={e.element && !known.has(e.element) ? "No element of the map has this id" : ""}
                    onChange={(ev) => update(column, { element: ev.currentTarget.value })}
                  />
                </td>
                <td>
                  <select value={e.measure || "rating"} onChange={(ev) => update(column, { measure: ev.currentTarget.value })}>
                    <Options values={MEASURES} />
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
