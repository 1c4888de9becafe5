/* pingan interactive practice quiz.
 *
 * Mounts into <div class="pingan-quiz" id="pingan-quiz-<bank>"> on a bank page,
 * loads assets/quizzes/<bank>.js (a classic script, so it works from file://),
 * keeps progress in localStorage under "pingan-quiz:<bank>:<digest>", and at
 * the end lets the member save a result file (format pingan-quiz-result/1,
 * see docs/quizzes.md) and shows the same JSON as a QR code.
 * Served over http(s) by `pingan serve` (it answers GET api/ping), the result also goes
 * straight to the trainer's laptop: POST api/results with the session code; results not
 * yet acknowledged wait in localStorage ("pingan-serve-queue") and are sent again until
 * the server answers. From file:// nothing of this runs.
 * The static question list below the placeholder is the no-JavaScript
 * fallback; it is hidden while the quiz runs and shown on request.
 */
(function () {
  "use strict";

  var TEXT = {
    intro: "共 {n} 题，及格线 {pass} 分。每题提交后立即显示对错、解析和出处；进度保存在本机，刷新或关闭页面后可以接着做。",
    memberLabel: "队员编号",
    memberHint: "例如 QS001。保存结果文件时需要填写。",
    memberInvalid: "编号只能包含英文字母、数字和连字符，例如 QS001。",
    start: "开始练习",
    resume: "继续练习",
    progress: "第 {i} / {n} 题",
    types: { single: "单选题", multiple: "多选题（选出全部正确答案）", true_false: "判断题" },
    trueText: "正确",
    falseText: "错误",
    submit: "提交答案",
    chooseFirst: "请先选择答案。",
    correct: "回答正确",
    wrong: "回答错误",
    rightAnswer: "正确答案：{answer}",
    explanation: "解析：",
    source: "出处：",
    next: "下一题",
    previous: "上一题",
    finish: "查看成绩",
    backToResult: "返回成绩",
    scoreLine: "得分 {score} 分（答对 {right} / {n} 题）",
    passed: "及格（及格线 {pass} 分）",
    failed: "未及格（及格线 {pass} 分）",
    wrongList: "答错的题：",
    save: "保存结果文件",
    saved: "已保存：{name}。请把这个文件交给培训人员。",
    needMember: "请先填写队员编号，再保存结果文件。",
    qrTitle: "成绩二维码",
    qrHint: "培训人员可以扫描这个二维码录入成绩（内容与结果文件相同）。",
    qrTooLong: "结果内容太长，放不进一个二维码。请保存结果文件交给培训人员。",
    qrMissing: "二维码组件未能加载，请保存结果文件交给培训人员。",
    restart: "重新练习",
    restartConfirm: "确定要清除本题库的作答进度，从头开始吗？",
    showList: "查看全部题目和答案",
    hideList: "收起题目清单",
    loadFailed: "题库数据没有加载成功，请刷新页面重试。下面是全部题目和答案。",
    serverTitle: "交给培训电脑",
    codeLabel: "会话码",
    codeHint: "培训人员公布的数字（扫码打开的平板已自动填好）。",
    codeInvalid: "会话码是 4 到 12 位数字。",
    sendResult: "提交成绩",
    needMemberServer: "请先填写队员编号，再提交成绩。",
    sending: "正在提交……",
    sent: "已提交：培训电脑记录的得分 {score} 分（{verdict}）。",
    sentPassed: "及格",
    sentFailed: "未及格",
    queued: "暂时连不上培训电脑。成绩已保存在这台平板上，连上后会自动提交，请不要清除浏览器数据。",
    wrongCode: "会话码不对，请核对后再点“提交成绩”。",
    rejected: "培训电脑没有接收这份成绩：{message}",
  };
  var MEMBER_RE = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
  var script = document.currentScript;
  var siteRoot = script ? script.src.replace(/assets\/javascripts\/[^\/]*$/, "") : "";
  var banks = (window.pinganQuizBanks = window.pinganQuizBanks || {});

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? "{" + key + "}" : String(values[key]);
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // An explanation is Markdown, rendered and sanitised when the site was built
  // (site/markdown.py: no script, no event handler survives); parsed in a <template>.
  function markdownFragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  // --- storage: localStorage when allowed, memory otherwise ------------------------------------
  var memory = {};
  var store = {
    get: function (key) {
      try {
        var raw = window.localStorage.getItem(key);
        return raw ? JSON.parse(raw) : null;
      } catch (e) {
        return memory[key] || null;
      }
    },
    set: function (key, value) {
      memory[key] = value;
      try {
        window.localStorage.setItem(key, JSON.stringify(value));
      } catch (e) {
        /* private mode or full: keep it in memory for this visit */
      }
    },
    remove: function (key) {
      delete memory[key];
      try {
        window.localStorage.removeItem(key);
      } catch (e) {
        /* nothing stored */
      }
    },
    keys: function () {
      try {
        return Object.keys(window.localStorage);
      } catch (e) {
        return Object.keys(memory);
      }
    },
  };

  // --- time: ISO 8601 with the device's UTC offset, e.g. 2024-06-05T09:20:41+08:00 -----------------
  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }
  function isoLocal(d) {
    var offset = -d.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return (
      d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
      "T" + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) +
      sign + pad(Math.floor(offset / 60)) + ":" + pad(offset % 60)
    );
  }

  function shuffled(list) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }

  function sameAnswer(a, b) {
    if (Array.isArray(a) && Array.isArray(b)) return a.slice().sort().join(",") === b.slice().sort().join(",");
    return a === b;
  }

  // --- pingan serve: detect the laptop, send results, keep what it has not acknowledged ------------
  var CODE_KEY = "pingan-serve-code";
  var QUEUE_KEY = "pingan-serve-queue";
  var DONE_KEY = "pingan-serve-done";
  var RETRY_MS = [2000, 4000, 8000, 15000];
  var server = {
    present: false,
    sending: false,
    retries: 0,
    timer: null,
    needCode: false,
    watchers: [],

    detect: function () {
      var fromUrl = null;
      try {
        fromUrl = new URLSearchParams(window.location.search).get("code");
      } catch (e) {
        /* very old browser: no code from the address */
      }
      if (fromUrl && /^[0-9]{4,12}$/.test(fromUrl)) store.set(CODE_KEY, fromUrl);
      if (!/^https?:$/.test(window.location.protocol) || !window.fetch) return;
      fetch(siteRoot + "api/ping", { cache: "no-store", credentials: "omit" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || data.service !== "pingan-serve") return;
          server.present = true;
          window.addEventListener("online", function () { server.flush(); });
          server.changed();
          server.flush();
        })
        .catch(function () { /* a plain web server: the quiz works as from file:// */ });
    },

    keyOf: function (doc) {
      return [doc.member, doc.bank, doc.finished].join("|");
    },
    queue: function () {
      return store.get(QUEUE_KEY) || [];
    },
    done: function () {
      return store.get(DONE_KEY) || {};
    },
    code: function () {
      return store.get(CODE_KEY) || "";
    },

    /* What happened to this result: {state: "none" | "queued" | "sent" | "rejected", …}. */
    stateOf: function (doc) {
      var key = this.keyOf(doc);
      var done = this.done()[key];
      if (done) return done;
      var queued = this.queue().some(function (item) { return item.key === key; });
      return { state: queued ? "queued" : "none" };
    },

    send: function (doc) {
      var key = this.keyOf(doc);
      var queue = this.queue();
      var done = this.done();
      if (done[key] && done[key].state === "rejected") {
        delete done[key]; // sent again on purpose (e.g. after fixing the code)
        store.set(DONE_KEY, done);
      }
      if (!done[key] && !queue.some(function (item) { return item.key === key; })) {
        queue.push({ key: key, doc: doc });
        store.set(QUEUE_KEY, queue);
      }
      this.needCode = false;
      this.retries = 0;
      this.changed();
      this.flush();
    },

    settle: function (key, outcome) {
      store.set(QUEUE_KEY, this.queue().filter(function (item) { return item.key !== key; }));
      var done = this.done();
      done[key] = outcome;
      var keys = Object.keys(done);
      if (keys.length > 200) delete done[keys[0]];
      store.set(DONE_KEY, done);
    },

    /* Send the oldest queued result; go on while the server acknowledges, else retry later. */
    flush: function () {
      var self = this;
      var queue = this.queue();
      if (!this.present || this.sending || !queue.length || this.needCode) return;
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      var item = queue[0];
      this.sending = true;
      fetch(siteRoot + "api/results", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Pingan-Code": this.code() },
        body: JSON.stringify(item.doc),
        cache: "no-store",
        credentials: "omit",
      })
        .then(function (r) {
          return r.json().then(
            function (data) { return { status: r.status, data: data }; },
            function () { return { status: r.status, data: {} }; }
          );
        })
        .then(
          function (answer) { self.answered(item, answer); },
          function () { self.answered(item, { status: 0, data: {} }); }
        );
    },

    answered: function (item, answer) {
      this.sending = false;
      if (answer.status === 200) {
        this.settle(item.key, { state: "sent", score: answer.data.score, passed: answer.data.passed });
        this.retries = 0;
      } else if (answer.status === 400 || answer.status === 413) {
        this.settle(item.key, { state: "rejected", message: answer.data.message || "" });
      } else if (answer.status === 401) {
        this.needCode = true; // kept: sent again once the member fixes the code
      } else {
        var self = this; // unreachable, busy or failed: keep it and try again
        this.timer = setTimeout(function () { self.timer = null; self.flush(); }, RETRY_MS[Math.min(this.retries, RETRY_MS.length - 1)]);
        this.retries++;
        this.changed();
        return;
      }
      this.changed();
      this.flush();
    },

    changed: function () {
      this.watchers.forEach(function (watch) { watch(); });
    },
  };

  // --- one quiz on one page ------------------------------------------------------------------------
  function Quiz(node, bank) {
    this.node = node;
    this.bank = bank;
    this.key = "pingan-quiz:" + bank.id + ":" + bank.digest;
    this.byId = {};
    for (var i = 0; i < bank.questions.length; i++) this.byId[bank.questions[i].id] = bank.questions[i];
    this.state = this.load();
    this.staticList = document.querySelector(".pingan-quiz-static");
  }

  Quiz.prototype.load = function () {
    var prefix = "pingan-quiz:" + this.bank.id + ":";
    var key = this.key;
    store.keys().forEach(function (k) {
      if (k.indexOf(prefix) === 0 && k !== key) store.remove(k); // progress on an older version of the bank
    });
    var state = store.get(this.key);
    return state && state.v === 1 && state.order ? state : null;
  };

  Quiz.prototype.save = function () {
    store.set(this.key, this.state);
  };

  Quiz.prototype.newAttempt = function (member) {
    var order = {};
    this.bank.questions.forEach(function (q) {
      order[q.id] = q.type === "true_false" ? [true, false] : shuffled(q.options.map(function (o) { return o[0]; }));
    });
    this.state = { v: 1, member: member, started: isoLocal(new Date()), finished: null, order: order, answers: {}, current: 0 };
    this.save();
  };

  Quiz.prototype.mount = function () {
    var quiz = this;
    server.watchers.push(function () {
      if (quiz.serverBox) quiz.serverBox();
      else if (server.present && quiz.state && quiz.state.finished && !quiz.reviewing) quiz.render();
    });
    this.node.classList.add("pingan-quiz--live");
    this.setListVisible(this.hashInList());
    var self = this;
    window.addEventListener("hashchange", function () {
      if (self.hashInList()) self.setListVisible(true);
    });
    this.render();
  };

  Quiz.prototype.hashInList = function () {
    var id = window.location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch (e) {
      /* keep it as it is */
    }
    var target = id && document.getElementById(id);
    return !!(target && this.staticList && this.staticList.contains(target));
  };

  Quiz.prototype.setListVisible = function (visible) {
    if (!this.staticList) return;
    this.staticList.hidden = !visible;
    if (this.listButton) this.listButton.textContent = visible ? TEXT.hideList : TEXT.showList;
  };

  Quiz.prototype.render = function () {
    this.serverBox = null;
    var body;
    if (!this.state) body = this.viewIntro();
    else if (this.state.finished && !this.reviewing) body = this.viewResult();
    else body = this.viewQuestion(Math.min(this.state.current || 0, this.bank.questions.length - 1));
    var self = this;
    this.listButton = el("button", {
      type: "button",
      class: "pingan-quiz__list-toggle",
      text: TEXT.showList,
      onclick: function () {
        self.setListVisible(self.staticList && self.staticList.hidden);
      },
    });
    this.setListVisible(this.staticList && !this.staticList.hidden);
    this.node.replaceChildren(body, this.staticList ? el("p", {}, [this.listButton]) : null);
  };

  Quiz.prototype.memberInput = function (value) {
    var input = el("input", {
      type: "text",
      class: "pingan-quiz__member",
      id: "pingan-quiz-member-" + this.bank.id,
      autocomplete: "off",
      autocapitalize: "characters",
      spellcheck: "false",
      value: value || "",
    });
    var label = el("label", { for: input.id, text: TEXT.memberLabel });
    return { input: input, field: el("div", { class: "pingan-quiz__field" }, [label, input, el("small", { text: TEXT.memberHint })]) };
  };

  Quiz.prototype.viewIntro = function () {
    var self = this;
    // Not prefilled from an earlier attempt: tablets are shared, and a result must not go to the wrong member.
    var member = this.memberInput("");
    var error = el("p", { class: "pingan-quiz__error", role: "alert" });
    var start = el("button", {
      type: "button",
      class: "md-button md-button--primary pingan-quiz__start",
      text: TEXT.start,
      onclick: function () {
        var id = member.input.value.trim();
        if (id && !MEMBER_RE.test(id)) {
          error.textContent = TEXT.memberInvalid;
          return;
        }
        self.newAttempt(id);
        self.render();
      },
    });
    return el("div", { class: "pingan-quiz__intro" }, [
      el("p", { text: fmt(TEXT.intro, { n: this.bank.questions.length, pass: this.bank.pass_mark }) }),
      member.field,
      error,
      el("p", {}, [start]),
    ]);
  };

  Quiz.prototype.optionsOf = function (q) {
    if (q.type === "true_false") {
      return this.state.order[q.id].map(function (value) {
        return { value: value, text: value ? TEXT.trueText : TEXT.falseText };
      });
    }
    var texts = {};
    q.options.forEach(function (o) { texts[o[0]] = o[1]; });
    return this.state.order[q.id].map(function (letter) {
      return { value: letter, text: texts[letter] };
    });
  };

  Quiz.prototype.viewQuestion = function (index) {
    var self = this;
    var q = this.bank.questions[index];
    var n = this.bank.questions.length;
    var given = this.state.answers[q.id];
    var answered = given !== undefined;
    var options = this.optionsOf(q);
    var shown = "ABCDEFGH";
    var inputType = q.type === "multiple" ? "checkbox" : "radio";
    var name = "pingan-q-" + q.id;

    var list = el("div", { class: "pingan-quiz__options", role: "group" });
    var inputs = [];
    options.forEach(function (option, i) {
      var chosen = answered && (Array.isArray(given) ? given.indexOf(option.value) >= 0 : given === option.value);
      var isKey = Array.isArray(q.answer) ? q.answer.indexOf(option.value) >= 0 : q.answer === option.value;
      var input = el("input", { type: inputType, name: name, value: String(option.value), checked: chosen, disabled: answered });
      input._value = option.value;
      inputs.push(input);
      var cls = "pingan-quiz__option";
      if (answered && isKey) cls += " is-key";
      if (answered && chosen && !isKey) cls += " is-wrong";
      list.appendChild(
        el("div", { class: cls }, [
          el("label", {}, [input, el("span", { class: "pingan-quiz__letter", text: shown[i] + "." }), el("span", { text: option.text })]),
        ])
      );
    });

    var error = el("p", { class: "pingan-quiz__error", role: "alert" });
    var feedback = el("div", { class: "pingan-quiz__feedback", "aria-live": "polite" });
    var nav = el("p", { class: "pingan-quiz__nav" });
    var submit = el("button", {
      type: "button",
      class: "md-button md-button--primary pingan-quiz__submit",
      text: TEXT.submit,
      onclick: function () {
        var picked = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i._value; });
        if (!picked.length) {
          error.textContent = TEXT.chooseFirst;
          return;
        }
        self.state.answers[q.id] = q.type === "multiple" ? picked.sort() : picked[0];
        self.state.current = index;
        self.save();
        self.render();
        var box = self.node.querySelector(".pingan-quiz__feedback");
        if (box && box.scrollIntoView) box.scrollIntoView({ block: "nearest" });
      },
    });

    if (answered) {
      feedback.appendChild(this.feedbackFor(q, given, options));
    }
    if (index > 0) {
      nav.appendChild(el("button", { type: "button", class: "md-button pingan-quiz__previous", text: TEXT.previous, onclick: function () { self.go(index - 1); } }));
    }
    if (!answered) nav.appendChild(submit);
    else if (this.state.finished) {
      if (index < n - 1) nav.appendChild(el("button", { type: "button", class: "md-button pingan-quiz__next", text: TEXT.next, onclick: function () { self.go(index + 1); } }));
      nav.appendChild(el("button", { type: "button", class: "md-button md-button--primary pingan-quiz__finish", text: TEXT.backToResult, onclick: function () { self.finish(); } }));
    } else if (index < n - 1) {
      nav.appendChild(el("button", { type: "button", class: "md-button md-button--primary pingan-quiz__next", text: TEXT.next, onclick: function () { self.go(index + 1); } }));
    } else if (this.allAnswered()) {
      nav.appendChild(el("button", { type: "button", class: "md-button md-button--primary pingan-quiz__finish", text: TEXT.finish, onclick: function () { self.finish(); } }));
    } else {
      nav.appendChild(el("button", { type: "button", class: "md-button md-button--primary pingan-quiz__next", text: TEXT.next, onclick: function () { self.go(self.firstUnanswered()); } }));
    }

    var answeredCount = Object.keys(this.state.answers).length;
    return el("div", { class: "pingan-quiz__question", "data-question": q.id }, [
      el("div", { class: "pingan-quiz__progress" }, [
        el("span", { class: "pingan-quiz__counter", text: fmt(TEXT.progress, { i: index + 1, n: n }) }),
        el("progress", { max: String(n), value: String(answeredCount) }),
      ]),
      el("p", {}, [el("span", { class: "pingan-qtype", text: TEXT.types[q.type] })]),
      el("p", { class: "pingan-quiz__stem", text: q.stem }),
      list,
      error,
      feedback,
      nav,
    ]);
  };

  Quiz.prototype.feedbackFor = function (q, given, options) {
    var right = sameAnswer(given, q.answer);
    var shown = "ABCDEFGH";
    var keyLetters = [];
    options.forEach(function (option, i) {
      var isKey = Array.isArray(q.answer) ? q.answer.indexOf(option.value) >= 0 : q.answer === option.value;
      if (isKey) keyLetters.push(q.type === "true_false" ? option.text : shown[i]);
    });
    var parts = [el("p", { class: "pingan-quiz__verdict", text: right ? "✔ " + TEXT.correct : "✘ " + TEXT.wrong })];
    if (!right) parts.push(el("p", { text: fmt(TEXT.rightAnswer, { answer: keyLetters.join("、") }) }));
    if (q.explanation_html) parts.push(el("div", { class: "pingan-quiz__explanation" }, [el("strong", { text: TEXT.explanation }), markdownFragment(q.explanation_html)]));
    if (q.source) {
      parts.push(el("p", { class: "pingan-quiz__source" }, [TEXT.source, el("a", { href: siteRoot + q.source.href, text: q.source.label })]));
    }
    return el("div", { class: right ? "is-right" : "is-wrong" }, parts);
  };

  Quiz.prototype.go = function (index) {
    this.state.current = index;
    this.save();
    this.render();
    if (this.node.scrollIntoView) this.node.scrollIntoView({ block: "start" });
  };

  Quiz.prototype.allAnswered = function () {
    return this.firstUnanswered() < 0;
  };

  Quiz.prototype.firstUnanswered = function () {
    for (var i = 0; i < this.bank.questions.length; i++) {
      if (this.state.answers[this.bank.questions[i].id] === undefined) return i;
    }
    return -1;
  };

  Quiz.prototype.finish = function () {
    this.reviewing = false;
    if (!this.state.finished) {
      this.state.finished = isoLocal(new Date());
      if (server.present && MEMBER_RE.test(this.state.member || "") && server.code()) server.send(this.result());
    }
    this.save();
    this.render();
    if (this.node.scrollIntoView) this.node.scrollIntoView({ block: "start" });
  };

  Quiz.prototype.score = function () {
    var self = this;
    var right = this.bank.questions.filter(function (q) { return sameAnswer(self.state.answers[q.id], q.answer); });
    var n = this.bank.questions.length;
    return { right: right.length, n: n, percent: Math.round((right.length * 100) / n) };
  };

  Quiz.prototype.result = function () {
    var answers = {};
    var state = this.state;
    this.bank.questions.forEach(function (q) {
      if (state.answers[q.id] !== undefined) answers[q.id] = state.answers[q.id];
    });
    return {
      format: this.bank.result_format,
      member: state.member,
      bank: this.bank.id,
      bank_digest: this.bank.digest,
      started: state.started,
      finished: state.finished,
      answers: answers,
      score: this.score().percent,
    };
  };

  Quiz.prototype.fileName = function () {
    var stamp = this.state.finished.slice(0, 16).replace(/[-T:]/g, "");
    return "pingan-" + this.bank.id + "-" + this.state.member + "-" + stamp + ".json";
  };

  Quiz.prototype.viewResult = function () {
    var self = this;
    var score = this.score();
    var passed = score.percent >= this.bank.pass_mark;
    var wrong = this.bank.questions
      .map(function (q, i) { return { q: q, i: i }; })
      .filter(function (x) { return !sameAnswer(self.state.answers[x.q.id], x.q.answer); });

    var member = this.memberInput(this.state.member);
    var message = el("p", { class: "pingan-quiz__saved", role: "status" });
    var qr = el("div", { class: "pingan-quiz__qr" });
    var save = el("button", {
      type: "button",
      class: "md-button md-button--primary pingan-quiz__save",
      text: TEXT.save,
      onclick: function () {
        var id = member.input.value.trim();
        if (!id) {
          message.textContent = TEXT.needMember;
          member.input.focus();
          return;
        }
        if (!MEMBER_RE.test(id)) {
          message.textContent = TEXT.memberInvalid;
          return;
        }
        self.setMember(id);
        var name = self.fileName();
        download(name, JSON.stringify(self.result()) + "\n");
        message.textContent = fmt(TEXT.saved, { name: name });
        self.drawQr(qr);
      },
    });
    member.input.addEventListener("change", function () {
      var id = member.input.value.trim();
      if (MEMBER_RE.test(id)) {
        self.setMember(id);
        self.drawQr(qr);
      }
    });
    var restart = el("button", {
      type: "button",
      class: "md-button pingan-quiz__restart",
      text: TEXT.restart,
      onclick: function () {
        if (!window.confirm(TEXT.restartConfirm)) return;
        self.reviewing = false;
        self.newAttempt(self.state.member);
        self.render();
      },
    });
    if (this.state.member) this.drawQr(qr);

    return el("div", { class: "pingan-quiz__result " + (passed ? "is-passed" : "is-failed") }, [
      el("p", { class: "pingan-quiz__score", text: fmt(TEXT.scoreLine, { score: score.percent, right: score.right, n: score.n }) }),
      el("p", { class: "pingan-quiz__verdict", text: fmt(passed ? TEXT.passed : TEXT.failed, { pass: this.bank.pass_mark }) }),
      wrong.length
        ? el("div", { class: "pingan-quiz__wrong" }, [
            el("p", { text: TEXT.wrongList }),
            el("ul", {}, wrong.map(function (x) {
              return el("li", {}, [el("a", { href: "#", text: x.i + 1 + ". " + x.q.stem, onclick: function (e) { e.preventDefault(); self.review(x.i); } })]);
            })),
          ])
        : null,
      member.field,
      server.present ? this.viewServer(member) : null,
      el("p", {}, [save, " ", restart]),
      message,
      qr,
    ]);
  };

  /* Served by `pingan serve`: the session code, "提交成绩", and what the laptop answered. */
  Quiz.prototype.viewServer = function (member) {
    var self = this;
    var code = el("input", {
      type: "text",
      class: "pingan-quiz__code",
      id: "pingan-quiz-code-" + this.bank.id,
      inputmode: "numeric",
      autocomplete: "off",
      value: server.code(),
    });
    var codeField = el("div", { class: "pingan-quiz__field" }, [
      el("label", { for: code.id, text: TEXT.codeLabel }),
      code,
      el("small", { text: TEXT.codeHint }),
    ]);
    var line = el("p", { class: "pingan-quiz__server-status", role: "status" });
    var send = el("button", {
      type: "button",
      class: "md-button md-button--primary pingan-quiz__send",
      text: TEXT.sendResult,
      onclick: function () {
        var id = member.input.value.trim();
        var typed = code.value.trim();
        if (!id || !MEMBER_RE.test(id)) {
          line.textContent = id ? TEXT.memberInvalid : TEXT.needMemberServer;
          member.input.focus();
          return;
        }
        if (!/^[0-9]{4,12}$/.test(typed)) {
          line.textContent = TEXT.codeInvalid;
          code.focus();
          return;
        }
        store.set(CODE_KEY, typed);
        self.setMember(id);
        server.send(self.result());
      },
    });
    this.serverBox = function () {
      var known = self.state.member ? server.stateOf(self.result()) : { state: "none" };
      var sent = known.state === "sent";
      send.hidden = sent || (known.state === "queued" && !server.needCode);
      codeField.hidden = sent || (!!server.code() && !server.needCode);
      if (sent) {
        var score = Math.round(known.score * 10) / 10; // the ledger's score, to one decimal
        line.textContent = fmt(TEXT.sent, { score: score, verdict: known.passed ? TEXT.sentPassed : TEXT.sentFailed });
      } else if (known.state === "rejected") {
        line.textContent = fmt(TEXT.rejected, { message: known.message });
      } else if (known.state === "queued") {
        line.textContent = server.needCode ? TEXT.wrongCode : server.sending && !server.retries ? TEXT.sending : TEXT.queued;
      } else {
        line.textContent = "";
      }
      line.className = "pingan-quiz__server-status" + (sent ? " is-sent" : "");
    };
    this.serverBox();
    return el("div", { class: "pingan-quiz__server" }, [
      el("p", {}, [el("strong", { text: TEXT.serverTitle })]),
      codeField,
      el("p", {}, [send]),
      line,
    ]);
  };

  Quiz.prototype.review = function (index) {
    // Reviewing an answered question from the result page; the attempt stays finished.
    this.reviewing = true;
    this.go(index);
  };

  Quiz.prototype.setMember = function (id) {
    this.state.member = id;
    this.save();
  };

  Quiz.prototype.drawQr = function (box) {
    var text = JSON.stringify(this.result());
    box.replaceChildren();
    if (typeof window.qrcode !== "function") {
      box.appendChild(el("p", { class: "pingan-quiz__qr-note", text: TEXT.qrMissing }));
      return;
    }
    var svg, modules;
    try {
      window.qrcode.stringToBytes = window.qrcode.stringToBytesFuncs["UTF-8"];
      var code = window.qrcode(0, "L"); // type 0: the smallest version that fits; L: most capacity
      code.addData(text, "Byte");
      code.make();
      modules = code.getModuleCount();
      svg = code.createSvgTag({ cellSize: 4, margin: 16, scalable: true, title: TEXT.qrTitle });
    } catch (e) {
      box.appendChild(el("p", { class: "pingan-quiz__qr-note", text: TEXT.qrTooLong }));
      return;
    }
    var figure = el("div", { class: "pingan-quiz__qr-code", role: "img", "aria-label": TEXT.qrTitle });
    figure.innerHTML = svg; // generated markup: only rects and our fixed title
    // About 5 CSS pixels a module, so dense codes (long banks) stay scannable; never wider than the page.
    figure.style.width = "min(100%, " + Math.max(240, (modules + 8) * 5) + "px)";
    box.appendChild(figure);
    box.appendChild(el("p", { class: "pingan-quiz__qr-note", text: TEXT.qrHint }));
  };

  function download(name, text) {
    var blob = new Blob([text], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: name, hidden: true });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(url);
      link.remove();
    }, 1000);
  }

  // --- mounting ------------------------------------------------------------------------------
  function loadBank(id, done, failed) {
    if (banks[id]) return done(banks[id]);
    var tag = el("script", { src: siteRoot + "assets/quizzes/" + encodeURIComponent(id) + ".js" });
    tag.addEventListener("load", function () {
      if (banks[id]) done(banks[id]);
      else failed();
    });
    tag.addEventListener("error", failed);
    document.head.appendChild(tag);
  }

  function mountAll() {
    var nodes = document.querySelectorAll("div.pingan-quiz[id^='pingan-quiz-']");
    Array.prototype.forEach.call(nodes, function (node) {
      var id = node.id.slice("pingan-quiz-".length);
      loadBank(
        id,
        function (bank) {
          new Quiz(node, bank).mount();
        },
        function () {
          node.replaceChildren(el("p", { class: "pingan-quiz__error", text: TEXT.loadFailed }));
        }
      );
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
  server.detect();
})();
