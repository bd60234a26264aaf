// Questions with checkboxes only: ticking "I'd rather not say" clears the other answers.
import { Checkboxes } from 'govuk-frontend/dist/govuk/components/checkboxes/checkboxes.mjs'

import { start } from './start.mjs'

start(Checkboxes)
