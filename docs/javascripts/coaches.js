/* Coach's corner: the self-check list (ticks kept in this browser's
   localStorage only, never sent anywhere), printing one worksheet, and making
   a checker link with a client's draft. No dependencies, no network, never
   writes HTML. Set up on every page change (Material's document$). Without
   JavaScript the list and the worksheets still show. */
(function () {
  "use strict";

  var STORE_PREFIX = "connecting-guide:checklist:";

  var page = window.ConnectingPage;

  function readTicks(key) {
    var ticks = page.readStored(key);
    return ticks && typeof ticks === "object" && !Array.isArray(ticks) ? ticks : {};
  }

  // An empty list is forgotten, not kept; false when storage is off or full
  // (the ticks then last until the page closes).
  function writeTicks(key, ticks) {
    return page.store(key, Object.keys(ticks).length ? ticks : null);
  }

  // A tick is remembered by the words of its item, so reordering the list keeps it.
  function itemKey(box) {
    var item = box.closest("li");
    return (item ? item.textContent : "").replace(/\s+/g, " ").trim();
  }

  function setUpChecklist(list) {
    if (list.dataset.ccReady) return;
    list.dataset.ccReady = "1";
    var key = STORE_PREFIX + window.location.pathname;
    var ticks = readTicks(key);
    var boxes = Array.prototype.slice.call(list.querySelectorAll('input[type="checkbox"]'));
    var status = document.createElement("span");
    status.className = "cc-checklist__status";
    status.setAttribute("aria-live", "polite");

    function report(saved) {
      var done = boxes.filter(function (box) { return box.checked; }).length;
      status.textContent = done + " of " + boxes.length + " ticked." +
        (saved === false ? " This browser does not let the page keep your ticks." : "");
    }

    boxes.forEach(function (box) {
      box.disabled = false;
      box.checked = ticks[itemKey(box)] === true;
      box.addEventListener("change", function () {
        if (box.checked) ticks[itemKey(box)] = true;
        else delete ticks[itemKey(box)];
        report(writeTicks(key, ticks));
      });
    });

    var bar = document.createElement("p");
    bar.className = "cc-checklist__bar cc-no-print";
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button cc-checklist__reset";
    reset.textContent = "Clear my ticks";
    reset.addEventListener("click", function () {
      ticks = {};
      boxes.forEach(function (box) { box.checked = false; });
      report(writeTicks(key, ticks));
    });
    bar.appendChild(reset);
    bar.appendChild(document.createTextNode(" "));
    bar.appendChild(status);
    list.appendChild(bar);
    report();
  }

  // Print one worksheet: mark it, hide the others while the print dialog is open.
  function setUpPrintButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("button.cc-print-one"), function (button) {
      if (button.dataset.ccReady) return;
      button.dataset.ccReady = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var sheet = document.getElementById(button.dataset.worksheet);
        if (!sheet) return;
        document.body.classList.add("cc-printing-one");
        sheet.classList.add("cc-worksheet--printing");
        var done = function () {
          document.body.classList.remove("cc-printing-one");
          sheet.classList.remove("cc-worksheet--printing");
          window.removeEventListener("afterprint", done);
        };
        window.addEventListener("afterprint", done);
        window.print();
      });
    });
  }

  function setUpLinkBuilder(form) {
    if (form.dataset.ccReady) return;
    form.dataset.ccReady = "1";
    var output = form.elements.link;
    var status = form.querySelector(".cc-link-builder__status");
    function update() {
      output.value = page.draftLink(new URL(form.dataset.checker, window.location.href).href, form.elements.channel.value,
        form.elements.stage.value, form.elements.text.value);
      status.textContent = "";
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelector(".cc-link-builder__copy").addEventListener("click", function () {
      output.select();
      var copied = navigator.clipboard ? navigator.clipboard.writeText(output.value) : Promise.reject();
      copied.then(function () { status.textContent = "Copied."; },
        function () { status.textContent = "Select the link and copy it."; });
    });
    form.hidden = false;
    update();
  }

  function setUp() {
    Array.prototype.forEach.call(document.querySelectorAll(".cc-checklist"), setUpChecklist);
    Array.prototype.forEach.call(document.querySelectorAll("form.cc-link-builder"), setUpLinkBuilder);
    setUpPrintButtons();
  }

  page.onEveryPage(setUp);
})();
