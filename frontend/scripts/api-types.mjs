// The API's TypeScript types, generated from the studio's OpenAPI document.
//
//   node scripts/api-types.mjs            (npm run gen:api)   export openapi.json from the Python app, then
//                                                             generate src/generated/api.ts from it
//   node scripts/api-types.mjs --types    (npm run gen:types) only generate src/generated/api.ts from openapi.json
//                                                             (no Python needed: the build runs this)
//   node scripts/api-types.mjs --check    (npm run check:api) generate both into a temporary folder and fail when
//                                                             the committed files differ
//
// The Python side runs as $PYTHON (default python3), with journeymap installed with its studio extra.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const frontend = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(frontend, "..");
const OPENAPI = join(frontend, "openapi.json");
const TYPES = join(frontend, "src", "generated", "api.ts");
const bin = join(frontend, "node_modules", ".bin", process.platform === "win32" ? "openapi-typescript.cmd" : "openapi-typescript");

function run(command, args) {
  try {
    execFileSync(command, args, { cwd: frontend, stdio: ["ignore", "ignore", "inherit"] });
  } catch (error) {
    console.error(`api-types: ${[command, ...args].join(" ")} failed (${error.message.split("\n")[0]})`);
    process.exit(2);
  }
}

function exportOpenapi(out) {
  run(process.env.PYTHON || "python3", [join(root, "tools", "export_openapi.py"), "--out", out]);
}

function generateTypes(openapi, out) {
  if (!existsSync(bin)) {
    console.error("api-types: openapi-typescript is not installed; run npm ci in frontend/");
    process.exit(2);
  }
  run(bin, [openapi, "--output", out]);
}

/** The first line where two texts differ (1-based), or 0 when they are equal. */
function firstDifference(a, b) {
  if (a === b) return 0;
  const left = a.split("\n");
  const right = b.split("\n");
  for (let i = 0; i < Math.max(left.length, right.length); i++) if (left[i] !== right[i]) return i + 1;
  return 0;
}

function check() {
  const temp = mkdtempSync(join(tmpdir(), "journeymap-api-types-"));
  try {
    const openapi = join(temp, "openapi.json");
    const types = join(temp, "api.ts");
    exportOpenapi(openapi);
    generateTypes(openapi, types);
    const stale = [];
    for (const [fresh, committed] of [
      [openapi, OPENAPI],
      [types, TYPES],
    ]) {
      const old = existsSync(committed) ? readFileSync(committed, "utf8") : "";
      const line = firstDifference(readFileSync(fresh, "utf8"), old);
      if (line) stale.push(`  ${relative(root, committed)}: differs from line ${line}`);
    }
    if (stale.length) {
      console.error("The API types are stale: the studio's API changed since they were generated.");
      console.error(stale.join("\n"));
      console.error("Run `npm run gen:api` in frontend/ and commit frontend/openapi.json and frontend/src/generated/api.ts.");
      process.exit(1);
    }
    console.log("API types are up to date with the studio's OpenAPI document.");
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

const mode = process.argv[2];
if (mode === "--check") check();
else if (mode === "--types") generateTypes(OPENAPI, TYPES);
else if (mode === undefined) {
  exportOpenapi(OPENAPI);
  generateTypes(OPENAPI, TYPES);
} else {
  console.error(`api-types: unknown option ${mode} (use --types or --check, or nothing)`);
  process.exit(2);
}
