/* Coaches' lessons: the lesson page (/lesson/#pairs=<id>,...&note=...&mode=answers|exercise|quiz),
   the lesson builder in the coach's corner, and the "Add to lesson" toggle on every card.
   A lesson link may be years old, hand-written or hostile: every value it carries reaches the
   page as text only (ConnectingPage.el), and a bad value gives a short notice, never an error.
   The builder's working lesson and the client's exercise progress stay in this browser's
   localStorage. No dependencies, no request but the site's own ruleset. Set up on every page
   change (Material's document$). */
(() => {
  "use strict";

  const page = window.ConnectingPage;
  const { el, clear } = page;

  // The limits a lesson link keeps to: longer ones show a notice and the part that fits.
  const MAX_PAIRS = 30;
  const MAX_NOTE = 500;
  const MODES = ["answers", "exercise", "quiz"];
  // Shared with the checker's exercises and with the builder: see the coach's corner.
  const DRAFT_KEY = "connecting.lessonDraft";
  const DONE_KEY = "connecting.exercisesDone";
  // An id shown in a notice is cut short: a hostile link could carry a page of text.
  const SHOWN_ID_LENGTH = 60;

  function shortened(text, length) {
    return text.length > length ? `${text.slice(0, length)}…` : text;
  }

  /* --- what is kept in this browser --------------------------------------------------- */

  /* The builder's lesson as kept, cleaned: whatever another page or an old version wrote. */
  function readDraft() {
    const kept = page.readStored(DRAFT_KEY);
    const draft = kept && typeof kept === "object" && !Array.isArray(kept) ? kept : {};
    const pairs = Array.isArray(draft.pairs) ? draft.pairs.filter((id) => typeof id === "string") : [];
    return {
      pairs: Array.from(new Set(pairs)).slice(0, MAX_PAIRS),
      note: typeof draft.note === "string" ? draft.note.slice(0, MAX_NOTE) : "",
      mode: MODES.includes(draft.mode) ? draft.mode : "answers",
    };
  }

  const writeDraft = (draft) => page.store(DRAFT_KEY, draft);

  /* The pair ids whose exercise this browser has done (the checker keeps them). */
  function readDone() {
    const done = page.readStored(DONE_KEY);
    return new Set(Array.isArray(done) ? done.filter((id) => typeof id === "string") : []);
  }

  /* --- reading a lesson link ---------------------------------------------------------- */

  /* The lesson a link names: its pair ids (in order, each once, at most MAX_PAIRS), note and
     mode, with a notice for each thing that had to be left out or changed. */
  function readLesson(location) {
    const keys = page.readLinkKeys(location, ["pairs", "note", "mode"]);
    const notices = keys.problems.slice();
    const named = (keys.pairs || "").split(",").map((id) => id.trim()).filter(Boolean);
    const ids = Array.from(new Set(named));
    if (ids.length > MAX_PAIRS) {
      notices.push(`This link names ${ids.length} pairs. A lesson holds up to ${MAX_PAIRS}, so it shows the first ${MAX_PAIRS}.`);
    }
    let note = keys.note || "";
    if (note.length > MAX_NOTE) {
      notices.push(`The note in this link is longer than ${MAX_NOTE} characters, so only its start is shown.`);
      note = note.slice(0, MAX_NOTE);
    }
    let mode = keys.mode || "answers";
    if (!MODES.includes(mode)) {
      notices.push("This link asks for a way of showing the lesson that the guide does not know, so it shows the answers.");
      mode = "answers";
    }
    return { ids: ids.slice(0, MAX_PAIRS), note: note.trim(), mode, notices };
  }

  /* --- the lesson page ---------------------------------------------------------------- */

  class LessonPage {
    constructor(root, doc) {
      this.root = root;
      this.find = page.pairFinder(doc);
      this.list = root.querySelector(".cc-lesson__list");
      this.answers = root.querySelector(".cc-lesson__answer-list");
      this.notices = root.querySelector(".cc-lesson__notices");
      this.store = document.querySelector(".cc-lesson__store");
      this.answerStore = document.querySelector(".cc-lesson__answer-store");
      // Each pair's card and answer by its current id: ids from a link are looked up, never put in a selector.
      this.items = new Map(Array.from(this.store.children).map((item) => [item.dataset.pair, item]));
      this.answerItems = new Map(Array.from(this.answerStore.children).map((item) => [item.dataset.answer, item]));
      this.shown = [];
      root.querySelector(".cc-lesson__forget").addEventListener("click", () => this.forgetProgress());
    }

    /* Show the lesson the address names (again, after a change of #fragment). */
    show() {
      this.putBack();
      const lesson = readLesson(window.location);
      this.mode = lesson.mode;
      this.root.classList.toggle("cc-lesson--exercise", lesson.mode === "exercise");
      this.root.querySelector(".cc-lesson__url").textContent = window.location.href;
      this.showNote(lesson.note);
      const notices = lesson.notices;
      if (!lesson.ids.length) {
        notices.push("This link names no pairs. A coach makes a lesson link in the coach's corner.");
      }
      for (const id of lesson.ids) this.showPair(id);
      this.root.querySelector(".cc-lesson__intro").textContent = lesson.mode === "exercise"
        ? "Try each message yourself first: open its exercise, fix the message, then read the guide's answer."
        : "Read each pair: the message to avoid, the one to send instead, and why.";
      this.root.querySelector(".cc-lesson__answers").hidden = lesson.mode === "exercise" || !this.shown.length;
      this.showProgress();
      for (const text of notices) this.notices.appendChild(el("li", "cc-notice", text));
    }

    /* Every shown card back into the hidden store, so that a new address starts clean. */
    putBack() {
      for (const item of Array.from(this.list.children)) {
        if (item.dataset.pair) this.store.appendChild(item);
      }
      for (const item of Array.from(this.answers.children)) this.answerStore.appendChild(item);
      clear(this.list);
      clear(this.notices);
      this.shown = [];
    }

    showNote(note) {
      const box = this.root.querySelector(".cc-lesson__note-box");
      box.hidden = !note;
      this.root.querySelector(".cc-lesson__note").textContent = note; // text, never markup
    }

    showPair(id) {
      const pair = this.find(id);
      const item = pair && this.items.get(pair.id);
      if (!item) {
        const missing = el("li", "cc-lesson__missing cc-notice",
          `No pair in this guide has the id "${shortened(id, SHOWN_ID_LENGTH)}". It may have been removed; the rest of the lesson is below.`);
        this.list.appendChild(missing);
        return;
      }
      if (this.shown.includes(pair.id)) return; // an old id and the new one name the same pair
      this.shown.push(pair.id);
      this.list.appendChild(item);
      const answer = this.answerItems.get(pair.id);
      if (answer) this.answers.appendChild(answer);
    }

    /* In exercise mode: each pair's exercise link, whether it is done, and the way to forget. */
    showProgress() {
      const exercise = this.mode === "exercise";
      const done = readDone();
      const checker = new URL(this.root.dataset.checker, window.location.href).href;
      for (const id of this.shown) {
        const line = this.items.get(id).querySelector(".cc-lesson__exercise");
        clear(line);
        if (!exercise) continue;
        const link = el("a", "md-button cc-lesson__try", "Fix this message");
        link.href = page.exerciseLink(checker, id);
        const isDone = done.has(id);
        line.appendChild(link);
        line.appendChild(document.createTextNode(" "));
        line.appendChild(el("span", `cc-lesson__mark cc-lesson__mark--${isDone ? "done" : "todo"}`,
          isDone ? "Done" : "Not done yet"));
      }
      const progress = this.root.querySelector(".cc-lesson__progress");
      progress.hidden = !exercise || !this.shown.length;
      const count = this.shown.filter((id) => done.has(id)).length;
      this.root.querySelector(".cc-lesson__done").textContent =
        `You have done ${count} of ${this.shown.length} exercises. Your progress stays in this browser only.`;
    }

    forgetProgress() {
      page.store(DONE_KEY, null);
      this.showProgress();
    }
  }

  /* The page opened as a quiz round: the quiz takes the same pairs and note, in the lesson's own
     key shape (quiz/#pairs=...&note=...); replace, so that Back skips this page. */
  function goToQuiz(root, lesson) {
    const quiz = new URL(root.dataset.quiz, window.location.href).href;
    window.location.replace(page.lessonLink(quiz, lesson.ids, lesson.note, ""));
  }

  let shownLesson = null; // the lesson page set up on this page, for a change of #fragment

  function setUpLessonPage() {
    const root = document.querySelector("[data-cc-lesson]");
    if (!root || root.dataset.started) return;
    const lesson = readLesson(window.location);
    if (lesson.mode === "quiz" && lesson.ids.length) {
      goToQuiz(root, lesson);
      return;
    }
    root.dataset.started = "loading";
    page.loadRuleset(new URL(root.dataset.ruleset, window.location.href).href).then((doc) => {
      if (!document.body.contains(root)) return; // the reader has moved on
      shownLesson = new LessonPage(root, doc);
      root.hidden = false;
      const needsJs = document.querySelector("[data-cc-needs-js=lesson]");
      if (needsJs) needsJs.hidden = true;
      shownLesson.show();
      root.dataset.started = "ready";
    }).catch(() => {
      root.hidden = false;
      root.querySelector(".cc-lesson__notices").appendChild(el("li", "cc-notice",
        "The guide's pairs could not be loaded, so this lesson cannot be shown. Reload the page to try again."));
      root.dataset.started = "failed";
    });
  }

  window.addEventListener("hashchange", () => {
    if (!shownLesson || !document.body.contains(shownLesson.root)) return;
    const lesson = readLesson(window.location);
    if (lesson.mode === "quiz" && lesson.ids.length) goToQuiz(shownLesson.root, lesson);
    else shownLesson.show();
  });
  // The checker in another tab marks an exercise done: the marks follow.
  window.addEventListener("storage", (event) => {
    if (event.key === DONE_KEY && shownLesson && document.body.contains(shownLesson.root)) shownLesson.showProgress();
  });
  // Back from an exercise in this tab, the browser may show the lesson from its back/forward
  // cache without running a script again: the marks are read once more.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted && shownLesson && document.body.contains(shownLesson.root)) shownLesson.showProgress();
  });

  /* --- "Add to lesson" on every card ---------------------------------------------------- */

  function setUpLessonToggles() {
    const draft = readDraft();
    for (const button of document.querySelectorAll("button[data-lesson-pair]")) {
      button.setAttribute("aria-pressed", String(draft.pairs.includes(button.dataset.lessonPair)));
      if (button.dataset.ready) continue;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", () => toggleInLesson(button));
    }
  }

  /* What a toggle says after a press, next to it (a card's row of actions has room for a line). */
  function toggleStatus(button) {
    let status = button.parentNode.querySelector(".cc-card__lesson-status");
    if (!status) {
      status = el("span", "cc-card__lesson-status");
      status.setAttribute("aria-live", "polite");
      button.parentNode.appendChild(status);
    }
    return status;
  }

  function toggleInLesson(button) {
    const draft = readDraft();
    const id = button.dataset.lessonPair;
    const status = toggleStatus(button);
    if (draft.pairs.includes(id)) {
      draft.pairs = draft.pairs.filter((pair) => pair !== id);
    } else if (draft.pairs.length >= MAX_PAIRS) {
      status.textContent = `Your lesson is full: it holds ${MAX_PAIRS} pairs.`;
      return;
    } else {
      draft.pairs.push(id);
    }
    const kept = writeDraft(draft);
    const pressed = draft.pairs.includes(id);
    button.setAttribute("aria-pressed", String(pressed));
    status.textContent = !kept ? "This browser does not let the page keep your lesson."
      : `${pressed ? "Added to" : "Taken out of"} your lesson, which has ${draft.pairs.length} of ${MAX_PAIRS} pairs.`;
  }

  /* --- the lesson builder --------------------------------------------------------------- */

  class LessonBuilder {
    constructor(root) {
      this.root = root;
      this.form = root.querySelector("form.cc-filter");
      this.rows = new Map();
      for (const node of root.querySelectorAll(".cc-builder__item")) {
        this.rows.set(node.dataset.pair, {
          node,
          box: node.querySelector('input[type="checkbox"]'),
          title: node.querySelector(".cc-builder__title").textContent,
          text: page.folded(`${node.textContent} ${node.dataset.text || ""}`),
        });
      }
      this.passes = page.filterMatcher(this.form);
      this.chosen = root.querySelector(".cc-builder__chosen");
      this.note = root.querySelector("#builder-note");
      this.link = root.querySelector("#builder-link");
      this.status = root.querySelector(".cc-builder__status");
      this.copied = root.querySelector(".cc-builder__copied");
      this.lessonUrl = new URL(root.dataset.lesson, window.location.href).href;
      this.draft = readDraft();
      // Only pairs this guide has: a kept id whose pair is gone since is dropped here.
      this.draft.pairs = this.draft.pairs.filter((id) => this.rows.has(id));
    }

    start() {
      this.form.addEventListener("input", () => this.filter());
      this.form.addEventListener("change", () => this.filter());
      this.form.addEventListener("submit", (event) => event.preventDefault());
      this.form.querySelector(".cc-filter__clear").addEventListener("click", () => {
        for (const name of page.FILTERS) this.form.elements[name].value = "";
        this.form.elements.search.value = "";
        this.filter();
        this.form.elements.search.focus();
      });
      for (const [id, row] of this.rows) row.box.addEventListener("change", () => this.tick(id, row.box.checked));
      this.note.addEventListener("input", () => this.changed());
      for (const radio of this.root.querySelectorAll('input[name="lesson-mode"]')) {
        radio.addEventListener("change", () => this.changed());
      }
      this.root.querySelector(".cc-builder__copy").addEventListener("click", () => this.copy());
      this.root.querySelector(".cc-builder__clear").addEventListener("click", () => {
        this.draft = { pairs: [], note: "", mode: "answers" };
        this.fill();
        this.say("Your lesson is empty again.");
      });
      // Another tab (a card's "Add to lesson") changed the lesson.
      window.addEventListener("storage", (event) => {
        if (event.key !== DRAFT_KEY || !document.body.contains(this.root)) return;
        this.draft = readDraft();
        this.draft.pairs = this.draft.pairs.filter((id) => this.rows.has(id));
        this.fill();
      });
      this.form.hidden = false;
      this.root.hidden = false;
      this.fill();
      this.filter();
    }

    /* The controls from this.draft. */
    fill() {
      this.note.value = this.draft.note;
      const mode = this.root.querySelector(`input[name="lesson-mode"][value="${this.draft.mode}"]`);
      if (mode) mode.checked = true;
      this.showChosen();
      this.changed();
    }

    filter() {
      let shown = 0;
      for (const row of this.rows.values()) {
        const show = this.passes(row.node, row.text);
        row.node.hidden = !show;
        if (show) shown += 1;
      }
      this.form.querySelector(".cc-filter__count").textContent = page.filterCount(shown, this.rows.size);
      const narrowed = shown !== this.rows.size || this.form.elements.search.value;
      this.form.querySelector(".cc-filter__clear").hidden = !narrowed;
    }

    tick(id, on) {
      if (on && !this.draft.pairs.includes(id)) {
        if (this.draft.pairs.length >= MAX_PAIRS) {
          this.rows.get(id).box.checked = false;
          this.say(`A lesson holds up to ${MAX_PAIRS} pairs. Take one out to add another.`);
          return;
        }
        this.draft.pairs.push(id);
        this.say(`Added. Your lesson has ${this.draft.pairs.length} pairs.`);
      } else if (!on) {
        this.draft.pairs = this.draft.pairs.filter((pair) => pair !== id);
        this.say(`Taken out. Your lesson has ${this.draft.pairs.length} pairs.`);
      }
      this.showChosen();
      this.changed();
    }

    say(text) {
      this.status.textContent = text;
    }

    /* The chosen pairs in order, each with buttons to move it up or down, or take it out. */
    showChosen() {
      clear(this.chosen);
      const pairs = this.draft.pairs;
      for (const [id, row] of this.rows) row.box.checked = pairs.includes(id);
      pairs.forEach((id, index) => {
        const title = this.rows.get(id).title;
        const item = el("li", "cc-builder__chosen-item");
        item.dataset.pair = id;
        item.appendChild(el("span", "cc-builder__chosen-title", title));
        const buttons = el("span", "cc-builder__moves");
        const button = (label, action, disabled) => {
          const made = el("button", `cc-action cc-builder__${action}`, label);
          made.type = "button";
          made.disabled = disabled;
          // The visible word, then which pair it acts on, for a screen reader's list of buttons.
          made.appendChild(el("span", "cc-visually-hidden", `: ${title}`));
          made.addEventListener("click", () => this.act(action, id));
          buttons.appendChild(made);
        };
        button("Move up", "up", index === 0);
        button("Move down", "down", index === pairs.length - 1);
        button("Take out", "remove", false);
        item.appendChild(buttons);
        this.chosen.appendChild(item);
      });
      this.root.querySelector(".cc-builder__empty").hidden = pairs.length > 0;
    }

    /* Move a pair, or take it out; focus stays on a button of the same pair where it can. */
    act(action, id) {
      const pairs = this.draft.pairs;
      const at = pairs.indexOf(id);
      if (at < 0) return;
      if (action === "remove") {
        pairs.splice(at, 1);
        this.showChosen();
        this.changed();
        this.say(`Taken out. Your lesson has ${pairs.length} pairs.`);
        const next = this.chosen.children[Math.min(at, pairs.length - 1)];
        (next ? next.querySelector("button:not([disabled])") : this.rows.get(id).box).focus();
        return;
      }
      const to = action === "up" ? at - 1 : at + 1;
      if (to < 0 || to >= pairs.length) return;
      [pairs[at], pairs[to]] = [pairs[to], pairs[at]];
      this.showChosen();
      this.changed();
      this.say(`Moved ${action}: now number ${to + 1} of ${pairs.length}.`);
      const moved = this.chosen.children[to];
      const same = moved.querySelector(`.cc-builder__${action}:not([disabled])`);
      (same || moved.querySelector("button:not([disabled])")).focus();
    }

    /* After any change: keep the lesson, and make its link. */
    changed() {
      this.draft.note = this.note.value.slice(0, MAX_NOTE);
      const mode = this.root.querySelector('input[name="lesson-mode"]:checked');
      this.draft.mode = mode ? mode.value : "answers";
      writeDraft(this.draft);
      this.root.querySelector("#builder-note-count").textContent =
        `${this.draft.note.length} of ${MAX_NOTE} characters.`;
      const ready = this.draft.pairs.length > 0;
      const link = ready ? page.lessonLink(this.lessonUrl, this.draft.pairs, this.draft.note.trim(),
        this.draft.mode === "answers" ? "" : this.draft.mode) : "";
      this.link.value = link;
      this.link.placeholder = ready ? "" : "Tick at least one pair";
      const open = this.root.querySelector(".cc-builder__open");
      open.href = link || this.lessonUrl;
      open.hidden = !ready;
      this.root.querySelector(".cc-builder__copy").disabled = !ready;
      this.copied.textContent = "";
    }

    copy() {
      this.link.select();
      const copied = navigator.clipboard && window.isSecureContext
        ? navigator.clipboard.writeText(this.link.value) : Promise.reject(new Error("no clipboard"));
      copied.then(() => { this.copied.textContent = "Link copied."; },
        () => { this.copied.textContent = "Select the link and copy it."; });
    }
  }

  function setUpBuilder() {
    const root = document.querySelector("[data-cc-builder]");
    if (!root || root.dataset.started) return;
    root.dataset.started = "ready";
    new LessonBuilder(root).start();
    const needsJs = document.querySelector("[data-cc-needs-js=builder]");
    if (needsJs) needsJs.hidden = true;
  }

  page.onEveryPage(() => {
    setUpLessonToggles();
    setUpLessonPage();
    setUpBuilder();
  });
})();
