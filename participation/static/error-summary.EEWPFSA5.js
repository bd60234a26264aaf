import{b as c}from"./chunk.A2RFO2BT.js";import{a as l,g as a}from"./chunk.RPCZDWPX.js";var n=class extends c{constructor(e,t={}){super(e,t),this.config.disableAutoFocus||l(this.$root),this.$root.addEventListener("click",o=>this.handleClick(o))}handleClick(e){let t=e.target;t&&this.focusTarget(t)&&e.preventDefault()}focusTarget(e){if(!(e instanceof HTMLAnchorElement))return!1;let t=e.hash.replace("#","");if(!t)return!1;let o=document.getElementById(t);if(!o)return!1;let r=this.getAssociatedLegendOrLabel(o);return r?(r.scrollIntoView(),o.focus({preventScroll:!0}),!0):!1}getAssociatedLegendOrLabel(e){var t;let o=e.closest("fieldset");if(o){let r=o.getElementsByTagName("legend");if(r.length){let s=r[0];if(e instanceof HTMLInputElement&&(e.type==="checkbox"||e.type==="radio"))return s;let u=s.getBoundingClientRect().top,i=e.getBoundingClientRect();if(i.height&&window.innerHeight&&i.top+i.height-u<window.innerHeight/2)return s}}return(t=document.querySelector(`label[for='${e.getAttribute("id")}']`))!=null?t:e.closest("label")}};n.moduleName="govuk-error-summary";n.defaults=Object.freeze({disableAutoFocus:!1});n.schema=Object.freeze({properties:{disableAutoFocus:{type:"boolean"}}});a(n);
/*! Bundled license information:

govuk-frontend/dist/govuk/components/error-summary/error-summary.mjs:
  (**
   * Error summary component
   *
   * Takes focus on initialisation for accessible announcement, unless disabled in
   * configuration.
   *
   * @preserve
   * @augments ConfigurableComponent<ErrorSummaryConfig>
   *)
*/
