// Build the front-end assets into participation/static/govuk (not committed: made at set-up).
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = dirname(fileURLToPath(import.meta.url))
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const out = join(root, 'participation', 'static', 'govuk')

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })

// app.css for the respondent pages, workspace.css for the inspectors' workspace.
for (const name of ['app', 'workspace']) {
  const css = sass.compile(join(root, 'assets', 'scss', `${name}.scss`), {
    loadPaths: [join(root, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import']
  })
  writeFileSync(join(out, `${name}.css`), css.css)
}

cpSync(join(govuk, 'govuk-frontend.min.js'), join(out, 'govuk-frontend.min.js'))
cpSync(join(root, 'assets', 'js', 'app.mjs'), join(out, 'app.js'))
// Images only: this build loads no web font.
cpSync(join(govuk, 'assets', 'images'), join(out, 'assets', 'images'), { recursive: true })
console.log(`assets built in ${out}`)
