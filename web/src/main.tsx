import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./index.css";
import { detectLocale, initI18n, loadCatalogue } from "./i18n";
import { loadConfig } from "./config";
import { App } from "./App";

const locale = detectLocale();
const i18n = initI18n(locale);
const root = createRoot(document.getElementById("root") as HTMLElement);

Promise.all([loadConfig(), loadCatalogue(locale)])
  .then(([config]) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  )
  .catch((error: unknown) => {
    // Before the app can run: plain words, both languages' catalogue through i18n.
    const main = document.createElement("main");
    const h1 = document.createElement("h1");
    h1.textContent = i18n.exists("boot.failed") ? i18n.t("boot.failed") : "Workshop Claims could not start";
    const p = document.createElement("p");
    p.textContent = `${i18n.exists("boot.detail") ? i18n.t("boot.detail") : ""} (${error instanceof Error ? error.message : String(error)})`;
    main.append(h1, p);
    document.getElementById("root")?.replaceChildren(main);
  });
