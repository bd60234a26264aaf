// Ages 5 to 7 only: a "Read it to me" button that reads the question and its answers aloud.
//
// It uses only a voice that lives on the device (localService), so no word of the page leaves the
// phone, and it is absent when there is no such voice for the page's language: the page is
// complete without it. Speech stops at once when the child uses "Exit this page" (its button or
// the Shift shortcut) or leaves the page.
const synth = window.speechSynthesis
const container = document.querySelector('[data-read-aloud]')

function stop () {
  if (synth) synth.cancel()
}

function localVoice (language) {
  const voices = synth.getVoices().filter((voice) => voice.localService)
  const wanted = language.toLowerCase()
  return voices.find((voice) => voice.lang.toLowerCase() === wanted) ||
    voices.find((voice) => voice.lang.toLowerCase().split('-')[0] === wanted.split('-')[0])
}

// The question, its hint and each answer's word, as a person would read them out.
function wordsOnThePage () {
  const form = container.closest('main').querySelector('form')
  const parts = []
  const heading = form.querySelector('h1')
  if (heading) parts.push(heading.textContent)
  const hint = form.querySelector('.govuk-hint')
  if (hint) parts.push(hint.textContent)
  form.querySelectorAll('.govuk-radios__label, .govuk-checkboxes__label').forEach((label) => {
    parts.push(label.textContent)
  })
  return parts.map((part) => part.trim()).filter(Boolean).join('. ')
}

function offerButton () {
  if (container.querySelector('button')) return
  const voice = localVoice(document.documentElement.lang)
  if (!voice) return
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'govuk-button govuk-button--secondary app-read-aloud__button'
  button.textContent = container.dataset.label
  button.addEventListener('click', () => {
    if (synth.speaking) {
      stop()
      return
    }
    const utterance = new window.SpeechSynthesisUtterance(wordsOnThePage())
    utterance.voice = voice
    utterance.lang = voice.lang
    synth.speak(utterance)
  })
  container.appendChild(button)
  container.hidden = false
}

if (container && synth && window.SpeechSynthesisUtterance) {
  offerButton()
  // Some browsers list their voices only after a moment.
  synth.addEventListener('voiceschanged', offerButton)
  window.addEventListener('pagehide', stop)
  document.addEventListener('visibilitychange', () => { if (document.hidden) stop() })
  document.addEventListener('click', (event) => {
    if (event.target.closest('.govuk-exit-this-page__button, .govuk-js-exit-this-page-button')) stop()
  }, true)
  // "Exit this page" also answers Shift pressed three times: stop at the first.
  document.addEventListener('keydown', (event) => { if (event.key === 'Shift') stop() }, true)
}
