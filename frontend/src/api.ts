// A typed client of the studio's JSON API (docs/studio.md). Every call is same-origin with cookies; unsafe methods
// carry the CSRF token read from the `jm_csrf` cookie; every error becomes an `ApiError` with the one error shape.
// The answers' types come from the server's OpenAPI document (src/generated/api.ts, made by `npm run gen:api`):
// here they are only named, and narrowed where the server's `str` is one of a few values (a role).

import type { components } from "./generated/api";

type Schemas = components["schemas"];
/** `T` with the fields of `R` in place of its own (a narrower type for what the server declares as a string). */
type Refine<T, R> = Omit<T, keyof R> & R;

/** "error", "warning" or "info", or a severity a newer server knows (`string & {}` keeps the three suggested). */
export type Severity = "error" | "warning" | "info" | (string & {});

/** A person with an account (`is_admin`: the instance admin, who manages accounts, not content). */
export type User = Schemas["UserPublic"];
export type DemoAccount = Schemas["DemoAccount"];

/** Who is here: `signup` "open" (anyone may create an account) or "invite"; `share` is set when the page was
 * opened through a share link (the `jm_share` cookie), and `user` may then be null. */
export type Me = Refine<Schemas["MePublic"], { share: ShareVisit | null }>;

// --- teams: roles, members, invitations, share links (docs/studio.md, "Teams") ---------------------------------

/** The caller's role in a workspace (and on its maps). */
export type Role = "owner" | "editor" | "commenter" | "viewer";
export const ROLES: ReadonlyArray<{ id: Role; label: string; hint: string }> = [
  { id: "viewer", label: "Viewer", hint: "sees the maps, their history and evidence" },
  { id: "commenter", label: "Commenter", hint: "a viewer who comments and resolves threads" },
  { id: "editor", label: "Editor", hint: "edits maps, personas and evidence, shares maps" },
  { id: "owner", label: "Owner", hint: "an editor who manages the members" },
];
export function roleLabel(role: string | null | undefined): string {
  return ROLES.find((r) => r.id === role)?.label ?? (role || "");
}
/** Roles that may edit maps (the `map:edit` action). */
export function canEdit(role: string | null | undefined): boolean {
  return role === "editor" || role === "owner";
}
/** Roles that may write comments (the `comment:create` action). */
export function canComment(role: string | null | undefined): boolean {
  return role === "commenter" || canEdit(role);
}

export type SignupMode = "open" | "invite";
export type ShareRole = "viewer" | "commenter";

export type ShareVisit = Refine<Schemas["ShareGrantPublic"], { role: ShareRole }>;

/** `cookies_ok` is false when this browser cannot keep the studio's cookies here (plain HTTP on a host other than
 * localhost). */
export type Transport = Schemas["TransportPublic"];

/** A person as the API names one: a name, or `{id, name}` (the contract leaves `invited_by` open). */
export type PersonRef = string | { id?: number | null; name?: string | null; email?: string | null } | null;
export function personName(person: PersonRef | undefined): string {
  if (!person) return "";
  if (typeof person === "string") return person;
  return person.name || person.email || "";
}

/** A member of a workspace (`disabled`: the admin disabled the account, which cannot sign in). */
export type Member = Refine<Schemas["MemberPublic"], { role: Role }>;
export type Invitation = Refine<Schemas["InvitationPublic"], { role: Role }>;
/** `invite_url`: the one-time link for an unknown address (shown once). */
export type AddMemberResult = Refine<
  Schemas["MemberAddedPublic"],
  { member: Member | null; invitation: Invitation | null }
>;
export type InvitationInfo = Refine<Schemas["InvitationOfferPublic"], { role: Role | null }>;
export type ShareLink = Refine<Schemas["ShareLinkPublic"], { role: ShareRole }>;
export type NewShareLink = Refine<Schemas["ShareLinkCreatedPublic"], { role: ShareRole }>;

/** A problem of a map or a lint finding, in the one JSON form of a problem (as `journeymap lint --format json`
 * writes it): `where` is a file position or an element path, `path` the element path when `where` is a file
 * position, `rule` the lint rule that found it (empty for a problem); `element` is the id of the element it is about
 * (when known). Only `code` and `message` are sure: an error's `problems` and FastAPI's own validation answers
 * (see `errorFrom`) carry fewer fields than the server's `ProblemPublic`. */
export type Problem = Refine<
  Partial<Schemas["ProblemPublic"]>,
  Pick<Schemas["ProblemPublic"], "code" | "message"> & { severity?: Severity; hint?: string | null; where?: string | null }
>;

