// Free-text questions only: count the characters left as a person types.
import { CharacterCount } from 'govuk-frontend/dist/govuk/components/character-count/character-count.mjs'

import { start } from './start.mjs'

start(CharacterCount)
