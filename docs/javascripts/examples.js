/* Examples: search and narrow the gallery (by principle, channel, stage and
   rule), keep what is chosen in the address so that a coach can share it, open
   the pair an #ex-<id> link points at, and follow a pair that moved away from
   the page an old link points at.
   No dependencies. Never writes HTML: page text is only read and shown as
   text. Set up on every page change (Material's document$), since instant
   navigation does not run scripts again. Without JavaScript the gallery lists
   every pair, each one line that opens to its card and a link to its page,
   and moved pairs show a plain link. */
(() => {
  "use strict";

  const { folded, FILTERS, filterMatcher, filterCount } = window.ConnectingPage;
  // Not "q": Material's own search opens on a page whose address holds ?q=.
  const SEARCH = "search";
  // What a change of #fragment does on the gallery of this page (nothing on other pages).
  let openGalleryTarget = () => {};

  // The element a #fragment points at, if any (a malformed fragment points at nothing).
  function hashTarget() {
    if (!window.location.hash) return null;
    try {
      return document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    } catch (error) {
      return null;
    }
  }

  function setUpGallery() {
    const form = document.querySelector("form.cc-filter");
    const gallery = document.querySelector(".cc-gallery");
    if (!form || !gallery || form.dataset.ccReady) return;
    form.dataset.ccReady = "1";
    // Each pair with what the search reads: its whole text (situation, both messages, why, rules).
    const items = Array.from(gallery.querySelectorAll(".cc-gallery__item"))
      .map((node) => ({ node, text: folded(node.textContent) }));
    const count = form.querySelector(".cc-filter__count");
    const clearButton = form.querySelector(".cc-filter__clear");
    const search = form.elements[SEARCH];
    const params = new URLSearchParams(window.location.search);

    // Only values the form offers: an address names an option, it never adds one.
    for (const name of FILTERS) {
      const select = form.elements[name];
      const wanted = params.get(name);
      if (wanted && Array.from(select.options).some((option) => option.value === wanted)) select.value = wanted;
    }
    search.value = (params.get(SEARCH) || "").slice(0, 200);

    const passes = filterMatcher(form);
    const matches = ({ node, text }) => passes(node, text);

    function clearAll() {
      for (const name of FILTERS) form.elements[name].value = "";
      search.value = "";
    }

    function apply() {
      let shown = 0;
      for (const item of items) {
        const show = matches(item);
        item.node.hidden = !show;
        if (show) shown += 1;
      }
      const narrowed = shown !== items.length;
      count.textContent = filterCount(shown, items.length);
      clearButton.hidden = !narrowed && !search.value;
      // The choices in the address, so that the link in the address bar opens this same list.
      const query = new URLSearchParams();
      if (search.value.trim()) query.set(SEARCH, search.value.trim());
      for (const name of FILTERS) if (form.elements[name].value) query.set(name, form.elements[name].value);
      const kept = query.toString();
      window.history.replaceState(window.history.state, "",
        window.location.pathname + (kept ? `?${kept}` : "") + window.location.hash);
    }

    // A link to one pair (#ex-<id>, or a former id's alias) opens it, whatever the filters say.
    function openTarget() {
      const target = hashTarget();
      const item = target && items.find(({ node }) => node.contains(target));
      if (!item) return;
      if (!matches(item)) {
        clearAll();
        apply();
      }
      item.node.querySelector("details").open = true;
      item.node.scrollIntoView(); // the row, so that its title shows above the card
    }

    form.addEventListener("change", apply);
    form.addEventListener("input", apply);
    form.addEventListener("submit", (event) => event.preventDefault());
    clearButton.addEventListener("click", () => {
      clearAll();
      apply();
      search.focus();
    });
    openGalleryTarget = () => document.body.contains(form) && openTarget();
    form.hidden = false;
    apply();
    openTarget();
  }

  // An old link to #ex-<id> on a page the pair has left lands on a pointer: follow it.
  function followMovedPair() {
    const target = hashTarget();
    const note = target && target.closest(".cc-moved");
    const link = note && note.querySelector("a.cc-moved__link");
    if (link) window.location.replace(link.href);
  }

  function setUp() {
    setUpGallery();
    followMovedPair();
  }

  window.addEventListener("hashchange", () => openGalleryTarget());
  window.ConnectingPage.onEveryPage(setUp);
})();
