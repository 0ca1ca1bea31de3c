// What this studio offers, from GET /api/catalog (the server's registries): the output formats (a plugin's
// included), the map types and the analyses. Fetched once per page load and shared; the menus are built from it.

import { useEffect, useState } from "preact/hooks";
import type { components } from "./generated/api";

// The answer's types are generated from the OpenAPI document (src/generated/api.ts).
export type Catalog = components["schemas"]["Catalog"];
export type OutputFormat = components["schemas"]["FormatPublic"];
export type FormatOption = components["schemas"]["FormatOptionPublic"];
export type MapTypeInfo = components["schemas"]["MapTypePublic"];
export type AnalysisInfo = components["schemas"]["AnalysisPublic"];
// GET /api/maps/{mid}/analyses: the analyses the studio draws, each with whether this map can have it drawn now.
export type MapAnalyses = components["schemas"]["MapAnalysesPublic"];
export type AnalysisAvailability = components["schemas"]["AnalysisAvailabilityPublic"];

/** Where to ask which analyses a map can have drawn now (ask it before any drawing: no request that would 404). */
export const mapAnalysesUrl = (mapId: number) => `/api/maps/${mapId}/analyses`;

/** What a map lacks for an analysis, said as a sentence ("upload an event log, …" → "To draw it, upload an event
 * log, …."); an empty string when it lacks nothing. */
export function availabilityNote(analysis: AnalysisAvailability): string {
  if (analysis.available) return "";
  const hint = (analysis.hint ?? "").trim().replace(/\.+$/, "");
  return hint ? `To draw it, ${hint}.` : "It cannot be drawn for this map yet.";
}

let cached: Catalog | null = null;
let pending: Promise<Catalog> | null = null;

/** The catalog: fetched on the first call, then the same answer (a failed fetch is tried again next time). */
export function loadCatalog(): Promise<Catalog> {
  if (cached) return Promise.resolve(cached);
  if (!pending) {
    pending = fetch("/api/catalog", { credentials: "same-origin", headers: { accept: "application/json" } })
      .then(async (response) => {
        if (!response.ok) throw new Error(`the studio's catalog did not load (HTTP ${response.status})`);
        cached = (await response.json()) as Catalog;
        return cached;
      })
      .finally(() => {
        pending = null;
      });
  }
  return pending;
}

/** The catalog in a component: null until it has loaded; an error when it could not. */
export function useCatalog(): { catalog: Catalog | null; error: Error | null } {
  const [catalog, setCatalog] = useState<Catalog | null>(cached);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    if (catalog) return;
    let live = true;
    loadCatalog().then(
      (answer) => live && setCatalog(answer),
      (failure: unknown) => live && setError(failure instanceof Error ? failure : new Error(String(failure))),
    );
    return () => {
      live = false;
    };
  }, [catalog]);
  return { catalog, error };
}

/** A map type's label from the catalog; before it has loaded (or for a type it does not know), the type's name
 * said as words ("service-blueprint": "Service blueprint"). */
export function mapTypeLabel(type: string, catalog: Catalog | null = cached): string {
  const known = catalog?.map_types.find((t) => t.name === type)?.label;
  if (known) return known;
  const words = type.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
