// Pages showing an error summary only: move focus to it, and from its links to the fields.
import { ErrorSummary } from 'govuk-frontend/dist/govuk/components/error-summary/error-summary.mjs'

import { start } from './start.mjs'

start(ErrorSummary)