/** A workspace in a list; `role` is the caller's role in it. */
export type WorkspaceSummary = Refine<Schemas["WorkspaceSummaryPublic"], { role: Role | null }>;
export type MapSummary = Schemas["MapSummaryPublic"];

/** Any JSON value (map data, personas, settings are plain JSON documents). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A persona file as data: the server's `Persona` with the fields it fills by default left optional (a persona being
 * written may leave them out), and the fields of a newer file kept (the editor saves what it does not show). */
export type Persona = Partial<Schemas["Persona"]> &
  Pick<Schemas["Persona"], "id" | "name"> & { [key: string]: Json | undefined };

/** One of the 5Cs rated: 1 (not at all) to 5 (very much), and why. */
export type Criterion = Schemas["Criterion"];
export type FiveCs = Schemas["FiveCs"];
export type CriterionName = keyof FiveCs;
/** The five criteria in the order the studio asks them (the server's `FiveCs` names them; the check below fails to
 * compile when one is missing or unknown). */
export const CRITERIA = ["changeable", "challenged", "complex", "climactic", "costly"] as const satisfies readonly CriterionName[];
type _AllCriteria = CriterionName extends (typeof CRITERIA)[number] ? true : never;
const _allCriteria: _AllCriteria = true;
void _allCriteria;

/** The workspace file as JSON (`journeymap.yaml`, the server's `Workspace`): name, description, settings, the 5Cs
 * diagnostic, evidence…; every field optional as the file is read back as plain JSON, and unknown ones kept. */
export type WorkspaceSettings = Partial<Schemas["Workspace"]> & { [key: string]: unknown };

/** A workspace with its personas and maps; `role` is the caller's role in it. */
export type Workspace = Refine<
  Schemas["WorkspacePublic"],
  { settings: WorkspaceSettings | null; personas: Persona[]; role: Role | null }
>;

/** A map with its data, problems and lint findings; `role` is the caller's role on it (its workspace's role; a
 * share link's for a visitor). */
export type MapDoc = Refine<Schemas["MapPublic"], { data: JsonObject; problems: Problem[]; lint: Problem[]; role: Role | null }>;

/** A comment (`author.guest`: a share-link visitor, under the name they gave). */
export type Comment = Schemas["CommentPublic"];
export type Version = Schemas["VersionPublic"];
export type VersionWithData = Refine<Schemas["VersionDataPublic"], { data: JsonObject }>;

export type Diff = Schemas["DiffPublic"];

export type EvidenceKind = "survey" | "events";

/** An uploaded evidence file: `preview` holds its first rows, each a list of cell texts in the order of `columns`. */
export type EvidenceUpload = Refine<Schemas["EvidenceUploadPublic"], { suggested_mapping: JsonObject }>;

export type Measured = Schemas["MeasuredPublic"];

/** An event log applied: the journey discovered in it. */
export type Discovered = Schemas["EventsAppliedPublic"];

/** What applying an upload answers: a survey's measured values (and the map), or an event log's journey. */
export type EvidenceResult = Schemas["SurveyAppliedPublic"] | Discovered;

// Map types and export formats (with their options) come from the server's registries: see catalog.ts.
export { mapTypeLabel } from "./catalog";

/** A format's name, as GET /api/catalog lists them. */
export type ExportFormat = string;

/** The format's options (GET /api/catalog: paper, tile, dpi, blank, a plugin's) and whether to download. */
export type ExportOptions = Record<string, string | number | boolean | undefined>;

// --- errors --------------------------------------------------------------------------------------------------

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly hint: string | null;
  readonly problems: Problem[];

  constructor(status: number, code: string, message: string, hint: string | null = null, problems: Problem[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.hint = hint;
    this.problems = problems;
  }
}

/** A readable one-liner for any error (an ApiError's message and hint, or a network failure). */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.hint ? `${error.message} — ${error.hint}` : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

// --- transport -----------------------------------------------------------------------------------------------

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const CSRF_COOKIE = "jm_csrf";

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

type Listener = (error: ApiError) => void;
const unauthorizedListeners = new Set<Listener>();

