import { Suspense, useEffect, useRef } from "react";
import { NavLink, Link, Outlet, useLocation, useNavigate } from "react-router";
import { useTranslation } from "react-i18next";
import { Button, makeStyles, mergeClasses, shorthands, tokens } from "@fluentui/react-components";
import { NativeSelect } from "./NativeSelect";
import { useSession } from "../auth/useSession";
import { sessions } from "../auth/session";
import { useServices } from "../api/context";
import { useUnreadCount } from "../api/queries";
import { navFor } from "../nav";
import { LOCALES, setLocale, isLocale } from "../i18n";
import { Loading } from "./Loading";

const useStyles = makeStyles({
  header: {
    backgroundColor: "#1b1a19",
    color: "#ffffff",
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: "24px",
    rowGap: "8px",
    ...shorthands.padding("8px", "16px"),
  },
  brand: {
    color: "#ffffff",
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
    textDecorationLine: "none",
    whiteSpace: "nowrap",
    ":hover": { color: "#ffffff" },
    ":focus-visible": { outlineColor: "#ffffff", outlineStyle: "solid", outlineWidth: "2px", outlineOffset: "2px" },
  },
  nav: { flexGrow: 1, minWidth: 0 },
  navList: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexWrap: "wrap",
    columnGap: "4px",
    rowGap: "4px",
  },
  navLink: {
    display: "inline-flex",
    alignItems: "center",
    columnGap: "6px",
    color: "#ffffff",
    textDecorationLine: "none",
    ...shorthands.padding("6px", "10px"),
    borderRadius: tokens.borderRadiusMedium,
    minHeight: "24px",
    ":hover": { backgroundColor: "#3b3a39", color: "#ffffff" }, // over index.css's a:hover (unreadable on this header)
    ":focus-visible": { outlineColor: "#ffffff", outlineStyle: "solid", outlineWidth: "2px", outlineOffset: "0" },
  },
  active: { backgroundColor: "#3b3a39", fontWeight: tokens.fontWeightSemibold, boxShadow: "inset 0 -3px 0 #69afe5" },
  tools: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: "12px",
    rowGap: "8px",
    marginLeft: "auto",
  },
  localeLabel: { color: "#ffffff", fontSize: tokens.fontSizeBase200, ...shorthands.padding("0") },
  badge: {
    display: "inline-flex",
    alignItems: "center",
    justifyContent: "center",
    minWidth: "18px",
    height: "18px",
    ...shorthands.padding("0", "5px"),
    boxSizing: "border-box",
    borderRadius: "9px",
    backgroundColor: "#c50f1f",
    color: "#ffffff",
    fontSize: tokens.fontSizeBase100,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: "18px",
  },
  who: { fontSize: tokens.fontSizeBase200, color: "#ffffff", maxWidth: "100%", overflowWrap: "anywhere" },
  signOut: {
    color: "#ffffff",
    ...shorthands.borderColor("#ffffff"),
    backgroundColor: "transparent",
    ":hover": { color: "#1b1a19", backgroundColor: "#ffffff" },
  },
  main: {
    maxWidth: "1200px",
    marginLeft: "auto",
    marginRight: "auto",
    boxSizing: "border-box",
    ...shorthands.padding("16px", "16px", "48px"),
    "@media (max-width: 480px)": { ...shorthands.padding("12px", "8px", "32px") },
    ":focus": { outlineStyle: "none" },
  },
});

/** After a route change, focus moves to the new page's heading (one h1 per page), so screen reader and
 * keyboard users start at the top of what changed. Pages render the h1 with data-route (PageHeading). */
function useRouteFocus(pathname: string) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return undefined;
    }
    let tries = 0;
    let timer: ReturnType<typeof setTimeout>;
    const attempt = () => {
      const heading = document.querySelector<HTMLElement>(`main h1[data-route="${CSS.escape(pathname)}"]`);
      if (heading) {
        heading.focus();
        return;
      }
      tries += 1;
      if (tries < 60) timer = setTimeout(attempt, 50);
    };
    attempt();
    return () => clearTimeout(timer);
  }, [pathname]);
}

export function Layout() {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const { config } = useServices();
  const items = navFor(session?.role);
  const showsUnread = items.some((i) => i.badge === "unread");
  const unread = useUnreadCount(showsUnread);
  useRouteFocus(location.pathname);

  const signOut = async () => {
    sessions.set(null, "signed_out");
    if (config.auth.provider === "cognito") {
      const { cognitoSignOut } = await import("../auth/cognitoProvider");
      await cognitoSignOut(config.auth);
    }
    navigate("/sign-in", { replace: true });
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t("layout.skipToMain")}
      </a>
      <header className={styles.header}>
        <Link to="/" className={styles.brand}>
          {t("app.name")}
        </Link>
        {items.length > 0 && (
          <nav className={styles.nav} aria-label={t("layout.mainNav")}>
            <ul className={styles.navList}>
              {items.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    className={({ isActive }) => mergeClasses(styles.navLink, isActive && styles.active)}
                  >
                    {t(item.key)}
                    {item.badge === "unread" && (unread.data ?? 0) > 0 && (
                      <>
                        <span className={styles.badge} aria-hidden="true">
                          {(unread.data ?? 0) > 99 ? "99+" : unread.data}
                        </span>
                        <span className="visually-hidden">{t("nav.unreadCount", { count: unread.data })}</span>
                      </>
                    )}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className={styles.tools}>
          <NativeSelect
            id="locale-select"
            inline
            size="small"
            label={t("layout.language")}
            labelClassName={styles.localeLabel}
            value={i18n.language}
            onChange={(e) => {
              if (isLocale(e.target.value)) setLocale(e.target.value);
            }}
          >
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`locales.${l}`)}
              </option>
            ))}
          </NativeSelect>
          {session && (
            <>
              <span className={styles.who}>
                <span className="visually-hidden">{t("layout.signedInAs")} </span>
                {session.email} · {t(`roles.${session.role}`)}
                {session.partnerId ? ` · ${session.partnerId}` : ""}
              </span>
              <Button size="small" appearance="outline" className={styles.signOut} onClick={signOut}>
                {t("layout.signOut")}
              </Button>
            </>
          )}
        </div>
      </header>
      <main id="main" className={styles.main} tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
