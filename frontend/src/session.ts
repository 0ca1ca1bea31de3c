// The signed-in user, shared by the pages.

import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { DemoAccount, User } from "./api";

export interface Auth {
  user: User | null;
  demo: DemoAccount | null;
  setUser: (user: User | null) => void;
  signOut: () => Promise<void>;
}

export const AuthContext = createContext<Auth>({
  user: null,
  demo: null,
  setUser: () => undefined,
  signOut: async () => undefined,
});

export function useAuth(): Auth {
  return useContext(AuthContext);
}
