import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { BrowserRouter } from "react-router";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { QueryClient, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { apiBaseUrl, type AppConfig } from "./config";
import { createApi } from "./api/client";
import { ServicesProvider } from "./api/context";
import { isApiError } from "./api/errors";
import { AppRoutes } from "./routes";
import { useSession } from "./auth/useSession";
import { useTranslation } from "react-i18next";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A refusal (4xx) will not change by asking again; a network hiccup or 5xx may.
        retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 5_000,
      },
      mutations: { retry: false },
    },
  });
}

/** Another user's data never shows: the cache is dropped when who is signed in changes. */
function CacheGuard() {
  const session = useSession();
  const queryClient = useQueryClient();
  const who = session ? `${session.email}|${session.role}|${session.partnerId ?? ""}` : "";
  const previous = useRef(who);
  useEffect(() => {
    if (previous.current !== who) {
      previous.current = who;
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== "local-users" });
    }
  }, [who, queryClient]);
  return null;
}

/** The API words notifications in the user's language: a language switch fetches them again. */
function LanguageRefresh() {
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  const previous = useRef(i18n.language);
  useEffect(() => {
    if (previous.current !== i18n.language) {
      previous.current = i18n.language;
      queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] !== "labels" && q.queryKey[0] !== "local-users",
      });
    }
  }, [i18n.language, queryClient]);
  return null;
}

export function Providers({
  config,
  queryClient,
  children,
}: {
  config: AppConfig;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  const api = useMemo(() => createApi(apiBaseUrl(config)), [config]);
  return (
    <FluentProvider theme={webLightTheme} style={{ backgroundColor: "transparent" }}>
      <QueryClientProvider client={queryClient}>
        <ServicesProvider config={config} api={api}>
          <CacheGuard />
          <LanguageRefresh />
          {children}
        </ServicesProvider>
      </QueryClientProvider>
    </FluentProvider>
  );
}

export function App({ config }: { config: AppConfig }) {
  const queryClient = useMemo(() => makeQueryClient(), []);
  return (
    <Providers config={config} queryClient={queryClient}>
      <BrowserRouter basename={import.meta.env.BASE_URL.replace(/\/$/, "")}>
        <AppRoutes />
      </BrowserRouter>
    </Providers>
  );
}
