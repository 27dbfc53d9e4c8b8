/* Examples: narrow the gallery by principle, channel and rule, and follow a pair
   that moved away from the page an old link points at.
   No dependencies. Never writes HTML: page text is only read and shown as
   text. Set up on every page change (Material's document$), since instant
   navigation does not run scripts again. Without JavaScript the gallery lists
   every pair and moved pairs show a plain link. */
(() => {
  "use strict";

  const FIELDS = ["principle", "channel", "rule"];
  // A pair has one principle and one channel, but any number of rules (data-rules, space-separated).
  const holds = (item, name, value) => (name === "rule"
    ? (item.dataset.rules || "").split(" ").includes(value)
    : item.dataset[name] === value);

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
    const items = Array.from(gallery.querySelectorAll(".cc-gallery__item"));
    const count = form.querySelector(".cc-filter__count");
    const params = new URLSearchParams(window.location.search);

    for (const name of FIELDS) {
      const select = form.elements[name];
      const wanted = params.get(name);
      const known = Array.from(select.options).some((option) => option.value === wanted);
      if (wanted && known) select.value = wanted;
    }

    const matches = (item) => FIELDS.every((name) => {
      const value = form.elements[name].value;
      return !value || holds(item, name, value);
    });

    // A link to one pair (#ex-<id>) must show that pair, whatever the filters say.
    const target = hashTarget();
    const targetItem = target && target.closest(".cc-gallery__item");
    if (targetItem && !matches(targetItem)) for (const name of FIELDS) form.elements[name].value = "";

    function apply() {
      let shown = 0;
      for (const item of items) {
        const show = matches(item);
        item.hidden = !show;
        if (show) shown += 1;
      }
      count.textContent = shown === items.length
        ? `Showing all ${items.length} pairs.`
        : `Showing ${shown} of ${items.length} pairs.`;
      const query = new URLSearchParams();
      for (const name of FIELDS) if (form.elements[name].value) query.set(name, form.elements[name].value);
      const search = query.toString();
      window.history.replaceState(window.history.state, "",
        window.location.pathname + (search ? `?${search}` : "") + window.location.hash);
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", (event) => event.preventDefault());
    form.hidden = false;
    apply();
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

  window.ConnectingPage.onEveryPage(setUp);
})();
