// node purge-css.mjs IN.css OUT.css PAGE.html… — keep only the rules, custom properties,
// keyframes and font faces of IN.css that the given built pages can use (pinned `purgecss`).
// Used for JupyterLab's 600 KB theme stylesheet, of which notebook pages use a few percent.
import { readFileSync, writeFileSync } from "node:fs";
import { PurgeCSS } from "purgecss";

const [input, output, ...pages] = process.argv.slice(2);
if (!input || !output || pages.length === 0) {
  console.error("usage: node purge-css.mjs IN.css OUT.css PAGE.html…");
  process.exit(2);
}
const [result] = await new PurgeCSS().purge({
  content: pages,
  css: [{ raw: readFileSync(input, "utf8") }],
  variables: true,
  keyframes: true,
  fontFace: true,
});
writeFileSync(output, result.css);
