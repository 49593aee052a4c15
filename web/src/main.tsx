import "./app/styles";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { initI18n } from "./shared/i18n";

const container = document.getElementById("root");
if (!container) throw new Error("#root is missing from index.html");

// Translations are ready before the first paint, so no screen flashes in the wrong language.
void initI18n().then(() => {
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
