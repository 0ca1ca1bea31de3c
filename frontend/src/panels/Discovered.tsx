// An event log applied in the Evidence panel: what it found about the journey (cases, events, the period, the
// main path, the funnel with its drop-off, where journeys end, the most common paths) and what it changed: the
// map itself is not changed (an event log measures no step); its discovery feeds the map's report and the
// discovery drawing, linked here.

import { useEffect, useRef } from "preact/hooks";
import { api, type Discovered as DiscoveredResult } from "../api";
import { Icon } from "../components/ui";
import { count, dropOff, duration, onTheMap, percent } from "./discoveredFormat";
import "../styles/discovered.css";

const SHOWN_OUTCOMES = 6;
const SHOWN_PATHS = 5;

export function Discovered({
  result,
  mapId,
  elements,
}: {
  result: DiscoveredResult;
  mapId: number;
  elements: ReadonlyArray<{ id: string; label: string }>;
}) {
  const top = useRef<HTMLElement>(null);
  useEffect(() => {
    // the result appears below the upload form: bring it into view (scrollIntoView is missing in some test DOMs)
    top.current?.scrollIntoView?.({ block: "start", behavior: "smooth" });
  }, [result]);
  const period = result.period.first && result.period.last ? `${result.period.first.slice(0, 10)} – ${result.period.last.slice(0, 10)}` : null;
  return (
    <section class="discovered-result" aria-label="What the event log shows" ref={top}>
      <h3>What the event log shows</h3>
      <p class="small discovered-counts">
        {count(result.cases)} cases, {count(result.events)} events, {count(result.activities)} activities, {count(result.variants)} distinct paths
        {period ? ` (${period})` : ""}
        {result.median_case_seconds !== null ? `; a journey takes ${duration(result.median_case_seconds)} (median)` : ""}
      </p>
      <p class="small discovered-change">
        <strong>The map is unchanged:</strong> an event log shows what customers did; it measures no step. Its flows now feed the map's
        evidence report and discovery drawing.
      </p>
      <p class="discovered-links">
        <a class="button" href={api.analysisUrl(mapId, "discovery")} target="_blank" rel="noopener">
          Open the discovery drawing <Icon name="external" size={12} />
        </a>
        <a class="button" href={api.analysisUrl(mapId, "report")} target="_blank" rel="noopener">
          Open the evidence report <Icon name="external" size={12} />
        </a>
      </p>

      {result.main_path.length > 0 && (
        <>
          <h4>Main path</h4>
          <ol class="main-path" title={result.main_path_rule}>
            {result.main_path.map((activity) => (
              <li key={activity}>{activity}</li>
            ))}
          </ol>
        </>
      )}

      {result.funnel.length > 0 && <Funnel result={result} elements={elements} />}

      {result.outcomes.length > 0 && (
        <>
          <h4>Where journeys end</h4>
          <table class="data outcomes">
            <thead>
              <tr>
                <th>Last step</th>
                <th class="num">Cases</th>
                <th class="num">Share</th>
              </tr>
            </thead>
            <tbody>
              {result.outcomes.slice(0, SHOWN_OUTCOMES).map((outcome) => (
                <tr key={outcome.activity}>
                  <td>{outcome.activity}</td>
                  <td class="num">{count(outcome.cases)}</td>
                  <td class="num">{percent(outcome.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.outcomes.length > SHOWN_OUTCOMES && (
            <p class="muted small">and {result.outcomes.length - SHOWN_OUTCOMES} other last steps</p>
          )}
        </>
      )}

      <h4>Most common paths</h4>
      <table class="data discovered">
        <thead>
          <tr>
            <th>Path</th>
            <th>Cases</th>
            <th>Share</th>
          </tr>
        </thead>
        <tbody>
          {result.top_variants.slice(0, SHOWN_PATHS).map((variant) => (
            <tr key={variant.activities.join("\u0000")}>
              <td>{variant.activities.join(" → ")}</td>
              <td class="num">{count(variant.cases)}</td>
              <td class="num">{percent(variant.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The funnel of the main path, one block a step (the panel is narrow): the cases reaching it with a bar of their
 * share of the first step, those lost since the step before, those whose journey ends there, the median wait
 * from the step before, and the map's element of the same name. */
function Funnel({ result, elements }: { result: DiscoveredResult; elements: ReadonlyArray<{ id: string; label: string }> }) {
  return (
    <>
      <h4>Funnel and drop-off</h4>
      <ol class="funnel">
        {result.funnel.map((step, i) => {
          const mapped = onTheMap(step.activity, elements);
          const previous = i === 0 ? null : result.funnel[i - 1].cases;
          return (
            <li key={step.activity}>
              <div class="funnel-head">
                <span class="funnel-name">{step.activity}</span>
                <span class="funnel-cases">{count(step.cases)}</span>
                <span class="funnel-share muted">{percent(step.share, 0)}</span>
              </div>
              <progress max={1} value={step.share} aria-label={`${step.activity}: ${percent(step.share)} of the first step`} />
              <div class="muted small">
                {previous !== null && (
                  <>
                    lost <span class="funnel-lost">{dropOff(step.drop_off, previous)}</span>
                    {" · "}waited {duration(step.median_seconds_from_previous)}
                    {" · "}
                  </>
                )}
                ended here <span class="funnel-ended">{count(step.stopped_here)}</span>
                {" · "}
                <span class={`on-map${mapped ? "" : " absent"}`}>{mapped ? `on the map: ${mapped}` : "not on the map"}</span>
              </div>
            </li>
          );
        })}
      </ol>
      <p class="muted small">
        Cases reaching each step of the main path; the bar is their share of the first step. Lost: cases reaching the step
        before but not this one. Waited: median time from the step before.
      </p>
    </>
  );
}
