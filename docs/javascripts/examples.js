/* Examples: narrow the gallery by principle and channel, and follow a pair
   that moved away from the page an old link points at.
   No dependencies. Never writes HTML: page text is only read and shown as
   text. Set up on every page change (Material's document$), since instant
   navigation does not run scripts again. Without JavaScript the gallery lists
   every pair and moved pairs show a plain link. */
(function () {
  "use strict";

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
    var form = document.querySelector("form.cc-filter");
    var gallery = document.querySelector(".cc-gallery");
    if (!form || !gallery || form.dataset.ccReady) return;
    form.dataset.ccReady = "1";
    var items = Array.prototype.slice.call(gallery.querySelectorAll(".cc-gallery__item"));
    var count = form.querySelector(".cc-filter__count");
    var fields = ["principle", "channel"];
    var params = new URLSearchParams(window.location.search);

    fields.forEach(function (name) {
      var select = form.elements[name];
      var wanted = params.get(name);
      var known = Array.prototype.some.call(select.options, function (option) { return option.value === wanted; });
      if (wanted && known) select.value = wanted;
    });

    function matches(item) {
      return fields.every(function (name) {
        var value = form.elements[name].value;
        return !value || item.dataset[name] === value;
      });
    }

    // A link to one pair (#ex-<id>) must show that pair, whatever the filters say.
    var target = hashTarget();
    var targetItem = target && target.closest(".cc-gallery__item");
    if (targetItem && !matches(targetItem)) fields.forEach(function (name) { form.elements[name].value = ""; });

    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var show = matches(item);
        item.hidden = !show;
        if (show) shown += 1;
      });
      count.textContent = shown === items.length
        ? "Showing all " + items.length + " pairs."
        : "Showing " + shown + " of " + items.length + " pairs.";
      var query = new URLSearchParams();
      fields.forEach(function (name) { if (form.elements[name].value) query.set(name, form.elements[name].value); });
      var search = query.toString();
      window.history.replaceState(window.history.state, "",
        window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  // An old link to #ex-<id> on a page the pair has left lands on a pointer: follow it.
  function followMovedPair() {
    var target = hashTarget();
    var note = target && target.closest(".cc-moved");
    var link = note && note.querySelector("a.cc-moved__link");
    if (link) window.location.replace(link.href);
  }

  function setUp() {
    setUpGallery();
    followMovedPair();
  }

  window.ConnectingPage.onEveryPage(setUp);
})();
