/* sellerkb: sortable tables and the case explorer. No dependencies, nothing loaded from
   elsewhere. Case data is only ever written with textContent. */
(function () {
  "use strict";

  function sortTable(table, column, header) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var key = function (row) {
      var cell = row.cells[column];
      if (!cell) return "";
      return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim().toLowerCase();
    };
    var numeric = rows.every(function (r) { var k = key(r); return k === "" || !isNaN(Number(k)); });
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function makeSortable(table) {
    table.querySelectorAll("thead th").forEach(function (th, column) {
      th.tabIndex = 0;
      th.title = "Sort by this column";
      th.addEventListener("click", function () { sortTable(table, column, th); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortTable(table, column, th);
        }
      });
    });
  }

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function explorer(form) {
    var data = window.SKB_EXPLORER;
    if (!data) return;
    var root = form.dataset.root || "";
    var count = document.getElementById("skb-explorer-count");
    var body = document.querySelector("#skb-explorer-results tbody");
    form.querySelectorAll("select[data-filter]").forEach(function (select) {
      var options = data.options[select.dataset.filter] || {};
      Object.keys(options).forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = options[value];
        select.appendChild(option);
      });
    });
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (element) {
      if (element.name && params.has(element.name)) element.value = params.get(element.name);
    });

    function matches(item, state) {
      for (var name in item.f) {
        var wanted = state[name];
        if (wanted && item.f[name].indexOf(wanted) < 0) return false;
      }
      var year = Number(item.d.slice(0, 4));
      if (state.from && year < Number(state.from)) return false;
      if (state.to && year > Number(state.to)) return false;
      if (state.q) {
        var text = (item.t + " " + item.s + " " + item.id).toLowerCase();
        var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
        for (var i = 0; i < words.length; i++) if (text.indexOf(words[i]) < 0) return false;
      }
      return true;
    }

    function update(push) {
      var state = {};
      var query = new URLSearchParams();
      Array.prototype.forEach.call(form.elements, function (element) {
        if (element.name && element.value) {
          state[element.name] = element.value.trim();
          query.set(element.name, element.value.trim());
        }
      });
      var found = data.cases.filter(function (item) { return matches(item, state); });
      var rows = document.createDocumentFragment();
      found.forEach(function (item) {
        var tr = document.createElement("tr");
        var date = cell(item.d);
        date.dataset.sort = item.d;
        tr.appendChild(date);
        var title = document.createElement("td");
        var a = document.createElement("a");
        a.href = root + item.u;
        a.textContent = item.t;
        title.appendChild(a);
        tr.appendChild(title);
        tr.appendChild(cell(data.options.kindName[item.f.kind[0]] || item.f.kind[0]));
        tr.appendChild(cell(data.options.statusName[item.f.status[0]] || item.f.status[0]));
        tr.appendChild(cell(item.f.platform.map(function (p) { return data.options.platformName[p] || p; }).join(", ")));
        tr.className = "skb-result";
        rows.appendChild(tr);
      });
      body.replaceChildren(rows);
      count.textContent = found.length + " " + (count.dataset.of || "of") + " " + data.cases.length + " " + (count.dataset.cases || "cases");
      if (push) {
        var search = query.toString();
        history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
      }
    }

    form.addEventListener("input", function () { update(true); });
    form.addEventListener("change", function () { update(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
    update(false);
  }

  function start() {
    document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
    var form = document.getElementById("skb-explorer");
    if (form) explorer(form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
