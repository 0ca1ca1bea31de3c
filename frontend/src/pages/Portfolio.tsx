// The portfolio of a workspace (/w/{wid}/portfolio): key figures, the tree of journeys (parent → sub-journeys),
// every journey's owner, status and health with its parts (each part's "why" on hover), the journey × stage heat
// map with its legend, a search across the maps and the personas with their journeys. All figures are the
// server's (GET /api/workspaces/{wid}/portfolio, analysis/portfolio.py).

import { useState } from "preact/hooks";
import { api } from "../api";
import { Header } from "../components/Header";
import { ErrorNote, Icon, Spinner, useAction, useLoad, valueOf } from "../components/ui";
import {
  figure,
  healthBand,
  heatColour,
  heatText,
  portfolioApi,
  studioMap,
  type HeatRow,
  type Journey,
  type Portfolio,
  type SearchHit,
  type SearchQuery,
  type TreeNode,
} from "../portfolio";
import "../styles/portfolio.css";

export function PortfolioCrumbs({ wid, name, current }: { wid: number; name: string | undefined; current: string }) {
  return (
    <Header>
      <a href="/" data-nav class="crumb">
        Workspaces
      </a>
      <span class="crumb-sep">/</span>
      <a href={`/w/${wid}`} data-nav class="crumb">
        {name ?? "Workspace"}
      </a>
      <span class="crumb-sep">/</span>
      <span class="crumb current">{current}</span>
    </Header>
  );
}

export function PortfolioPage({ wid }: { wid: number }) {
  const workspace = useLoad((signal) => api.workspace(wid, signal), [wid]);
  const loaded = useLoad((signal) => portfolioApi.portfolio(wid, "score", signal), [wid]);
  const data = loaded.data;
  return (
    <div class="page">
      <PortfolioCrumbs wid={wid} name={workspace.data?.name} current="Portfolio" />
      <main class="content portfolio-page">
        <div class="page-title">
          <div>
            <h1>Portfolio</h1>
            <p class="muted lead">Every journey of the workspace with its owner, status and health.</p>
          </div>
          <div class="actions">
            <a class="button primary" href={`/w/${wid}/opportunities`} data-nav data-testid="open-board">
              <Icon name="evidence" /> Opportunity board
            </a>
          </div>
        </div>
        {loaded.loading && !data && <Spinner label="Reading the journeys…" />}
        <ErrorNote error={loaded.error} />
        {data && <PortfolioView wid={wid} data={data} />}
      </main>
    </div>
  );
}

function PortfolioView({ wid, data }: { wid: number; data: Portfolio }) {
  const link = (workspace: string, mapId: string) => studioMap(data, workspace, mapId);
  return (
    <>
      <KeyFigures data={data} />
      <div class="pf-columns">
        <section class="pf-card pf-tree" data-testid="journey-tree">
          <h2>Journeys and sub-journeys</h2>
          {data.tree.map((tree) => (
            <ul class="tree" key={tree.workspace}>
              {tree.roots.map((node) => (
                <TreeItem key={node.id} node={node} href={(id) => link(tree.workspace, id)} />
              ))}
            </ul>
          ))}
        </section>
        <Personas data={data} link={link} />
      </div>
      <section class="pf-card pf-journeys">
        <h2>Health of each journey</h2>
        <p class="muted small pf-note">The total (0–100) is the weighted mean of the parts that apply; hover a part for why it scores so.</p>
        <table class="pf-table" data-testid="journeys">
          <thead>
            <tr>
              <th>Journey</th>
              <th>Owner</th>
              <th>Status</th>
              <th class="num">Health</th>
              <th>Parts</th>
            </tr>
          </thead>
          <tbody>
            {data.journeys.map((j) => (
              <JourneyRow key={`${j.workspace}/${j.id}`} journey={j} mid={link(j.workspace, j.id)} />
            ))}
          </tbody>
        </table>
      </section>
      <HeatMap rows={data.heat_map} link={link} />
      <Search wid={wid} />
    </>
  );
}

