import { useEffect, useMemo, useState } from "preact/hooks";
import { api, onUnauthorized, type DemoAccount, type User } from "./api";
import type { ShareVisit, SignupMode, Transport } from "./api";
import { InvitePage } from "./pages/Invite";
import { SharedMapPage, ShareUnavailable } from "./pages/SharedMap";
import { ConfirmHost, ErrorNote, Spinner, ToastHost, notifyError } from "./components/ui";
import { ShortcutsHost } from "./components/Shortcuts";
import { LoginPage } from "./pages/Login";
import { WorkspacesPage } from "./pages/Workspaces";
import { WorkspacePage } from "./pages/Workspace";
import { MethodPage } from "./pages/Method";
import { PortfolioPage } from "./pages/Portfolio";
import { OpportunitiesPage } from "./pages/Opportunities";
import { MapPage } from "./pages/MapPage";
import { NotFound } from "./pages/NotFound";
import { AccountPage } from "./pages/Account";
import { AdminPage } from "./pages/Admin";
import { ResetPage } from "./pages/Reset";
import { TrashPage } from "./pages/Trash";
import { clearInbox } from "./components/Inbox";
import { match, navigate, useLocation } from "./router";
import { AuthContext, type Auth } from "./session";

export function App() {
  const location = useLocation();
  const [user, setUser] = useState<User | null>(null);
  const [demo, setDemo] = useState<DemoAccount | null>(null);
  const [signup, setSignup] = useState<SignupMode>("open");
  const [transport, setTransport] = useState<Transport | null>(null);
  const [share, setShare] = useState<ShareVisit | null>(null);
  const [ready, setReady] = useState(false);
  const [bootError, setBootError] = useState<unknown>(null);

  useEffect(() => {
    api.me().then(
      (me) => {
        setUser(me.user);
        setDemo(me.demo);
        setSignup(me.signup ?? "open");
        setTransport(me.transport ?? null);
        setShare(me.share ?? null);
        setReady(true);
      },
      (error: unknown) => {
        setBootError(error);
        setReady(true);
      },
    );
    return onUnauthorized(() => {
      setUser(null);
      // A share-link visitor or an invited person has no session to lose: they stay where they are.
      if (window.location.pathname !== "/login" && !/^\/(s|invite)\//.test(window.location.pathname)) {
        const next = window.location.pathname + window.location.search;
        navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
      }
    });
  }, []);

  const auth = useMemo<Auth>(
    () => ({
      user,
      demo,
      signup,
      transport,
      share,
      setUser,
      signOut: async () => {
        try {
          await api.logout();
        } catch (error) {
          notifyError(error);
        }
        setUser(null);
        clearInbox();
        navigate("/login");
      },
    }),
    [user, demo, signup, transport, share],
  );

  const route = match(location.path);

  useEffect(() => {
    if (!ready || bootError) return;
    if (!user && route.name !== "login" && route.name !== "invite" && route.name !== "share" && route.name !== "reset") {
      const next = location.path + (location.query.toString() ? `?${location.query}` : "");
      navigate(`/login${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`, { replace: true });
    }
  // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when sign-in or the route changes; the path of that moment is read, not watched
  }, [ready, user, route.name]);

  let page;
  if (!ready) page = <Spinner label="Starting the studio…" />;
  else if (bootError)
    page = (
      <div class="page-narrow">
        <h1>The studio cannot be reached</h1>
        <ErrorNote error={bootError} />
        <button type="button" class="primary" onClick={() => window.location.reload()}>
          Try again
        </button>
      </div>
    );
  else if (route.name === "login") page = <LoginPage next={location.query.get("next")} />;
  else if (route.name === "reset") page = <ResetPage key={route.token} token={route.token} />;
  else if (route.name === "invite") page = <InvitePage key={route.token} token={route.token} />;
  else if (route.name === "share")
    page = share ? <SharedMapPage key={share.link_id} share={share} user={user} /> : <ShareUnavailable />;
  else if (!user) page = <Spinner />;
  else if (route.name === "workspaces") page = <WorkspacesPage />;
  else if (route.name === "workspace") page = <WorkspacePage key={route.wid} wid={route.wid} />;
  else if (route.name === "method") page = <MethodPage key={route.wid} wid={route.wid} />;
  else if (route.name === "portfolio") page = <PortfolioPage key={route.wid} wid={route.wid} />;
  else if (route.name === "opportunities") page = <OpportunitiesPage key={route.wid} wid={route.wid} />;
  else if (route.name === "map") page = <MapPage key={route.mid} mid={route.mid} user={user} />;
  else if (route.name === "account") page = <AccountPage />;
  else if (route.name === "admin") page = <AdminPage />;
  else if (route.name === "trash") page = <TrashPage />;
  else page = <NotFound path={route.path} />;

  return (
    <AuthContext.Provider value={auth}>
      {page}
      <ShortcutsHost />
      <ConfirmHost />
      <ToastHost />
    </AuthContext.Provider>
  );
}
