/*
 * "Connect or collect?": one message at a time from the guide's examples.
 *
 * The messages and the verdicts come from the published ruleset (the same
 * document the checker reads); example text is inserted as text only. The
 * score lives in this browser's localStorage and nowhere else.
 */
(function () {
  "use strict";

  var STORE_KEY = "connecting.quizScore";
  var page = window.ConnectingPage;
  var el = page.el;
  var clear = page.clear;

  function shuffled(items) {
    var out = items.slice();
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = out[i];
      out[i] = out[j];
      out[j] = swap;
    }
    return out;
  }

  function readScore() {
    var score = page.readStored(STORE_KEY);
    if (score && score.right >= 0 && score.answered >= score.right) return score;
    return { right: 0, answered: 0 };
  }

  function Quiz(root, ruleset) {
    this.root = root;
    this.doc = ruleset;
    this.engine = window.ConnectingEngine.create(ruleset);
    this.siteRoot = new URL(root.getAttribute("data-root") || "./", window.location.href);
    this.pool = [];
    ruleset.examples.forEach(function (ex) {
      this.pool.push({ text: ex.dont, answer: "collect", example: ex });
      this.pool.push({ text: ex.do, answer: "connect", example: ex });
    }, this);
    this.order = shuffled(this.pool); // a new order on every visit
    this.position = 0;
    this.score = readScore();
    this.answered = false;
    this.find = function (id) { return root.querySelector("#" + id); };
  }

  Quiz.prototype.start = function () {
    var self = this;
    this.find("quiz-connect").addEventListener("click", function () { self.answer("connect"); });
    this.find("quiz-collect").addEventListener("click", function () { self.answer("collect"); });
    this.find("quiz-next").addEventListener("click", function () { self.next(); });
    this.find("quiz-restart").addEventListener("click", function () { self.restart(); });
    this.root.hidden = false;
    var needsJs = document.querySelector("[data-cc-needs-js=quiz]");
    if (needsJs) needsJs.hidden = true; // this page does run JavaScript after all
    this.show();
    this.showScore();
  };

  Quiz.prototype.current = function () {
    return this.order[this.position];
  };

  Quiz.prototype.show = function () {
    var question = this.current();
    var ex = question.example;
    var channel = this.engine.channels.get(ex.channel);
    this.answered = false;
    this.find("quiz-progress").textContent = "Message " + (this.position + 1) + " of " + this.order.length;
    this.find("quiz-meta").textContent = (channel ? channel.title : ex.channel) + ", " +
      (ex.stage === "reply" ? "a reply" : "a first message") + ". " + ex.situation;
    this.find("quiz-text").textContent = question.text;
    clear(this.find("quiz-feedback"));
    ["quiz-connect", "quiz-collect"].forEach(function (id) {
      var button = this.find(id);
      button.disabled = false;
      button.setAttribute("aria-pressed", "false");
    }, this);
    this.find("quiz-next").hidden = true;
  };

  Quiz.prototype.answer = function (choice) {
    if (this.answered) return;
    this.answered = true;
    var question = this.current();
    var ex = question.example;
    var right = choice === question.answer;
    this.score = { right: this.score.right + (right ? 1 : 0), answered: this.score.answered + 1 };
    page.store(STORE_KEY, this.score); // if the browser refuses, the score lasts for this visit
    this.find("quiz-" + choice).setAttribute("aria-pressed", "true");
    ["quiz-connect", "quiz-collect"].forEach(function (id) { this.find(id).disabled = true; }, this);

    var feedback = this.find("quiz-feedback");
    clear(feedback);
    var verdict = question.answer === "collect" ? "this message collects." : "this message connects.";
    feedback.appendChild(el("p", "cc-quiz__result cc-quiz__result--" + (right ? "right" : "wrong"),
      (right ? "\u2714 Right: " : "\u2716 Not quite: ") + verdict));
    var findings = this.engine.evaluate(question.text, { channel: ex.channel, stage: ex.stage });
    var seen = {};
    var rules = findings.filter(function (f) {
      if (seen[f.rule]) return false;
      seen[f.rule] = true;
      return true;
    });
    if (rules.length) {
      feedback.appendChild(el("p", null, "What the rules find in it:"));
      var list = el("ul", "cc-quiz__rules");
      rules.forEach(function (f) {
        var item = el("li");
        item.setAttribute("data-quiz-rule", f.rule);
        item.appendChild(el("code", null, f.rule));
        item.appendChild(document.createTextNode(": " + f.message));
        list.appendChild(item);
      });
      feedback.appendChild(list);
    } else {
      feedback.appendChild(el("p", null, "No rule finds anything to fix in it."));
    }
    var why = el("p");
    why.appendChild(el("strong", null, "Why: "));
    why.appendChild(document.createTextNode(ex.why));
    feedback.appendChild(why);
    var link = el("a", null, "See this pair side by side");
    link.href = new URL(ex.url, this.siteRoot).href;
    var more = el("p");
    more.appendChild(link);
    feedback.appendChild(more);
    this.showScore();
    var next = this.find("quiz-next");
    next.hidden = false;
    next.focus();
  };

  Quiz.prototype.next = function () {
    this.position += 1;
    if (this.position >= this.order.length) {
      this.order = shuffled(this.pool);
      this.position = 0;
    }
    this.show();
    this.find("quiz-question").focus();
  };

  Quiz.prototype.restart = function () {
    this.score = { right: 0, answered: 0 };
    page.store(STORE_KEY, this.score); // if the browser refuses, the score lasts for this visit
    this.order = shuffled(this.pool);
    this.position = 0;
    this.show();
    this.showScore();
    this.find("quiz-question").focus();
  };

  Quiz.prototype.showScore = function () {
    this.find("quiz-score").textContent = "Score: " + this.score.right + " right out of " + this.score.answered +
      (this.score.answered === 1 ? " answer" : " answers") + ".";
  };

  function init() {
    var root = document.querySelector("[data-cc-quiz]");
    if (!root || root.getAttribute("data-started")) return;
    root.setAttribute("data-started", "loading");
    page.loadRuleset(new URL(root.getAttribute("data-ruleset"), window.location.href).href).then(function (ruleset) {
      if (!document.body.contains(root)) return;
      new Quiz(root, ruleset).start();
      root.setAttribute("data-started", "ready");
    }).catch(function () {
      root.hidden = false;
      clear(root);
      root.appendChild(el("p", "cc-notice", "The quiz could not load its messages. Check your connection and reload the page."));
      root.setAttribute("data-started", "failed");
    });
  }

  page.onEveryPage(init);
})();