function Personas({ data, link }: { data: Portfolio; link: (workspace: string, mapId: string) => number | null }) {
  return (
    <section class="pf-card" data-testid="personas">
      <h2>Personas and their journeys</h2>
      {data.personas.length === 0 && <p class="muted">No personas.</p>}
      <ul class="pf-personas">
        {data.personas.map((p) => (
          <li key={`${p.workspace}/${p.id}`}>
            <strong>{p.name}</strong>
            {p.segment && <span class="muted"> · {p.segment}</span>}
            <div class="pf-chips">
              {p.journeys.length === 0 && <span class="muted small">in no journey</span>}
              {p.journeys.map((j) => (
                <MapLink key={j.map} mid={link(p.workspace, j.map)} class="chip" title={`as ${j.as}`}>
                  {j.title}
                </MapLink>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function KeyFigures({ data }: { data: Portfolio }) {
  const scored = data.journeys.filter((j) => j.health !== null);
  const mean = scored.length ? scored.reduce((sum, j) => sum + (j.health ?? 0), 0) / scored.length : null;
  const counts = data.opportunities.counts;
  const open = (counts.idea ?? 0) + (counts.testing ?? 0);
  const owned = data.journeys.filter((j) => j.owner).length;
  const figures: Array<[string, string, string]> = [
    ["Journeys", String(data.journeys.length), `${data.tree.reduce((n, t) => n + t.roots.length, 0)} at the top`],
    ["Mean health", mean === null ? "–" : Math.round(mean).toString(), "of 100"],
    ["With an owner", `${owned}/${data.journeys.length}`, "journeys"],
    ["Opportunities", String(data.opportunities.opportunities.length), `${open} open (idea or testing)`],
    ["Personas", String(data.personas.length), ""],
  ];
  return (
    <div class="pf-figures" data-testid="key-figures">
      {figures.map(([label, value, hint]) => (
        <div class="pf-figure" key={label}>
          <span class="muted small">{label}</span>
          <strong>{value}</strong>
          <span class="muted small">{hint}</span>
        </div>
      ))}
    </div>
  );
}

function MapLink({ mid, children, ...rest }: { mid: number | null; children: preact.ComponentChildren; class?: string; title?: string }) {
  if (mid === null) return <span {...rest}>{children}</span>;
  return (
    <a href={`/m/${mid}`} data-nav {...rest}>
      {children}
    </a>
  );
}

function HealthPill({ score }: { score: number | null }) {
  return <span class={`health-pill health-${healthBand(score)}`}>{score === null ? "–" : Math.round(score)}</span>;
}

function TreeItem({ node, href }: { node: TreeNode; href: (id: string) => number | null }) {
  return (
    <li data-testid="tree-node" data-id={node.id}>
      <div class="tree-row">
        <MapLink mid={href(node.id)} class="tree-title">
          {node.title}
        </MapLink>
        {node.via_step && <span class="muted small" title="the step of the parent that opens it">via “{node.via_step}”</span>}
        <span class={`badge status-${node.status}`}>{node.status}</span>
        <HealthPill score={node.health} />
      </div>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((child) => (
            <TreeItem key={child.id} node={child} href={href} />
          ))}
        </ul>
      )}
    </li>
  );
}

function JourneyRow({ journey: j, mid }: { journey: Journey; mid: number | null }) {
  return (
    <tr data-testid="journey" data-id={j.id}>
      <td>
        <MapLink mid={mid}>{j.title}</MapLink>
        <div class="muted small">
          {j.type_label}
          {j.persona_name && ` · ${j.persona_name}`}
        </div>
      </td>
      <td>{j.owner || <span class="muted">no owner</span>}</td>
      <td>
        <span class={`badge status-${j.status}`}>{j.status}</span>
      </td>
      <td class="num">
        <HealthPill score={j.health} />
      </td>
      <td>
        <div class="health-parts" data-testid="health-parts">
          {j.health_parts.map((part) => (
            <div class="health-part" key={part.name} title={`${part.label}: ${Math.round(part.score)}/100 (weight ${Math.round(part.weight * 100)}%) — ${part.why}`}>
              <span class="part-label">{part.label}</span>
              <span class="part-bar">
                <span class={`part-fill health-${healthBand(part.score)}`} style={{ width: `${Math.max(2, part.score)}%` }} />
              </span>
              <span class="part-score">{Math.round(part.score)}</span>
            </div>
          ))}
        </div>
      </td>
    </tr>
  );
}

function HeatMap({ rows, link }: { rows: HeatRow[]; link: (workspace: string, mapId: string) => number | null }) {
  const width = Math.max(0, ...rows.map((r) => r.cells.length));
  const vmpi = rows.filter((r) => r.measure === "vmpi");
  return (
    <section class="pf-card" data-testid="heat-map">
      <h2>Journey × stage heat map</h2>
      {rows.length === 0 ? (
        <p class="muted">No journey has stages.</p>
      ) : (
        <div class="heat-scroll">
          <table class="heat-map">
            <thead>
              <tr>
                <th>Journey</th>
                {Array.from({ length: width }, (_, i) => (
                  <th key={i} class="num">
                    Stage {i + 1}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.workspace}/${row.map_id}`} data-testid="heat-row">
                  <th>
                    <MapLink mid={link(row.workspace, row.map_id)}>{row.title}</MapLink>
                    <div class="muted small">{row.measure === "vmpi" ? "VMPI" : "emotion (1–10)"}</div>
                  </th>
                  {Array.from({ length: width }, (_, i) => {
                    const cell = row.cells[i];
                    if (!cell) return <td key={i} class="heat-none" />;
                    const colour = heatColour(row.measure, cell);
                    return (
                      <td key={i} class="heat-cell" style={colour ? { background: colour } : undefined} title={`${cell.stage}: ${heatText(row.measure, cell.value)}${cell.band ? ` (${cell.band})` : ""}, ${cell.n} counted`}>
                        <span class="heat-stage">{cell.stage}</span>
                        <strong>{heatText(row.measure, cell.value)}</strong>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="heat-legend" data-testid="heat-legend">
        <span class="muted small">Emotion</span>
        {[1, 3, 5, 7, 10].map((v) => (
          <span key={v} class="legend-swatch" style={{ background: heatColour("emotion", { value: v, colour: "" }) ?? "" }}>
            {v}
          </span>
        ))}
        <span class="muted small">very negative → very positive</span>
        {vmpi.length > 0 && <VmpiLegend rows={vmpi} />}
        <span class="legend-swatch heat-none">–</span>
        <span class="muted small">no value</span>
      </div>
    </section>
  );
}

function VmpiLegend({ rows }: { rows: HeatRow[] }) {
  const bands = new Map<string, string>();
  for (const row of rows) for (const cell of row.cells) if (cell.band && cell.colour) bands.set(cell.band, cell.colour);
  return (
    <>
      <span class="muted small legend-gap">VMPI</span>
      {[...bands].map(([band, colour]) => (
        <span key={band} class="legend-swatch" style={{ background: colour }}>
          {band}
        </span>
      ))}
    </>
  );
}

const FIELDS: ReadonlyArray<[keyof SearchQuery, string]> = [
  ["text", "Text"],
  ["tag", "Tag"],
  ["persona", "Persona"],
  ["touchpoint", "Touchpoint"],
  ["channel", "Channel"],
];

function Search({ wid }: { wid: number }) {
  const [field, setField] = useState<keyof SearchQuery>("text");
  const [value, setValue] = useState("");
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [run, busy, error] = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const found = await run(() => portfolioApi.search(wid, { [field]: value }));
    if (found) setHits(found);
  };
  return (
    <section class="pf-card" data-testid="portfolio-search">
      <h2>Search the maps</h2>
      <form class="pf-search" onSubmit={submit} role="search">
        <select aria-label="Search in" value={field} onChange={(e) => setField(valueOf(e) as keyof SearchQuery)}>
          {FIELDS.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
        <input type="search" aria-label="Search for" placeholder="e.g. upload, branch, mobile app" value={value} onInput={(e) => setValue(valueOf(e))} />
        <button type="submit" disabled={busy || !value.trim()}>
          Search
        </button>
      </form>
      <ErrorNote error={error} />
      {hits && (
        <ul class="pf-hits" data-testid="search-results">
          {hits.length === 0 && <li class="muted">Nothing found.</li>}
          {hits.slice(0, 50).map((hit) => (
            <li key={`${hit.workspace}/${hit.map_id}/${hit.kind}/${hit.id}`}>
              <MapLink mid={hit.studio_map ?? null}>{hit.text || hit.id}</MapLink>
              <span class="muted small">
                {" "}
                {hit.kind} · {hit.map_title} · {hit.where}
              </span>
            </li>
          ))}
          {hits.length > 50 && <li class="muted small">and {figure(hits.length - 50)} more</li>}
        </ul>
      )}
    </section>
  );
}