/** Called whenever a request answers 401 (the session ended): the app sends the user to the sign-in page. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (error && typeof error === "object") {
    return new ApiError(
      typeof error.status === "number" ? error.status : response.status,
      typeof error.code === "string" ? error.code : "invalid",
      typeof error.message === "string" ? error.message : response.statusText,
      typeof error.hint === "string" ? error.hint : null,
      Array.isArray(error.problems) ? (error.problems as Problem[]) : [],
    );
  }
  // FastAPI's own validation answers ({detail: [...]}) or a proxy's page, turned into the one shape.
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (Array.isArray(detail)) {
    const problems: Problem[] = detail.map((d: { loc?: unknown[]; msg?: string }) => ({
      code: "invalid",
      where: Array.isArray(d.loc) ? d.loc.join(".") : null,
      message: d.msg ?? "invalid value",
      severity: "error",
    }));
    return new ApiError(response.status, "invalid", problems[0]?.message ?? "invalid request", null, problems);
  }
  const text = typeof detail === "string" ? detail : `${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, response.status === 404 ? "not_found" : "invalid", text);
}

export interface RequestOptions {
  body?: unknown;
  form?: FormData;
  signal?: AbortSignal;
  /** More request headers (e.g. `if-match`: the version a change was made on). */
  headers?: Record<string, string>;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, accept: "application/json" };
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form;
  } else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  if (UNSAFE.has(method)) {
    let token = readCookie(CSRF_COOKIE);
    if (!token) {
      // GET /api/auth/me sets the cookie when it is missing (first visit, or a cleared cookie).
      await fetch("/api/auth/me", { credentials: "same-origin", headers: { accept: "application/json" } });
      token = readCookie(CSRF_COOKIE);
    }
    if (token) headers["x-csrf-token"] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: "same-origin", signal: options.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "offline", "the studio cannot be reached", "check the connection and try again");
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401) for (const listener of unauthorizedListeners) listener(error);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) return (await response.json()) as T;
  return (await response.text()) as unknown as T;
}

const get = <T>(path: string, signal?: AbortSignal) => request<T>("GET", path, { signal });
const post = <T>(path: string, body?: unknown) => request<T>("POST", path, { body: body ?? {} });
const put = <T>(path: string, body: unknown) => request<T>("PUT", path, { body });
const patch = <T>(path: string, body: unknown) => request<T>("PATCH", path, { body });
const del = <T>(path: string) => request<T>("DELETE", path);

