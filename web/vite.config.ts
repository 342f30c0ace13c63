import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

/** Web workbench build: web/ → web/dist, served by the API server at / (SPA fallback). */
// The API the dev server and `vite preview` proxy to (default: the server's own port).
const api = process.env.HUYING_API ?? "http://127.0.0.1:12345";

export default defineConfig({
  root: "web",
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks: {
          react: ["react", "react-dom", "react-router-dom", "@tanstack/react-query"],
          antd: ["antd", "@ant-design/icons", "dayjs"],
          echarts: ["echarts/core", "echarts/charts", "echarts/components", "echarts/renderers"],
        },
      },
    },
  },
  server: {
    proxy: { "/api": api, "/healthz": api },
  },
  preview: {
    proxy: { "/api": api, "/healthz": api },
  },
});
