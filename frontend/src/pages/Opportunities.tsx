// The opportunity board of a workspace (/w/{wid}/opportunities): a column per status (idea → testing → validated /
// rejected → delivered) with cards showing score, effort, impact, owner and the source map and steps, sorted by the
// server (score, value, impact or effort) and filtered by words and source; a card moves to another column by
// drag-and-drop or with its status menu (the keyboard's way), through PATCH /api/maps/{mid}/opportunities/{oid}
// (the map's live document). The matrix view puts the cards in the quadrants of value vs effort.

import { useState } from "preact/hooks";
import { api, canEdit } from "../api";
import { ErrorNote, Spinner, TabRow, notifyError, useLoad, valueOf } from "../components/ui";
import {
  QUADRANTS,
  SORT_KEYS,
  STATUSES,
  columns,
  figure,
  filterCards,
  portfolioApi,
  studioMap,
  type Card,
  type Portfolio,
  type SortKey,
  type Status,
} from "../portfolio";
import { PortfolioCrumbs } from "./Portfolio";
import "../styles/portfolio.css";

type View = "board" | "matrix";
const DRAG_TYPE = "application/x-journeymap-opportunity";

export function OpportunitiesPage({ wid }: { wid: number }) {
  const workspace = useLoad((signal) => api.workspace(wid, signal), [wid]);
  const [sort, setSort] = useState<SortKey>("score");
  const [text, setText] = useState("");
  const [source, setSource] = useState("");
  const [view, setView] = useState<View>("board");
  const loaded = useLoad((signal) => portfolioApi.portfolio(wid, sort, signal), [wid, sort]);
  const data = loaded.data;
  const editable = canEdit(workspace.data?.role);

  const move = async (card: Card, status: Status) => {
    if (!data || card.status === status) return;
    const mid = studioMap(data, card.workspace, card.map_id);
    if (mid === null) return;
    const cards = data.opportunities.opportunities.map((c) => (c === card ? { ...c, status } : c));
    loaded.set({ ...data, opportunities: { ...data.opportunities, opportunities: cards } });
    try {
      await portfolioApi.change(mid, card.id, { status });
    } catch (error) {
      notifyError(error);
    }
    loaded.reload();
  };

  const sources = data ? [...new Set(data.opportunities.opportunities.map((c) => c.source))].sort() : [];
  const cards = data ? filterCards(data.opportunities.opportunities, text, source) : [];
  return (
    <div class="page">
      <PortfolioCrumbs wid={wid} name={workspace.data?.name} current="Opportunities" />
      <main class="content portfolio-page board-page">
        <div class="page-title">
          <div>
            <h1>Opportunity board</h1>
            <p class="muted lead">Every opportunity of the workspace's journeys, from idea to delivered.</p>
          </div>
          <div class="actions">
            <a class="button" href={`/w/${wid}/portfolio`} data-nav>
              Portfolio
            </a>
          </div>
        </div>
        <div class="board-toolbar">
          <TabRow<View> tabs={[["board", "Board"], ["matrix", "Value vs effort"]]} current={view} onSelect={setView} class="tabs board-tabs" />
          <input type="search" aria-label="Filter the opportunities" placeholder="Filter: words, owner, map, step" value={text} onInput={(e) => setText(valueOf(e))} />
          <select aria-label="Source" value={source} onChange={(e) => setSource(valueOf(e))}>
            <option value="">All sources</option>
            {sources.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <label class="inline">
            Sort by{" "}
            <select aria-label="Sort by" value={sort} onChange={(e) => setSort(valueOf(e) as SortKey)}>
              {SORT_KEYS.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          <span class="muted small" data-testid="card-count">
            {data ? `${cards.length} of ${data.opportunities.opportunities.length}` : ""}
          </span>
        </div>
        {loaded.loading && !data && <Spinner label="Reading the opportunities…" />}
        <ErrorNote error={loaded.error} />
        {data && view === "board" && <Board data={data} cards={cards} editable={editable} onMove={move} />}
        {data && view === "matrix" && <Matrix data={data} cards={cards} />}
      </main>
    </div>
  );
}

interface BoardProps {
  data: Portfolio;
  cards: Card[];
  editable: boolean;
  onMove: (card: Card, status: Status) => void;
}

function Board({ data, cards, editable, onMove }: BoardProps) {
  const [over, setOver] = useState<Status | null>(null);
  const byStatus = columns(cards);
  const key = (c: Card) => `${c.workspace}/${c.map_id}/${c.id}`;
  const drop = (status: Status, event: DragEvent) => {
    event.preventDefault();
    setOver(null);
    const dragged = event.dataTransfer?.getData(DRAG_TYPE);
    const card = cards.find((c) => key(c) === dragged);
    if (card) onMove(card, status);
  };
  return (
    <div class="board" data-testid="board">
      {STATUSES.map(({ id, label }) => (
        <section
          key={id}
          class={`board-column${over === id ? " drop-over" : ""}`}
          data-testid="board-column"
          data-status={id}
          aria-label={label}
          onDragOver={(e) => {
            if (!editable) return;
            e.preventDefault();
            setOver(id);
          }}
          onDragLeave={() => setOver((o) => (o === id ? null : o))}
          onDrop={(e) => drop(id, e)}
        >
          <h2>
            <span class={`dot status-${id}`} />
            {label} <span class="count">{byStatus.get(id)?.length ?? 0}</span>
          </h2>
          <ul>
            {byStatus.get(id)?.map((card) => (
              <OpportunityCard key={key(card)} data={data} card={card} editable={editable} onMove={onMove} dragKey={key(card)} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function OpportunityCard({ data, card, editable, onMove, dragKey }: { data: Portfolio; card: Card; editable: boolean; onMove: BoardProps["onMove"]; dragKey: string }) {
  const mid = studioMap(data, card.workspace, card.map_id);
  return (
    <li
      class="opp-card"
      data-testid="opportunity"
      data-id={card.id}
      draggable={editable}
      onDragStart={(e) => e.dataTransfer?.setData(DRAG_TYPE, dragKey)}
    >
      <div class="opp-text">{card.text}</div>
      {card.how_might_we && <div class="muted small opp-hmw">{card.how_might_we}</div>}
      <dl class="opp-figures">
        <div>
          <dt>Score</dt>
          <dd>{figure(card.score)}</dd>
        </div>
        <div>
          <dt>Impact</dt>
          <dd>{figure(card.impact)}</dd>
        </div>
        <div>
          <dt>Effort</dt>
          <dd>{figure(card.effort)}</dd>
        </div>
      </dl>
      <div class="opp-meta small">
        <span class="badge">{card.source}</span>
        <span>{card.owner || <span class="muted">no owner</span>}</span>
      </div>
      <div class="opp-source small">
        {mid !== null ? (
          <a href={`/m/${mid}`} data-nav>
            {card.map_title}
          </a>
        ) : (
          card.map_title
        )}
        {card.steps.length > 0 && (
          <span class="muted"> · {card.steps.map((s) => (s.map_id !== card.map_id ? `${s.map_id}: ` : "") + (s.step ?? s.step_id)).join(", ")}</span>
        )}
      </div>
      {editable && (
        <label class="opp-move small">
          Status{" "}
          <select aria-label={`Status of ${card.text}`} data-testid="move" value={card.status} onChange={(e) => onMove(card, valueOf(e) as Status)}>
            {STATUSES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      )}
    </li>
  );
}

function Matrix({ data, cards }: { data: Portfolio; cards: Card[] }) {
  const unplaced = cards.filter((c) => c.quadrant === null);
  return (
    <div data-testid="matrix">
      <div class="matrix">
        <div class="matrix-axis-y">Value ↑</div>
        <div class="matrix-grid">
          {QUADRANTS.map(([id, label, hint]) => {
            const inside = cards.filter((c) => c.quadrant === id);
            return (
              <section key={id} class={`quadrant quadrant-${id}`} data-testid="quadrant" data-quadrant={id}>
                <h3>
                  {label} <span class="count">{inside.length}</span>
                </h3>
                <p class="muted small">{hint}</p>
                <ul>
                  {inside.map((c) => {
                    const mid = studioMap(data, c.workspace, c.map_id);
                    return (
                      <li key={`${c.map_id}/${c.id}`}>
                        <span class={`dot status-${c.status}`} title={c.status} />
                        {mid !== null ? (
                          <a href={`/m/${mid}`} data-nav>
                            {c.text}
                          </a>
                        ) : (
                          c.text
                        )}
                        <span class="muted small">
                          {" "}
                          value {figure(c.value)} · effort {figure(c.effort)}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              </section>
            );
          })}
        </div>
        <div class="matrix-axis-x">Effort →</div>
      </div>
      {unplaced.length > 0 && (
        <p class="muted small">
          Not placed (no value or no effort yet): {unplaced.map((c) => c.text).join("; ")}
        </p>
      )}
    </div>
  );
}
