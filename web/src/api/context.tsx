import { createContext, useContext, type ReactNode } from "react";
import type { AppConfig } from "../config";
import type { Api } from "./client";

interface AppServices {
  config: AppConfig;
  api: Api;
}

const Ctx = createContext<AppServices | null>(null);

export function ServicesProvider({ config, api, children }: AppServices & { children: ReactNode }) {
  return <Ctx.Provider value={{ config, api }}>{children}</Ctx.Provider>;
}

export function useServices(): AppServices {
  const value = useContext(Ctx);
  if (!value) throw new Error("useServices outside ServicesProvider");
  return value;
}

export function useApi(): Api {
  return useServices().api;
}
