/* Coach's corner: the self-check list (ticks kept in this browser's
   localStorage only, never sent anywhere), printing one worksheet, and making
   a checker link with a client's draft. No dependencies, no network, never
   writes HTML. Set up on every page change (Material's document$). Without
   JavaScript the list and the worksheets still show. */
(() => {
  "use strict";

  const STORE_PREFIX = "connecting-guide:checklist:";

  const page = window.ConnectingPage;

  function readTicks(key) {
    const ticks = page.readStored(key);
    return ticks && typeof ticks === "object" && !Array.isArray(ticks) ? ticks : {};
  }

  // An empty list is forgotten, not kept; false when storage is off or full
  // (the ticks then last until the page closes).
  const writeTicks = (key, ticks) => page.store(key, Object.keys(ticks).length ? ticks : null);

  // A tick is remembered by the words of its item, so reordering the list keeps it.
  function itemKey(box) {
    const item = box.closest("li");
    return (item ? item.textContent : "").replace(/\s+/g, " ").trim();
  }

  function setUpChecklist(list) {
    if (list.dataset.ccReady) return;
    list.dataset.ccReady = "1";
    const key = STORE_PREFIX + window.location.pathname;
    let ticks = readTicks(key);
    const boxes = Array.from(list.querySelectorAll('input[type="checkbox"]'));
    const status = document.createElement("span");
    status.className = "cc-checklist__status";
    status.setAttribute("aria-live", "polite");

    const report = (saved) => {
      const done = boxes.filter((box) => box.checked).length;
      status.textContent = `${done} of ${boxes.length} ticked.` +
        (saved === false ? " This browser does not let the page keep your ticks." : "");
    };

    for (const box of boxes) {
      box.disabled = false;
      // The list's own label wraps only the drawn box, not the item's words: name it by them.
      box.setAttribute("aria-label", itemKey(box));
      box.checked = ticks[itemKey(box)] === true;
      box.addEventListener("change", () => {
        if (box.checked) ticks[itemKey(box)] = true;
        else delete ticks[itemKey(box)];
        report(writeTicks(key, ticks));
      });
    }

    const bar = document.createElement("p");
    bar.className = "cc-checklist__bar cc-no-print";
    const reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button cc-checklist__reset";
    reset.textContent = "Clear my ticks";
    reset.addEventListener("click", () => {
      ticks = {};
      for (const box of boxes) box.checked = false;
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
    for (const button of document.querySelectorAll("button.cc-print-one")) {
      if (button.dataset.ccReady) continue;
      button.dataset.ccReady = "1";
      button.hidden = false;
      button.addEventListener("click", () => {
        const sheet = document.getElementById(button.dataset.worksheet);
        if (!sheet) return;
        document.body.classList.add("cc-printing-one");
        sheet.classList.add("cc-worksheet--printing");
        const done = () => {
          document.body.classList.remove("cc-printing-one");
          sheet.classList.remove("cc-worksheet--printing");
          window.removeEventListener("afterprint", done);
        };
        window.addEventListener("afterprint", done);
        window.print();
      });
    }
  }

  function setUpLinkBuilder(form) {
    if (form.dataset.ccReady) return;
    form.dataset.ccReady = "1";
    const output = form.elements.link;
    const status = form.querySelector(".cc-link-builder__status");
    const update = () => {
      output.value = page.draftLink(new URL(form.dataset.checker, window.location.href).href, form.elements.channel.value,
        form.elements.stage.value, form.elements.text.value);
      status.textContent = "";
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", (event) => event.preventDefault());
    form.querySelector(".cc-link-builder__copy").addEventListener("click", () => {
      output.select();
      const copied = navigator.clipboard ? navigator.clipboard.writeText(output.value) : Promise.reject();
      copied.then(() => { status.textContent = "Copied."; },
        () => { status.textContent = "Select the link and copy it."; });
    });
    form.hidden = false;
    update();
  }

  function setUp() {
    document.querySelectorAll(".cc-checklist").forEach(setUpChecklist);
    document.querySelectorAll("form.cc-link-builder").forEach(setUpLinkBuilder);
    setUpPrintButtons();
  }

  page.onEveryPage(setUp);
})();