function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === false || value === "") continue;
    search.set(key, value === true ? "true" : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

// --- endpoints -----------------------------------------------------------------------------------------------

export const api = {
  me: () => get<Me>("/api/auth/me"),
  signup: async (email: string, name: string, password: string): Promise<{ user: User }> => {
    // An open sign-up answers alike whether or not the address had an account and signs no one in: sign in next.
    const answer = await post<Schemas["SignupPublic"]>("/api/auth/signup", {
      email,
      name,
      password,
    } satisfies Schemas["UserCreate"]);
    return answer.user ? { user: answer.user } : api.login(email, password);
  },
  login: (email: string, password: string) =>
    post<Schemas["SignedInPublic"]>("/api/auth/login", { email, password } satisfies Schemas["SessionCreate"]),
  logout: () => post<Schemas["Done"]>("/api/auth/logout"),

  workspaces: () => get<WorkspaceSummary[]>("/api/workspaces"),
  createWorkspace: (name: string) =>
    post<WorkspaceSummary>("/api/workspaces", { name } satisfies Schemas["WorkspaceCreate"]),
  workspace: (wid: number, signal?: AbortSignal) => get<Workspace>(`/api/workspaces/${wid}`, signal),
  savePersona: (wid: number, persona: Persona) =>
    put<Persona>(`/api/workspaces/${wid}/personas/${encodeURIComponent(persona.id)}`, persona),
  /** Save the workspace file; `version` (the workspace's `settings_version`): the version it was edited from, so
   * that a save made meanwhile by someone else is not undone (409). */
  saveSettings: (wid: number, settings: WorkspaceSettings, version?: string) =>
    request<WorkspaceSettings>("PUT", `/api/workspaces/${wid}/settings`, {
      body: settings,
      headers: version ? { "if-match": `"${version}"` } : undefined,
    }),
  workspaceExportUrl: (wid: number) => `/api/workspaces/${wid}/export`,
  createMap: (wid: number, type: string, title: string, template: boolean) =>
    post<MapSummary>(`/api/workspaces/${wid}/maps`, { type, title, template } satisfies Schemas["MapCreate"]),

  /** The map; `checks: false` leaves out problems and lint (much faster on a big map). */
  map: (mid: number, signal?: AbortSignal, checks = true) =>
    get<MapDoc>(`/api/maps/${mid}${checks ? "" : "?checks=false"}`, signal),
  replaceMap: (mid: number, data: JsonObject) => put<MapDoc>(`/api/maps/${mid}`, data),
  deleteMap: (mid: number) => del<Schemas["Done"]>(`/api/maps/${mid}`),
  derive: (mid: number, title?: string) =>
    post<MapSummary>(`/api/maps/${mid}/derive`, (title ? { title } : {}) satisfies Schemas["MapDeriveCreate"]),

  comments: (mid: number, signal?: AbortSignal) => get<Comment[]>(`/api/maps/${mid}/comments`, signal),
  addComment: (mid: number, anchor: string, body: string, parentId?: number) =>
    post<Comment>(`/api/maps/${mid}/comments`, {
      anchor,
      body,
      ...(parentId ? { parent_id: parentId } : {}),
    } satisfies Schemas["CommentCreate"]),
  updateComment: (cid: number, changes: { body?: string; resolved?: boolean }) =>
    patch<Comment>(`/api/comments/${cid}`, changes satisfies Schemas["CommentUpdate"]),
  deleteComment: (cid: number) => del<Schemas["Done"]>(`/api/comments/${cid}`),

  versions: (mid: number, signal?: AbortSignal) => get<Version[]>(`/api/maps/${mid}/versions`, signal),
  saveVersion: (mid: number, name: string) =>
    post<Version>(`/api/maps/${mid}/versions`, { name } satisfies Schemas["VersionCreate"]),
  version: (vid: number) => get<VersionWithData>(`/api/versions/${vid}`),
  diff: (mid: number, from: number | "current", to: number | "current" = "current") =>
    get<Diff>(`/api/maps/${mid}/diff${query({ from, to })}`),
  diffHtmlUrl: (mid: number, from: number | "current", to: number | "current" = "current") =>
    `/api/maps/${mid}/diff${query({ from, to, format: "html" })}`,
  restore: (vid: number) => post<MapDoc>(`/api/versions/${vid}/restore`),
  /** An SVG drawing of a version (read-only view). */
  versionSvgUrl: (vid: number) => `/api/versions/${vid}/export?format=svg`,

  uploadEvidence: (mid: number, file: File, kind: EvidenceKind) => {
    const form = new FormData();
    form.set("file", file);
    form.set("kind", kind);
    return request<EvidenceUpload>("POST", `/api/maps/${mid}/evidence`, { form });
  },
  applyEvidence: (eid: number, mapping: JsonObject) =>
    post<EvidenceResult>(`/api/evidence/${eid}/apply`, { mapping } satisfies Schemas["EvidenceApplicationCreate"]),
  /** An analysis the catalog says the studio draws (its `studio` is svg or html). */
  analysisUrl: (mid: number, name: string) => `/api/maps/${mid}/analysis/${name}`,

  exportUrl: (mid: number, format: ExportFormat, options: ExportOptions = {}) =>
    `/api/maps/${mid}/export${query({ format, ...options })}`,

  // --- teams: members, invitations, share links ---
  /** Sign up with an invitation's token (the invitation's email); answers the invitation's workspace. */
  signupInvited: (email: string, name: string, password: string, invite: string) =>
    post<Schemas["SignupPublic"]>("/api/auth/signup", {
      email,
      name,
      password,
      invite,
    } satisfies Schemas["UserCreate"]),
  invitation: (token: string, signal?: AbortSignal) =>
    get<InvitationInfo>(`/api/auth/invitations/${encodeURIComponent(token)}`, signal),
  members: (wid: number, signal?: AbortSignal) => get<Member[]>(`/api/workspaces/${wid}/members`, signal),
  addMember: (wid: number, email: string, role: Role) =>
    post<AddMemberResult>(`/api/workspaces/${wid}/members`, { email, role } satisfies Schemas["MemberCreate"]),
  setMemberRole: (wid: number, uid: number, role: Role) =>
    patch<Member>(`/api/workspaces/${wid}/members/${uid}`, { role } satisfies Schemas["MemberUpdate"]),
  removeMember: (wid: number, uid: number) => del<Schemas["Done"]>(`/api/workspaces/${wid}/members/${uid}`),
  invitations: (wid: number, signal?: AbortSignal) => get<Invitation[]>(`/api/workspaces/${wid}/invitations`, signal),
  revokeInvitation: (iid: number) => del<Schemas["Done"]>(`/api/invitations/${iid}`),
  shareLinks: (mid: number, signal?: AbortSignal) => get<ShareLink[]>(`/api/maps/${mid}/share-links`, signal),
  createShareLink: (mid: number, role: ShareRole, expiresInDays: number) =>
    post<NewShareLink>(`/api/maps/${mid}/share-links`, {
      role,
      expires_in_days: expiresInDays,
    } satisfies Schemas["ShareLinkCreate"]),
  revokeShareLink: (lid: number) => del<Schemas["Done"]>(`/api/share-links/${lid}`),
  /** A comment of a share-link visitor (commenter), under the name they gave. */
  addGuestComment: (mid: number, anchor: string, body: string, guestName: string, parentId?: number) =>
    post<Comment>(`/api/maps/${mid}/comments`, {
      anchor,
      body,
      guest_name: guestName,
      ...(parentId ? { parent_id: parentId } : {}),
    } satisfies Schemas["CommentCreate"]),
};
