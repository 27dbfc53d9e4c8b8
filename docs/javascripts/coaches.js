/* Coach's corner: the self-check list (ticks kept in this browser's
   localStorage only, never sent anywhere), printing one worksheet, and making
   a checker link with a client's draft. No dependencies, no network, never
   writes HTML. Set up on every page change (Material's document$). Without
   JavaScript the list and the worksheets still show. */
(function () {
  "use strict";

  var STORE_PREFIX = "connecting-guide:checklist:";

  function readStore(key) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key) || "{}");
      return value && typeof value === "object" ? value : {};
    } catch (error) {
      return {};
    }
  }

  function writeStore(key, value) {
    try {
      if (Object.keys(value).length) window.localStorage.setItem(key, JSON.stringify(value));
      else window.localStorage.removeItem(key);
      return true;
    } catch (error) {
      return false; // storage switched off or full: the ticks last until the page closes
    }
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
    var ticks = readStore(key);
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
        report(writeStore(key, ticks));
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
      report(writeStore(key, ticks));
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

  // The same link shape as connecting.links.checker_link: the draft travels in the fragment.
  function checkerLink(base, channel, stage, text) {
    var keys = [];
    if (channel) keys.push("channel=" + encodeURIComponent(channel));
    if (stage) keys.push("stage=" + encodeURIComponent(stage));
    keys.push("text=" + encodeURIComponent(text));
    return new URL(base, window.location.href).href + "#" + keys.join("&");
  }

  function setUpLinkBuilder(form) {
    if (form.dataset.ccReady) return;
    form.dataset.ccReady = "1";
    var output = form.elements.link;
    var status = form.querySelector(".cc-link-builder__status");
    function update() {
      output.value = checkerLink(form.dataset.checker, form.elements.channel.value,
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

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
