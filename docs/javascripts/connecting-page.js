/*
 * What the guide's page scripts (checker, quiz, gallery, coach's corner) share:
 * building elements as text only, the published ruleset fetched once, starting
 * a widget that runs on it, the checker's link shape, this browser's storage,
 * and set-up on every page change. No dependencies; a browser global, ConnectingPage.
 */
(() => {
  "use strict";

  const rulesets = {};

  /* An element whose text is set as text: nothing given here is ever parsed as HTML. */
  function el(tag, className, text) {
    const node = document.createElement(tag);
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
      rulesets[url] = fetch(url, { credentials: "same-origin" }).then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      });
      rulesets[url].catch(() => { delete rulesets[url]; }); // a later page change may try again
    }
    return rulesets[url];
  }

  /* A script of the site's own, loaded once (re2js, which only the engine's pages need). */
  const scripts = {};
  function loadScript(url) {
    if (!scripts[url]) {
      scripts[url] = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`cannot load ${url}`));
        document.head.appendChild(script);
      });
      scripts[url].catch(() => { delete scripts[url]; });
    }
    return scripts[url];
  }

  /* What a widget that runs on the ruleset (the checker, the quiz) is given: its
     element, the ruleset document, an engine made from it, and the site's root. */
  class RulesetWidget {
    constructor(root, ruleset, engine) {
      this.root = root;
      this.doc = ruleset;
      this.engine = engine;
      this.siteRoot = new URL(root.getAttribute("data-root") || "./", window.location.href);
    }

    /* A site-relative URL (as the ruleset gives them), made absolute. */
    url(siteRelative) {
      return new URL(siteRelative, this.siteRoot).href;
    }
  }

  /*
   * Start a RulesetWidget (name "checker": the element [data-cc-checker], whose
   * data-ruleset names the document): fetch the ruleset, make an engine from it,
   * show the widget, hide the page's [data-cc-needs-js=checker] notice, then
   * new Widget(element, ruleset, engine).start(). When the ruleset or the engine
   * cannot be had, the widget is shown and failed(element) says so.
   * data-started says where it stands ("loading", "ready", "failed"): tests wait
   * on it, and a widget never starts twice.
   */
  function startWithRuleset(name, Widget, failed) {
    const widget = document.querySelector(`[data-cc-${name}]`);
    if (!widget || widget.getAttribute("data-started")) return;
    widget.setAttribute("data-started", "loading");
    const here = window.location.href;
    Promise.all([
      loadRuleset(new URL(widget.getAttribute("data-ruleset"), here).href),
      loadScript(new URL(widget.getAttribute("data-linear-engine"), here).href),
    ]).then(([ruleset]) => {
      if (!document.body.contains(widget)) return; // the reader has moved on
      const started = new Widget(widget, ruleset, window.ConnectingEngine.create(ruleset));
      widget.hidden = false;
      const needsJs = document.querySelector(`[data-cc-needs-js=${name}]`);
      if (needsJs) needsJs.hidden = true; // this page does run JavaScript after all
      started.start();
      widget.setAttribute("data-started", "ready");
      // The widget, shown now, pushed down what the address points at (/checker/#rule-<id>).
      revealTarget(true);
    }).catch(() => {
      widget.hidden = false;
      failed(widget);
      widget.setAttribute("data-started", "failed");
    });
  }

  /* The keys of a link's fragment (or, without one, its query) that `wanted` names, decoded;
     a key that is not correctly encoded is left out and named in `problems`. A coach's link
     may be years old or hand-written: nothing here throws. */
  function readLinkKeys(location, wanted) {
    const raw = location.hash.length > 1 ? location.hash.slice(1) : location.search.slice(1);
    const state = { problems: [] };
    if (!raw) return state;
    for (const part of raw.split("&")) {
      if (!part) continue;
      const eq = part.indexOf("=");
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? "" : part.slice(eq + 1);
      if (!wanted.includes(key)) continue;
      try {
        state[key] = decodeURIComponent(value.replace(/\+/g, " "));
      } catch (err) {
        state.problems.push(`This link's “${key}” part is not correctly encoded, so it was left out.`);
      }
    }
    return state;
  }

  /* A lookup of the ruleset's pairs by id, or by an id a pair had before it was renamed
     (its former_ids): old links keep finding it. Unknown ids give null. */
  function pairFinder(doc) {
    const byId = new Map();
    for (const pair of doc.examples) for (const old of pair.former_ids || []) byId.set(old, pair);
    for (const pair of doc.examples) byId.set(pair.id, pair); // a current id wins over an old one
    return (id) => byId.get(id) || null;
  }

  /* A lone half of a surrogate pair (pasted from a broken source) makes encodeURIComponent
     throw: in an address it becomes U+FFFD, the sign for a character that was lost. */
  const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
  const linkKey = (key, value) => `${key}=${encodeURIComponent(String(value).replace(LONE_SURROGATE, "\uFFFD"))}`;

  /* A link that opens the checker with a draft: the twin of connecting.links.checker_link
     (and of exercise_link, with `exercise`). The draft travels in the fragment, which
     browsers never send to a server; a coach's note may travel with it. */
  function draftLink(checkerUrl, channel, stage, text, { exercise = null, note = null } = {}) {
    const keys = [];
    if (exercise) keys.push(linkKey("exercise", exercise));
    if (channel) keys.push(linkKey("channel", channel));
    if (stage) keys.push(linkKey("stage", stage));
    keys.push(linkKey("text", text));
    if (note) keys.push(linkKey("note", note));
    return `${checkerUrl}#${keys.join("&")}`;
  }

  /* A link to a pair's "fix this message" exercise in the checker: the twin of
     connecting.links.exercise_link (the lesson page's exercise mode makes them). */
  function exerciseLink(checkerUrl, pairId) {
    return `${checkerUrl}#exercise=${quoted(pairId)}`;
  }

  /* A link to a coach's lesson: the twin of connecting.links.lesson_link. The pairs (in order),
     the note and the mode travel in the fragment; each key but pairs is left out when empty. */
  function lessonLink(lessonUrl, pairIds, note, mode) {
    const keys = [`pairs=${pairIds.map(quoted).join(",")}`];
    if (note) keys.push(`note=${quoted(note)}`);
    if (mode) keys.push(`mode=${quoted(mode)}`);
    return `${lessonUrl}#${keys.join("&")}`;
  }

  /* A value encoded as Python's quote(value, safe="") does, so that the two link makers agree
     letter for letter: encodeURIComponent leaves ! ' ( ) * as they are. */
  function quoted(value) {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }

  /* Text as a search compares it: without case or accents, so "cafe" finds "Café". */
  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* The filters of a search form over a list of pairs (filter_form.html): each a <select> whose
     value a listed pair's data-* attribute must hold (data-rules holds several). */
  const FILTERS = ["principle", "channel", "stage", "rule"];

  /* Whether a listed pair (its element, and its text as folded() gives it) passes the form's
     search and filters: the gallery and the lesson builder share it. */
  function filterMatcher(form) {
    return (node, text) => {
      const data = node.dataset;
      const chosen = (name) => form.elements[name].value;
      if (chosen("principle") && data.principle !== chosen("principle")) return false;
      if (chosen("channel") && data.channel !== chosen("channel")) return false;
      if (chosen("stage") && data.stage !== chosen("stage")) return false;
      if (chosen("rule") && !(data.rules || "").split(" ").includes(chosen("rule"))) return false;
      return folded(form.elements.search.value).split(/\s+/).every((word) => text.includes(word));
    };
  }

  /* What a filtered list says of itself: how many pairs it shows. */
  function filterCount(shown, total) {
    if (shown === total) return `Showing all ${total} pairs.`;
    return shown ? `Showing ${shown} of ${total} pairs.` : `No pair matches, out of ${total}.`;
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
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(setUp);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setUp);
    } else {
      setUp();
    }
  }

  /* Material's search panel is a dialog without a name (axe: aria-dialog-name): it takes
     the name of its own search box, in the theme's language. The header that holds it
     stays across instant page changes, so once is enough. */
  const search = document.querySelector('.md-search[role="dialog"]');
  const query = search && search.querySelector(".md-search__input");
  if (search && query && !search.hasAttribute("aria-label")) {
    search.setAttribute("aria-label", query.getAttribute("aria-label") || "Search");
  }

  /* While the theme follows the system (the reader chose none), Material checks none of
     its palette toggle's radio buttons, so Tab lands on the first one, whose drawn button
     the dark theme hides: check the one whose button shows. */
  function checkShownPalette() {
    const options = document.querySelectorAll(".md-option");
    if (Array.from(options).some((option) => option.checked)) return;
    for (const option of options) {
      const button = option.nextElementSibling;
      if (button && button.tagName === "LABEL" && !button.hidden) option.checked = true;
    }
  }
  onEveryPage(checkShownPalette);

  /* A card's "Copy link" button: the full address of the card's own page, copied, and
     said so on the button for a moment. Hidden in the page as built (it needs a script
     and a clipboard); shown here where both exist. */
  function setUpCopyLinks() {
    if (!navigator.clipboard || !window.isSecureContext) return;
    for (const button of document.querySelectorAll("button[data-copy-link]")) {
      if (button.dataset.ready) continue;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", () => {
        const address = new URL(button.getAttribute("data-copy-link"), window.location.href).href;
        navigator.clipboard.writeText(address).then(() => {
          button.textContent = "Link copied";
          button.setAttribute("data-copied", address); // what was copied, for whoever checks
          setTimeout(() => { button.textContent = "Copy link"; }, 3000);
        }, () => { button.textContent = "Copy failed"; });
      });
    }
  }
  onEveryPage(setUpCopyLinks);

  /* A link to a place inside folded-away content (the checker's rules, /checker/#rule-<id>,
     which must keep working): unfold every <details> around it and bring it into view.
     `moved`: content shown above it since (a widget that started) has pushed it down. */
  function revealTarget(moved = false) {
    let id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (err) {
      return; // a malformed fragment names nothing
    }
    const target = id && document.getElementById(id);
    if (!target) return;
    let folded = target.closest("details:not([open])");
    if (!folded && moved !== true) return; // the browser brought it into view itself
    while (folded) {
      folded.open = true;
      folded = folded.parentElement && folded.parentElement.closest("details:not([open])");
    }
    target.scrollIntoView();
  }
  onEveryPage(revealTarget);
  window.addEventListener("hashchange", revealTarget);

  /* On a narrow screen Material draws its menu and search buttons as <label>s, which the
     keyboard cannot reach (and a label may not take a button's role), while the closed menu
     and search panel stay in the tab order off screen, where focus cannot be seen. Each
     label gets a real <button> in its place that clicks it, and what is closed is inert
     until it opens. Material's breakpoints: the menu is a drawer below 76.25em, the search
     a panel below 60em (docs/stylesheets/palette.css hides the buttons above them). */
  const HEADER_BUTTONS = { __drawer: "Open the menu", __search: "Search" };
  const DRAWN_BELOW = { __drawer: window.matchMedia("(max-width: 76.1875em)"),
    __search: window.matchMedia("(max-width: 59.9375em)") };
  const CLOSED_PARTS = { __drawer: ".md-sidebar--primary", __search: ".md-search" };
  const headerButton = (id) => document.querySelector(`.md-header button[data-cc-for="${id}"]`);

  function setInertWhileClosed() {
    for (const [id, selector] of Object.entries(CLOSED_PARTS)) {
      const toggle = document.getElementById(id);
      const part = document.querySelector(selector);
      if (toggle && part) part.inert = DRAWN_BELOW[id].matches && !toggle.checked;
    }
  }

  function openFromButton(label) {
    label.click(); // as a tap on Material's own label: it toggles, and Material's handlers run
    // The menu opened: focus goes to its first link.
    const drawer = document.getElementById("__drawer");
    if (label.htmlFor === "__drawer" && drawer && drawer.checked) {
      const first = document.querySelector(".md-sidebar--primary a[href]");
      if (first) first.focus();
    }
  }

  function setUpHeaderButtons() {
    for (const [id, name] of Object.entries(HEADER_BUTTONS)) {
      const label = document.querySelector(`.md-header label.md-header__button[for="${id}"]`);
      if (!label || headerButton(id)) continue;
      const button = el("button", label.className);
      button.type = "button";
      button.setAttribute("data-cc-for", id);
      button.setAttribute("aria-label", name);
      for (const child of label.childNodes) button.appendChild(child.cloneNode(true));
      button.addEventListener("click", () => openFromButton(label));
      label.hidden = true;
      label.after(button);
    }
    setInertWhileClosed();
  }
  onEveryPage(setUpHeaderButtons);
  for (const query of Object.values(DRAWN_BELOW)) query.addEventListener("change", setInertWhileClosed);
  document.addEventListener("change", (event) => {
    const id = event.target.id;
    if (!(id in CLOSED_PARTS)) return;
    const part = document.querySelector(CLOSED_PARTS[id]);
    const hadFocus = part && part.contains(document.activeElement);
    setInertWhileClosed();
    // Closed with focus inside: focus goes back to the button that opens it, not to the page's top.
    if (hadFocus && part.inert && headerButton(id)) headerButton(id).focus();
  }, true);
  // A click on a label that opens one wakes its part first (capture: before the click
  // reaches Material, which focuses the search box then, ahead of the toggle's change).
  document.addEventListener("click", (event) => {
    const label = event.target.closest && event.target.closest(".md-header label[for]");
    const part = label && label.htmlFor in CLOSED_PARTS && document.querySelector(CLOSED_PARTS[label.htmlFor]);
    if (part) part.inert = false;
  }, true);
  // Escape closes the menu and gives focus back to its button.
  document.addEventListener("keydown", (event) => {
    const drawer = document.getElementById("__drawer");
    if (event.key === "Escape" && drawer && drawer.checked && DRAWN_BELOW.__drawer.matches) {
      drawer.checked = false;
      drawer.dispatchEvent(new Event("change")); // whose handler above gives focus back
    }
  });

  window.ConnectingPage = {
    el, clear, loadRuleset, RulesetWidget, startWithRuleset, draftLink, exerciseLink, lessonLink, readLinkKeys, pairFinder, readStored,
    store, onEveryPage, folded, FILTERS, filterMatcher, filterCount,
  };
})();
