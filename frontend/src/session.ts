// The signed-in user, shared by the pages.

import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { DemoAccount, ShareVisit, SignupMode, Transport, User } from "./api";

export interface Auth {
  user: User | null;
  demo: DemoAccount | null;
  setUser: (user: User | null) => void;
  signOut: () => Promise<void>;
  /** Sign-up without an invitation ("open") or with one only ("invite"). */
  signup?: SignupMode;
  /** Whether this browser can keep the studio's cookies here (and what to do when it cannot). */
  transport?: Transport | null;
  /** The map opened through a share link (the `jm_share` cookie), when there is one. */
  share?: ShareVisit | null;
}

export const AuthContext = createContext<Auth>({
  user: null,
  demo: null,
  setUser: () => undefined,
  signOut: () => Promise.resolve(),
});

export function useAuth(): Auth {
  return useContext(AuthContext);
}
