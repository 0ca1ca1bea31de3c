import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

const backend = process.env.JOURNEYMAP_BACKEND ?? "http://127.0.0.1:8765";

export default defineConfig({
  base: "/",
  plugins: [preact()],
  build: {
    outDir: "../src/journeymap/web/static",
    emptyOutDir: true,
    assetsDir: "assets",
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs into the CSS or JS: the CSP allows them for images only.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: "es2022",
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: backend, changeOrigin: false, ws: true },
    },
  },
});
