// After the build: Swagger UI for the studio's /api/docs, served from the package (no CDN): the bundle and style
// sheet of the swagger-ui-dist package (and its licence) beside public/api-docs/init.js, which starts it.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const from = new URL("../node_modules/swagger-ui-dist/", import.meta.url).pathname;
const out = new URL("../../src/journeymap/web/static/api-docs/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
for (const name of ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"]) {
  copyFileSync(join(from, name), join(out, name === "LICENSE" || name === "NOTICE" ? `${name}.txt` : name));
}
console.log("Swagger UI copied to web/static/api-docs");
