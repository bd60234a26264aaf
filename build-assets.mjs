// Build the front-end assets into participation/static/govuk (not committed: made at set-up).
//
// Every file gets a fingerprinted name (its content's hash), so it can be cached for a year and
// never asked for again; manifest.json maps each plain name (app.css) to the file to link
// (app.5D2X7KQA.css), and participation/assets.py reads it. Each file is also written
// pre-compressed (.br and .gz) for the server to send as the browser accepts.
import { createHash } from 'node:crypto'
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import * as esbuild from 'esbuild'
import * as sass from 'sass'

const root = dirname(fileURLToPath(import.meta.url))
const out = join(root, 'participation', 'static', 'govuk')
const manifest = {}

// Base32 of the content's SHA-256, the same alphabet and length as esbuild's own hashes.
function fingerprint (content) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const digest = createHash('sha256').update(content).digest()
  return Array.from(digest.subarray(0, 8), (byte) => alphabet[byte % 32]).join('')
}

function writeFingerprinted (name, content) {
  const extension = extname(name)
  const file = `${basename(name, extension)}.${fingerprint(content)}${extension}`
  writeFileSync(join(out, file), content)
  manifest[name] = file
}

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })

// Stylesheets: app.css on every respondent page, rtl.css only on right-to-left pages, and
// workspace.css (the whole of GOV.UK Frontend) for the inspectors' workspace.
for (const name of ['app', 'rtl', 'workspace']) {
  const css = sass.compile(join(root, 'assets', 'scss', `${name}.scss`), {
    loadPaths: [join(root, 'node_modules')],
    style: 'compressed',
    quietDeps: true
  })
  writeFingerprinted(`${name}.css`, css.css)
}

// Scripts: app.js on every page and one small entry for each component only some pages have.
// They share their common code through chunks, so no page downloads a component it does not show.
const entries = readdirSync(join(root, 'assets', 'js'))
  .filter((file) => file.endsWith('.mjs') && file !== 'start.mjs')
  .map((file) => join(root, 'assets', 'js', file))
const scripts = await esbuild.build({
  entryPoints: entries,
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: 'es2020',
  entryNames: '[name].[hash]',
  chunkNames: 'chunk.[hash]',
  metafile: true,
  logLevel: 'warning'
})
for (const [file, output] of Object.entries(scripts.metafile.outputs)) {
  const name = output.entryPoint ? `${basename(output.entryPoint, '.mjs')}.js` : basename(file)
  manifest[name] = basename(file)
}

// GOV.UK's images, which only workspace.css refers to (relative to itself, under assets/).
cpSync(join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk', 'assets', 'images'),
  join(out, 'assets', 'images'), { recursive: true })

// Our own small, neutral icon: a tab shows nothing that names the service or GOV.UK.
writeFingerprinted('favicon.svg', readFileSync(join(root, 'assets', 'images', 'favicon.svg')))

for (const file of Object.values(manifest)) {
  const content = readFileSync(join(out, file))
  writeFileSync(join(out, `${file}.br`), brotliCompressSync(content, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY }
  }))
  writeFileSync(join(out, `${file}.gz`), gzipSync(content, { level: 9 }))
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
console.log(`assets built in ${out}: ${Object.keys(manifest).join(', ')}`)
