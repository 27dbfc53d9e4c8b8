/*
 * The checker's engine off the page's main thread, for long drafts: typing
 * into a draft of many thousand characters never blocks the page while the
 * engine reads it. The page sends {scripts, ruleset} once, then
 * {request, text, options}; the answer is {request, findings}.
 */
"use strict";
let engine = null;
self.onmessage = ({ data }) => {
  if (data.scripts) {
    importScripts(...data.scripts); // re2js and connecting-engine.js, the site's own files
    engine = self.ConnectingEngine.create(data.ruleset);
    return;
  }
  self.postMessage({ request: data.request, findings: engine.evaluate(data.text, data.options) });
};
