#!/usr/bin/env node
// Long-lived KaTeX renderer for the build (mianjing/katex.py): one JSON request per line on stdin,
// {"tex": "...", "args": ["--display-mode"]}, one JSON answer per line on stdout, {"html": "..."}
// or {"error": "..."}. Options are parsed by the pinned katex package's own CLI definition, so the
// HTML is byte for byte what `katex --input f ...` writes for the same arguments.
"use strict"
const path = require("path")
const readline = require("readline")

const katexDir = path.dirname(require.resolve("katex/package.json"))
const katex = require(katexDir)
const optionsFor = new Map()

// What katex/cli.js would pass to renderToString for these arguments. cli.js fills commander's
// global `program`, which keeps option values between parses: load both afresh for each new
// argument list (there are only a few).
function cliOptions(args) {
  const key = JSON.stringify(args)
  if (!optionsFor.has(key)) {
    const cli = path.join(katexDir, "cli.js")
    for (const loaded of Object.keys(require.cache)) {
      if (loaded === cli || loaded.includes(`${path.sep}commander${path.sep}`)) delete require.cache[loaded]
    }
    const program = require(cli)
    const opts = program.parse(["node", "katex", ...args]).opts()
    if (opts.macro && opts.macro.length || opts.macroFile) throw new Error("macros are not supported")
    optionsFor.set(key, opts)
  }
  return optionsFor.get(key)
}

const rl = readline.createInterface({ input: process.stdin, terminal: false })
rl.on("line", line => {
  let answer
  try {
    const { tex, args } = JSON.parse(line)
    const opts = { ...cliOptions(args || []) }
    opts.output = opts.format   // as cli.js does
    opts.macros = {}
    answer = { html: katex.renderToString(tex, opts) }
  } catch (err) {
    answer = { error: String(err && err.message || err) }
  }
  process.stdout.write(JSON.stringify(answer) + "\n")
})
