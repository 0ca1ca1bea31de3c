// The header of the list pages: brand, crumbs, the user menu.

import type { ComponentChildren } from "preact";
import { useAuth } from "../session";
import { openShortcuts } from "./Shortcuts";
import { Avatar, Icon } from "./ui";
import { userColour } from "../realtime";

export function Brand() {
  return (
    <a href="/" data-nav class="brand" aria-label="journeymap — workspaces">
      <img src="/favicon.svg" alt="" width={22} height={22} />
      <span>journeymap</span>
    </a>
  );
}

export function Header({ children }: { children?: ComponentChildren }) {
  const { user, signOut } = useAuth();
  return (
    <header class="app-header">
      <Brand />
      <nav class="crumbs" aria-label="Breadcrumbs">
        {children}
      </nav>
      <div class="spacer" />
      <button type="button" class="icon-button" title="Keyboard shortcuts (?)" onClick={openShortcuts}>
        <Icon name="keyboard" />
      </button>
      {user && (
        <div class="user-chip">
          <Avatar name={user.name} colour={userColour(user.id)} title={`${user.name} <${user.email}>`} small />
          <span class="user-name">{user.name}</span>
          <button type="button" class="icon-button" title="Sign out" onClick={() => void signOut()}>
            <Icon name="logout" />
          </button>
        </div>
      )}
    </header>
  );
}
