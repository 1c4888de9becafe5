/* pingan serve: the roll call (/roll). Open today's session, "其余全部出勤", then tap the exceptions.
 * Every tap is saved at once (POST /api/attendance); the page refreshes the marks every 10 s
 * so members who signed in on their own tablet appear.
 */
(function () {
  "use strict";

  var S = window.pinganServe;
  var T = S.T;
  var STATUSES = ["present", "late", "excused", "absent"];
  var roll = null; // what /api/roll returned
  var rows = {}; // member id → {li, buttons}

  function load() {
    S.api("GET", "/api/roll").then(function (answer) {
      if (answer.status !== 200) {
        S.status(answer.data.message || T.offline);
        return;
      }
      S.status("");
      var first = roll === null;
      roll = answer.data;
      if (first || !document.getElementById("roll").childElementCount) renderSession();
      else updateMarks();
    });
  }

  function sessionLine(session) {
    var course = roll.courses.filter(function (c) { return c.id === session.course; })[0];
    return [T.types[session.kind] || session.kind, course ? course.title : session.course, session.place, session.trainer]
      .filter(Boolean)
      .join(" · ");
  }

  function renderSession() {
    var box = document.getElementById("roll-session");
    box.hidden = false;
    if (roll.session) {
      box.replaceChildren(
        S.el("h2", { text: S.fmt(T.sessionTitle, { date: roll.date }) }),
        S.el("p", { class: "serve-session__line" }, [
          S.el("span", { text: sessionLine(roll.session) }),
          " ",
          S.el("button", { type: "button", class: "serve-button serve-session__change", text: T.change, onclick: showSessionForm }),
        ])
      );
      renderRoll();
    } else {
      showSessionForm();
    }
  }

  function field(label, control) {
    return S.el("label", { class: "serve-field" }, [S.el("span", { text: label }), control]);
  }

  function showSessionForm() {
    var box = document.getElementById("roll-session");
    var current = roll.session || {};
    var type = S.el("select", { name: "type" }, ["training", "drill"].map(function (kind) {
      return S.el("option", { value: T.types[kind], text: T.types[kind], selected: current.kind === kind });
    }));
    var course = S.el("select", { name: "course" });
    [[T.courseThisMonth, true], [T.courseOthers, false]].forEach(function (group) {
      var courses = roll.courses.filter(function (c) { return c.this_month === group[1]; });
      if (!courses.length) return;
      course.appendChild(S.el("optgroup", { label: group[0] }, courses.map(function (c) {
        return S.el("option", { value: c.id, text: c.title, selected: current.course === c.id });
      })));
    });
    course.appendChild(S.el("option", { value: "", text: T.courseOther }));
    var other = S.el("input", { name: "other", hidden: true, maxlength: "200" });
    var place = S.el("input", { name: "place", maxlength: "200", value: current.place || "" });
    var trainer = S.el("input", { name: "trainer", maxlength: "200", value: current.trainer || "" });
    var error = S.el("p", { class: "serve-error", role: "alert" });
    function fill() {
      var chosen = roll.courses.filter(function (c) { return c.id === course.value; })[0];
      other.hidden = !!chosen;
      if (chosen) {
        type.value = T.types[chosen.kind];
        if (!roll.session) {
          place.value = chosen.place;
          trainer.value = chosen.trainer;
        }
      }
    }
    course.addEventListener("change", fill);
    fill();
    var form = S.el("form", { class: "serve-session__form" }, [
      S.el("h2", { text: S.fmt(T.sessionTitle, { date: roll.date }) }),
      field(T.course, course),
      other,
      field(T.type, type),
      field(T.place, place),
      field(T.trainer, trainer),
      S.el("button", { type: "submit", class: "serve-button serve-button--primary serve-session__open", text: T.open }),
      error,
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = {
        date: roll.date,
        type: type.value,
        course: course.value || other.value.trim(),
        place: place.value.trim(),
        trainer: trainer.value.trim(),
      };
      S.api("POST", "/api/session", body).then(function (answer) {
        if (answer.status !== 200) {
          error.textContent = answer.data.message || T.offline;
          return;
        }
        roll.session = answer.data.session;
        roll.statuses = {};
        renderSession();
        load();
      });
    });
    box.replaceChildren(form);
    document.getElementById("roll").hidden = true;
  }

  function payload(extra) {
    var session = roll.session;
    var body = { date: session.date, type: T.types[session.kind], course: session.course, place: session.place, trainer: session.trainer };
    Object.keys(extra).forEach(function (key) { body[key] = extra[key]; });
    return body;
  }

  function mark(member, status) {
    var row = rows[member];
    row.li.classList.add("is-saving");
    row.note.textContent = T.saving;
    S.api("POST", "/api/attendance", payload({ member: member, status: T.statuses[status] })).then(function (answer) {
      row.li.classList.remove("is-saving");
      if (answer.status === 200) {
        roll.statuses[member] = status;
        roll.self_signed = roll.self_signed.filter(function (id) { return id !== member; });
        row.note.textContent = "";
      } else {
        row.note.textContent = S.fmt(T.failed, { message: answer.data.message || T.offline });
      }
      updateMarks();
    });
  }

  function allPresent(button) {
    var unmarked = Object.keys(rows).filter(function (id) { return !roll.statuses[id]; });
    if (!unmarked.length) return;
    button.disabled = true;
    S.api("POST", "/api/attendance", payload({ members: unmarked, status: T.statuses.present })).then(function (answer) {
      button.disabled = false;
      if (answer.status === 200) {
        unmarked.forEach(function (id) { roll.statuses[id] = "present"; });
        S.status(S.fmt(T.allPresentDone, { n: unmarked.length }));
      } else {
        S.status(S.fmt(T.failed, { message: answer.data.message || T.offline }));
      }
      updateMarks();
    });
  }

  function memberRow(member) {
    var buttons = {};
    var li = S.el("li", { class: "serve-member", "data-member": member.id, "data-search": (member.name + " " + member.id).toLowerCase() });
    var note = S.el("span", { class: "serve-member__note" });
    var badge = S.el("span", { class: "serve-badge", text: T.selfSigned, hidden: true });
    var choices = S.el("span", { class: "serve-member__marks", role: "group" });
    STATUSES.forEach(function (status) {
      buttons[status] = S.el("button", {
        type: "button",
        class: "serve-mark serve-mark--" + status,
        "data-status": status,
        "aria-pressed": "false",
        text: T.statuses[status],
        onclick: function () { mark(member.id, status); },
      });
      choices.appendChild(buttons[status]);
    });
    li.append(
      S.el("span", { class: "serve-member__name", text: member.name }),
      S.el("span", { class: "serve-member__id", text: member.id }),
      badge,
      choices,
      note
    );
    rows[member.id] = { li: li, buttons: buttons, badge: badge, note: note };
    return li;
  }

  function renderRoll() {
    var box = document.getElementById("roll");
    rows = {};
    var search = S.el("input", { type: "search", class: "serve-search", placeholder: T.search, "aria-label": T.search });
    var all = S.el("button", { type: "button", class: "serve-button serve-button--primary serve-all-present", text: T.allPresent });
    all.addEventListener("click", function () { allPresent(all); });
    var teams = roll.teams.map(function (team) {
      return S.el("section", { class: "serve-team", "data-team": team.id }, [
        S.el("h3", { text: team.name }),
        S.el("ul", { class: "serve-members" }, team.members.map(memberRow)),
      ]);
    });
    search.addEventListener("input", function () {
      var needle = search.value.trim().toLowerCase();
      teams.forEach(function (section) {
        var shown = 0;
        section.querySelectorAll(".serve-member").forEach(function (li) {
          li.hidden = needle !== "" && li.getAttribute("data-search").indexOf(needle) < 0;
          if (!li.hidden) shown++;
        });
        section.hidden = shown === 0;
      });
    });
    box.replaceChildren.apply(box, [
      S.el("div", { class: "serve-roll__tools" }, [search, all]),
      S.el("p", { class: "serve-counts", id: "roll-counts", role: "status" }),
    ].concat(teams));
    box.hidden = false;
    updateMarks();
  }

  function updateMarks() {
    var counts = { present: 0, late: 0, excused: 0, absent: 0 };
    var selfSigned = {};
    roll.self_signed.forEach(function (id) { selfSigned[id] = true; });
    Object.keys(rows).forEach(function (id) {
      var status = roll.statuses[id];
      if (status) counts[status]++;
      STATUSES.forEach(function (s) {
        rows[id].buttons[s].setAttribute("aria-pressed", s === status ? "true" : "false");
      });
      rows[id].li.setAttribute("data-status", status || "");
      rows[id].badge.hidden = !selfSigned[id];
    });
    var counter = document.getElementById("roll-counts");
    if (counter) {
      counter.textContent = S.fmt(T.counts, {
        marked: counts.present + counts.late + counts.excused + counts.absent,
        total: Object.keys(rows).length,
        present: counts.present,
        late: counts.late,
        excused: counts.excused,
        absent: counts.absent,
      });
    }
  }

  S.trainerLogin(function () {
    load();
    window.setInterval(function () {
      if (roll && roll.session) load();
    }, 10000);
  });
})();
