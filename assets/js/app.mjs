// Every page: Exit this page and its Shift-three-times shortcut, the skip link, and buttons (the
// space key on link buttons, no double sends). Served from our own host: no CDN.
import { Button } from 'govuk-frontend/dist/govuk/components/button/button.mjs'
import { ExitThisPage } from 'govuk-frontend/dist/govuk/components/exit-this-page/exit-this-page.mjs'
import { SkipLink } from 'govuk-frontend/dist/govuk/components/skip-link/skip-link.mjs'

import { start } from './start.mjs'

start(Button)
start(ExitThisPage)
start(SkipLink)
