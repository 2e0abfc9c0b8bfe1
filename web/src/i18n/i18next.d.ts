import "i18next";
import type en from "./en.json";
import type program from "./program/en.json";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof en; program: typeof program };
    returnNull: false;
  }
}
