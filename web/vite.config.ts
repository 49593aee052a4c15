import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const server = "http://localhost:3000";

export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
  },
  // `vite preview` reuses this proxy.
  server: {
    proxy: {
      "/api": server,
      "/health": server,
      "/webhooks": server,
      // Voice media streams are WebSockets.
      "/voice": { target: server, ws: true },
    },
  },
});
