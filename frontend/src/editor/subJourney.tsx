// A step's sub-journey in the map editor: the "↳ sub-journey: <title>" link in the step's header (it opens that
// map), and the choice of the map in the step's toolbar — written to the step's `sub_journey` in the live
// document, so every collaborator sees it. Which map an id names comes from the server (GET /api/maps/{mid}/links).

import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { MapLinks } from "../journeyApi";
import { subJourneyChoices, subJourneyTarget } from "../journeys";
import { setField } from "./model";
import { useEditor } from "./common";
import "../styles/journeys.css";

/** The links of the map being edited (null until they are loaded, or outside the studio's map page). */
export const MapLinksContext = createContext<MapLinks | null>(null);

/** The link under a step's name to the sub-journey it opens (nothing when it opens none). */
export function SubJourneyLink({ stepId, value }: { stepId: string; value: unknown }) {
  const links = useContext(MapLinksContext);
  const ref = typeof value === "string" ? value : "";
  if (!ref) return null;
  const target = subJourneyTarget(links, ref);
  if (!links) {
    return (
      <span class="jm-sub-journey" data-testid="sub-journey-link" data-step={stepId}>
        ↳ sub-journey: {ref}
      </span>
    );
  }
  if (!target) {
    return (
      <span class="jm-sub-journey is-missing" data-testid="sub-journey-link" data-step={stepId} title={`No map of this workspace has the id ${ref}`}>
        ↳ sub-journey: {ref} (missing)
      </span>
    );
  }
  return (
    <a
      class="jm-sub-journey"
      href={`/m/${target.mapId}`}
      data-nav
      data-testid="sub-journey-link"
      data-step={stepId}
      title={`Open the sub-journey “${target.title}”`}
      onClick={(e) => e.stopPropagation()}
    >
      ↳ sub-journey: {target.title}
    </a>
  );
}

/** The toolbar's choice of the map a step opens ("none" clears it). */
export function SubJourneyPicker({ stepId, value }: { stepId: string; value: unknown }) {
  const ctx = useEditor();
  const links = useContext(MapLinksContext);
  const choices = subJourneyChoices(links);
  const ref = typeof value === "string" ? value : "";
  if (!links) return null;
  return (
    <select
      class="jm-select jm-select-sm jm-sub-journey-choice"
      data-testid="sub-journey-choice"
      title="The map this step opens (its sub-journey)"
      aria-label="Sub-journey"
      value={ref}
      onClick={(e) => e.stopPropagation()}
      onChange={(e) => setField(ctx.doc, ctx.idx, stepId, "sub_journey", (e.target as HTMLSelectElement).value || undefined)}
    >
      <option value="">↳ no sub-journey</option>
      {ref && !choices.some((c) => c.ref === ref) && <option value={ref}>{ref} (missing)</option>}
      {choices.map((c) => (
        <option key={c.ref} value={c.ref}>
          ↳ {c.title}
        </option>
      ))}
    </select>
  );
}
