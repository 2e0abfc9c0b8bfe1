import { useEffect, type ReactElement } from "react";
import { render } from "@testing-library/react";
import { MemoryRouter, useLocation } from "react-router";
import type { RequestHandler } from "msw";
import { Providers, makeQueryClient } from "../App";
import { AppRoutes } from "../routes";
import { DEFAULT_CONFIG, type AppConfig } from "../config";
import { sessions, type Session } from "../auth/session";
import i18n from "../i18n";
import { server } from "./server";

export let currentLocation = "";
function LocationProbe() {
  const location = useLocation();
  const path = location.pathname + location.search;
  useEffect(() => {
    currentLocation = path;
  }, [path]);
  return null;
}

/** The whole app at `path` (without /app), signed in as `session`, the network answered by msw. */
export async function renderApp(
  path: string,
  {
    session,
    config = DEFAULT_CONFIG,
    locale = "en",
    handlers = [],
  }: {
    session?: Session | null;
    config?: AppConfig;
    locale?: "en" | "nl";
    handlers?: RequestHandler[];
  } = {},
) {
  await i18n.changeLanguage(locale);
  sessions.set(session ?? null);
  if (handlers.length) server.use(...handlers);
  const queryClient = makeQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  const utils = render(
    <Providers config={config} queryClient={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
        <LocationProbe />
      </MemoryRouter>
    </Providers>,
  );
  return { ...utils, queryClient };
}

export function renderPlain(ui: ReactElement) {
  return render(ui);
}
