/*
 * What the guide's page scripts (checker, quiz, gallery, coach's corner) share:
 * building elements as text only, the published ruleset fetched once, the
 * checker's link shape, this browser's storage, and set-up on every page
 * change. No dependencies; a browser global, ConnectingPage.
 */
(function (root) {
  "use strict";

  var rulesets = {};

  /* An element whose text is set as text: nothing given here is ever parsed as HTML. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /* The ruleset document (connecting/site/ruleset_json.py), fetched once per page load however many scripts ask. */
  function loadRuleset(url) {
    if (!rulesets[url]) {
      rulesets[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
      rulesets[url].catch(function () { delete rulesets[url]; }); // a later page change may try again
    }
    return rulesets[url];
  }

  /* A link that opens the checker with a draft: the twin of connecting.links.checker_link.
     The draft travels in the fragment, which browsers never send to a server. */
  function draftLink(checkerUrl, channel, stage, text) {
    var keys = [];
    if (channel) keys.push("channel=" + encodeURIComponent(channel));
    if (stage) keys.push("stage=" + encodeURIComponent(stage));
    keys.push("text=" + encodeURIComponent(text));
    return checkerUrl + "#" + keys.join("&");
  }

  /* A JSON value kept in this browser's localStorage, or null when there is none or it cannot be read. */
  function readStored(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (err) {
      return null;
    }
  }

  /* Keep a JSON value (null forgets it); false when the browser does not let the page keep anything. */
  function store(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (err) {
      return false;
    }
  }

  /* Run set-up on every page: with Material's instant navigation, scripts do
     not re-run on a page change, but its document$ signal fires each time. */
  function onEveryPage(setUp) {
    if (root.document$ && typeof root.document$.subscribe === "function") {
      root.document$.subscribe(setUp);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setUp);
    } else {
      setUp();
    }
  }

  root.ConnectingPage = {
    el: el, clear: clear, loadRuleset: loadRuleset, draftLink: draftLink,
    readStored: readStored, store: store, onEveryPage: onEveryPage,
  };
})(window);
