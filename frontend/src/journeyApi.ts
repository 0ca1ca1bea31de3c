// Journeys that link and the method (docs/studio.md): a map's parents, children and step sub-journeys, and each
// initiative's stages as the server computes them (analysis/method.py) — nothing is recomputed here.

import { request, type JsonObject } from "./api";
import type { components } from "./generated/api";

type Schemas = components["schemas"];

export type MapLinks = Schemas["MapLinksPublic"];
export type LinkedMap = Schemas["LinkedMapPublic"];
export type StepLink = Schemas["StepLinkPublic"];
export type Method = Schemas["MethodPublic"];
export type InitiativeMethod = Omit<Schemas["InitiativeMethodPublic"], "initiative"> & { initiative: JsonObject };
export type InitiativeReport = Schemas["InitiativeReportPublic"];
export type StageState = Schemas["StagePublic"]["state"];
export type InitiativeSaved = Schemas["InitiativeSaved"];

export const journeyApi = {
  links: (mid: number, signal?: AbortSignal) => request<MapLinks>("GET", `/api/maps/${mid}/links`, { signal }),
  method: (wid: number, signal?: AbortSignal) => request<Method>("GET", `/api/workspaces/${wid}/method`, { signal }),
  saveInitiative: (wid: number, initiative: JsonObject, version: string) =>
    request<InitiativeSaved>("PUT", `/api/workspaces/${wid}/initiatives/${encodeURIComponent(typeof initiative.id === "string" ? initiative.id : "")}`, {
      body: { version, initiative },
    }),
};
