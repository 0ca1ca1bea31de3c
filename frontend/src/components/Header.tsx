// The header of the list pages: brand, crumbs, the user menu.

import type { ComponentChildren } from "preact";
import { useAuth } from "../session";
import { openShortcuts } from "./Shortcuts";
import { Icon } from "./ui";
import { InboxBell } from "./Inbox";
import { UserMenu } from "./UserMenu";

export function Brand() {
  return (
    <a href="/" data-nav class="brand" aria-label="journeymap — workspaces">
      <img src="/favicon.svg" alt="" width={22} height={22} />
      <span>journeymap</span>
    </a>
  );
}

/** The header of a page one step below the workspaces: "Workspaces / `current`". */
export function PageHeader({ current }: { current: ComponentChildren }) {
  return (
    <Header>
      <a href="/" data-nav class="crumb">
        Workspaces
      </a>
      <span class="crumb-sep">/</span>
      <span class="crumb current">{current}</span>
    </Header>
  );
}

/** A page one step below the workspaces with its title (`crumb`: a shorter one for the crumbs), then its content
 * (`medium`: in the narrower column). */
export function TitledPage({
  title,
  crumb = title,
  medium = false,
  children,
}: {
  title: string;
  crumb?: string;
  medium?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class="page">
      <PageHeader current={crumb} />
      <main class={medium ? "content content-medium" : "content"}>
        <div class="page-title">
          <h1>{title}</h1>
        </div>
        {children}
      </main>
    </div>
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
      {user && <InboxBell />}
      {user && (
        <div class="user-chip">
          <UserMenu />
          <button type="button" class="icon-button" title="Sign out" onClick={() => void signOut()}>
            <Icon name="logout" />
          </button>
        </div>
      )}
    </header>
  );
}
