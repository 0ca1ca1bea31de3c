// Vitest runs the front end's unit tests (src/**/*.test.ts) in Node: they test pure logic, no DOM and no Preact
// plugin needed. The shared vectors they read live in ../tests/vectors.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
