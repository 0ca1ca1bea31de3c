// After the build: the studio's CSP (script-src 'self'; style-src 'self') forbids inline scripts, inline style
// elements and style attributes. Fail the build when the built pages hold any of them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const out = new URL("../../src/journeymap/web/static/", import.meta.url).pathname;
const problems = [];
for (const name of readdirSync(out)) {
  if (!name.endsWith(".html")) continue;
  const html = readFileSync(join(out, name), "utf8");
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\bsrc=/i.test(match[1]) || match[2].trim()) problems.push(`${name}: inline <script>`);
  }
  if (/<style\b/i.test(html)) problems.push(`${name}: <style> element`);
  if (/\sstyle\s*=/i.test(html)) problems.push(`${name}: style attribute`);
  if (/\son[a-z]+\s*=/i.test(html)) problems.push(`${name}: inline event handler`);
  if (/(src|href)\s*=\s*["']?(data|javascript):/i.test(html)) problems.push(`${name}: data: or javascript: URL`);
}
if (problems.length) {
  console.error(`CSP check failed:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("CSP check: no inline script or style in the built pages");
