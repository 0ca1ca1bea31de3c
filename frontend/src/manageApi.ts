// The JSON API of one's account, the admin page, the trash, the inbox, and renaming / duplicating / deleting
// workspaces and maps (docs/studio.md, "Teams: accounts, roles and sharing"). Same transport as api.ts.

import { canEdit, request, type Invitation, type MapSummary, type User, type WorkspaceSummary } from "./api";

export interface SessionInfo {
  id: number | string;
  created_at: string;
  last_seen_at: string | null;
  expires_at: string | null;
  ip: string | null;
  user_agent: string | null;
  current?: boolean;
}

export interface AdminSession extends SessionInfo {
  user: { id: number; email: string; name: string };
}

export interface AdminUser {
  id: number;
  email: string;
  name: string;
  is_admin: boolean;
  disabled: boolean;
  created_at: string;
  last_sign_in_at: string | null;
}

export interface OneTimeLink {
  url: string;
  expires_at: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { id: number; name: string; email: string } | null;
  /** Who it was when there is no account to name (the email typed at a failed sign-in, say). */
  actor_label?: string | null;
  action: string;
  target: string | null;
  detail: unknown;
  ip: string | null;
}

export interface TrashedWorkspace {
  id: number;
  name: string;
  deleted_at: string;
  purge_at: string;
}

export interface TrashedMap {
  id: number;
  title: string;
  workspace_id: number;
  workspace_name: string;
  deleted_at: string;
  purge_at: string;
}

export interface Trash {
  workspaces: TrashedWorkspace[];
  maps: TrashedMap[];
}

export interface InboxItem {
  id: number;
  kind: string;
  map_id: number;
  map_title: string;
  workspace_id: number;
  comment_id: number;
  anchor: string | null;
  actor: { id: number | null; name: string };
  excerpt: string;
  created_at: string;
  read: boolean;
}

export interface Inbox {
  unread: number;
  items: InboxItem[];
}

type Empty = Record<string, never>;
const get = <T>(path: string, signal?: AbortSignal) => request<T>("GET", path, { signal });
const post = <T>(path: string, body?: unknown) => request<T>("POST", path, { body: body ?? {} });
const patch = <T>(path: string, body: unknown) => request<T>("PATCH", path, { body });
const del = <T>(path: string) => request<T>("DELETE", path);

export const manageApi = {
  // one's account
  changePassword: (current: string, password: string) => post<Empty>("/api/auth/password", { current, password }),
  sessions: (signal?: AbortSignal) => get<SessionInfo[]>("/api/auth/sessions", signal),
  revokeSession: (sid: number | string) => del<Empty>(`/api/auth/sessions/${encodeURIComponent(String(sid))}`),
  resetInfo: (token: string, signal?: AbortSignal) =>
    get<{ email: string }>(`/api/auth/reset/${encodeURIComponent(token)}`, signal),
  reset: (token: string, password: string) => post<{ user: User }>("/api/auth/reset", { token, password }),

  // workspaces and maps: rename, duplicate, trash
  renameWorkspace: (wid: number, name: string) => patch<WorkspaceSummary>(`/api/workspaces/${wid}`, { name }),
  deleteWorkspace: (wid: number) => del<Empty>(`/api/workspaces/${wid}`),
  restoreWorkspace: (wid: number) => post<WorkspaceSummary>(`/api/workspaces/${wid}/restore`),
  duplicateWorkspace: (wid: number, name?: string) =>
    post<WorkspaceSummary>(`/api/workspaces/${wid}/duplicate`, name ? { name } : {}),
  renameMap: (mid: number, title: string) => patch<MapSummary>(`/api/maps/${mid}`, { title }),
  duplicateMap: (mid: number, title?: string) => post<MapSummary>(`/api/maps/${mid}/duplicate`, title ? { title } : {}),
  deleteMap: (mid: number) => del<Empty>(`/api/maps/${mid}`),
  restoreMap: (mid: number) => post<MapSummary>(`/api/maps/${mid}/restore`),
  trash: (signal?: AbortSignal) => get<Trash>("/api/trash", signal),

  // the inbox
  inbox: (signal?: AbortSignal) => get<Inbox>("/api/inbox", signal),
  markRead: (ids?: number[]) => post<{ unread: number }>("/api/inbox/read", ids ? { ids } : {}),

  // the instance admin
  users: (signal?: AbortSignal) => get<AdminUser[]>("/api/admin/users", signal),
  updateUser: (uid: number, changes: { disabled?: boolean; is_admin?: boolean }) =>
    patch<AdminUser>(`/api/admin/users/${uid}`, changes),
  resetLink: (uid: number) => post<OneTimeLink>(`/api/admin/users/${uid}/reset-link`),
  inviteToStudio: (email: string) =>
    post<{ invitation: Invitation | null; invite_url: string }>("/api/admin/invitations", { email }),
  allSessions: (signal?: AbortSignal) => get<AdminSession[]>("/api/admin/sessions", signal),
  revokeAnySession: (sid: number | string) => del<Empty>(`/api/admin/sessions/${encodeURIComponent(String(sid))}`),
  audit: (signal?: AbortSignal) => get<AuditEntry[]>("/api/admin/audit", signal),
};

/** What a role may do, for the controls this module's pages show (the server decides; docs/studio.md). */
export const can = {
  /** rename, delete and restore the workspace */
  adminWorkspace: (role: string | null | undefined) => role === "owner",
  duplicateWorkspace: canEdit,
  /** rename, duplicate, delete and restore maps */
  manageMaps: canEdit,
};
