// Start one GOV.UK Frontend component on every element that asks for it. GOV.UK Frontend's own
// createAll lives in a module that imports every component, which would put all of them in every
// page's download; this loop is the part of it the pages need.
export function start (Component) {
  for (const element of document.querySelectorAll(`[data-module="${Component.moduleName}"]`)) {
    try {
      // eslint-disable-next-line no-new
      new Component(element)
    } catch (error) {
      // An old browser (SupportError) or odd markup: the page still works as plain HTML.
      console.log(error)
    }
  }
}
