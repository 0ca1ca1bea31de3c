// The user chip of the header as a menu: one's account (password, sessions), the trash, the admin page for the
// instance admin, signing out.

import { useAuth } from "../session";
import { userColour } from "../realtime";
import { useMenu } from "./TopBar";
import { Avatar, Icon, type IconName } from "./ui";

export function UserMenu() {
  const { user, signOut } = useAuth();
  const [open, setOpen, ref] = useMenu();
  if (!user) return null;
  const items: Array<[string, IconName, string]> = [
    ["/account", "user", "Account and sessions"],
    ["/trash", "trash", "Trash"],
  ];
  if (user.is_admin) items.push(["/admin", "shield", "Studio admin"]);
  return (
    <div class="menu-anchor" ref={ref}>
      <button
        type="button"
        class="user-button"
        aria-haspopup="menu"
        aria-expanded={open}
        title={`${user.name} <${user.email}>`}
        onClick={() => setOpen(!open)}
        data-testid="user-menu"
      >
        <Avatar name={user.name} colour={userColour(user.id)} title={`${user.name} <${user.email}>`} small />
        <span class="user-name">{user.name}</span>
        <Icon name="chevron" size={12} />
      </button>
      {open && (
        <div class="menu action-menu user-menu" role="menu">
          <div class="user-menu-head">
            <strong>{user.name}</strong>
            <span class="muted small">{user.email}</span>
          </div>
          {items.map(([href, icon, label]) => (
            <a key={href} href={href} data-nav role="menuitem" class="menu-action" onClick={() => setOpen(false)}>
              <Icon name={icon} size={14} />
              {label}
            </a>
          ))}
          <button
            type="button"
            role="menuitem"
            class="menu-action"
            onClick={() => {
              setOpen(false);
              void signOut();
            }}
          >
            <Icon name="logout" size={14} />
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
