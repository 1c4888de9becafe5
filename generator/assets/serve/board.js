/* pingan serve: the live board (/board). Who signed in, who handed in which quiz with what
 * score, who is still missing; reloads /api/board every 5 seconds.
 */
(function () {
  "use strict";

  var S = window.pinganServe;
  var T = S.T;

  function list(title, members, line) {
    return S.el("section", { class: "serve-board__list" }, [
      S.el("h2", { text: title }),
      members.length
        ? S.el("ul", {}, members.map(function (m) { return S.el("li", { "data-member": m.id }, line(m)); }))
        : S.el("p", { text: T.none }),
    ]);
  }

  function who(m) {
    return [S.el("span", { class: "serve-member__name", text: m.name }), " ", S.el("span", { class: "serve-member__id", text: m.id + " · " + m.team })];
  }

  function render(board) {
    var box = document.getElementById("board");
    var session = board.session;
    var signed = board.members.filter(function (m) { return m.status === "present" || m.status === "late"; });
    var results = board.members.filter(function (m) { return m.results.length; });
    var missing = board.members.filter(function (m) { return !m.status || m.status === "absent"; });
    box.replaceChildren(
      S.el("p", {
        class: "serve-board__session",
        text: session ? S.fmt(T.boardSession, { date: board.date, type: T.types[session.kind] || session.kind, course: board.course }) : T.boardNoSession,
      }),
      S.el("p", { class: "serve-board__counts" }, [
        S.el("strong", { text: S.fmt(T.signedIn, { n: board.signed_in }) }), "　",
        S.el("strong", { text: S.fmt(T.submitted, { n: board.submitted }) }), "　",
        S.el("strong", { text: S.fmt(T.missing, { n: board.missing }) }),
      ]),
      S.el("div", { class: "serve-board__lists" }, [
        list(T.listSigned, signed, function (m) {
          return who(m).concat([" ", S.el("span", { class: "serve-mark--" + m.status, text: T.statuses[m.status] }), m.self_signed ? S.el("span", { class: "serve-badge", text: T.selfSigned }) : null]);
        }),
        list(T.listResults, results, function (m) {
          return who(m).concat(m.results.map(function (r) {
            return S.el("span", { class: "serve-result " + (r.passed ? "is-passed" : "is-failed") }, [
              S.fmt(T.score, { title: r.title, score: r.score }) + " " + (r.passed ? T.passed : T.failedMark) + " " + r.finished,
            ]);
          }));
        }),
        list(T.listMissing, missing, who),
      ])
    );
    box.hidden = false;
    S.status(S.fmt(T.updated, { time: new Date().toTimeString().slice(0, 8) }));
  }

  function load() {
    S.api("GET", "/api/board").then(function (answer) {
      if (answer.status === 200) render(answer.data);
      else S.status(answer.data.message || T.offline);
    });
  }

  S.trainerLogin(function () {
    load();
    window.setInterval(load, 5000);
  });
})();
