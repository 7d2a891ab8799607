import { defineConfig } from "vite";
import { resolve } from "node:path";

// Six pages, one bundle graph: the hall-server serves dist/ as its wwwroot and maps
// /terminal, /chair, /hall, /admin, /captions (and /{council}/…) to the html files and / to index.html.
// `npm run dev` proxies the server's endpoints to a hall-server on 127.0.0.1:5000.
const server = process.env.SESSION_HALL_URL ?? "http://127.0.0.1:5000";
const root = import.meta.dirname;

export default defineConfig({
  root,
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    rollupOptions: {
      input: {
        index: resolve(root, "index.html"),
        terminal: resolve(root, "terminal.html"),
        chair: resolve(root, "chair.html"),
        hall: resolve(root, "hall.html"),
        admin: resolve(root, "admin.html"),
        captions: resolve(root, "captions.html"),
      },
    },
  },
  server: {
    proxy: {
      "/hubs": { target: server, ws: true },
      "/api": server,
      "/opendata": server,
    },
  },
});
