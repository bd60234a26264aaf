// Start GOV.UK Frontend's components (Exit this page and its Shift-three-times shortcut,
// error summary focus, character counts). Served from our own host: no CDN.
import { initAll } from './govuk-frontend.min.js'

initAll()
