/// The docs page's stylesheet and script, written for Kiln and inlined into `index.html` so
/// the page works from a file or any server with no network.
enum DocsSiteAssets {
  static let css = """
    *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;background:#f6f7f9}
    header{display:flex;align-items:center;gap:12px;padding:8px 14px;background:#1d2430;color:#fff}
    header .muted{color:#aab3c2}#search{margin-left:auto;width:280px;padding:5px 8px;border-radius:4px;border:0}
    #layout{display:flex;height:calc(100vh - 44px)}#sidebar{width:250px;overflow:auto;background:#fff;border-right:1px solid #dde1e7}
    #node-list{list-style:none;margin:0;padding:6px 0}#node-list li{padding:3px 12px;cursor:pointer;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
    #node-list li:hover{background:#eef2f8}#node-list li.selected{background:#dbe7ff;font-weight:600}#node-list li.hidden{display:none}
    #node-list li.group{font-weight:700;color:#5b6678;cursor:default;margin-top:6px;background:none}
    .badge{display:inline-block;font-size:11px;padding:0 5px;border-radius:3px;margin-right:5px;color:#fff;background:#7a8596}
    .t-source{background:#2e8b57}.t-seed{background:#8a6d3b}.t-model{background:#3866c8}.t-snapshot{background:#8e44ad}.t-analysis{background:#b35c00}.t-exposure{background:#c0392b}
    main{flex:1;display:flex;flex-direction:column;min-width:0}#graph-panel{height:46%;flex:none;overflow:auto;background:#fff;border-bottom:1px solid #dde1e7}
    #page{flex:1;overflow:auto;padding:14px 20px}svg .edge{fill:none;stroke:#b9c1cd;stroke-width:1.3}
    svg .node rect{fill:#fff;stroke:#7a8596;stroke-width:1.2;rx:5}svg .node{cursor:pointer}svg .node text{font-size:12px;fill:#1d2430}
    svg .node.source rect{stroke:#2e8b57}svg .node.seed rect{stroke:#8a6d3b}svg .node.model rect{stroke:#3866c8}svg .node.exposure rect{stroke:#c0392b;stroke-dasharray:4 2}
    svg .node.selected rect{stroke-width:3}svg .node.lineage-focus rect{fill:#ffe08a;stroke:#b88a00;stroke-width:3}
    svg .node.lineage-upstream rect{fill:#c9f2d2;stroke:#1f8a3a;stroke-width:2.5}svg .node.lineage-downstream rect{fill:#d5e4ff;stroke:#2d5fc2;stroke-width:2.5}
    svg .edge.lineage-edge{stroke:#e0902b;stroke-width:3}svg .node.dim{opacity:.35}svg .edge.dim{opacity:.25}
    table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e6e9ee;vertical-align:top}
    th{background:#eef1f5}tr.chosen td{background:#fff4cf}button.col{border:0;background:none;color:#2d5fc2;cursor:pointer;padding:0;font:inherit;text-decoration:underline}
    pre{background:#1d2430;color:#e8ecf2;padding:10px;overflow:auto;border-radius:4px;font-size:12.5px}
    .d-copy{color:#1f8a3a}.d-transform{color:#b35c00}.d-filter{color:#7a8596}.warn{color:#a0522d}
    .cols{display:flex;gap:24px;flex-wrap:wrap}.cols>div{flex:1;min-width:260px}a{color:#2d5fc2;cursor:pointer}
    """

  static let script = #"""
    (function () {
      "use strict";
      var data = JSON.parse(document.getElementById("kiln-data").textContent);
      var byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
      var NS = "http://www.w3.org/2000/svg";
      var rank = { copy: 0, transform: 1, filter: 2 };
      var includeFilters = false;
      function key(n, c) { return n + "|" + String(c).toLowerCase(); }
      var up = new Map(), down = new Map();
      data.nodes.forEach(function (n) {
        n.columns.forEach(function (c) {
          up.set(key(n.id, c.name), c.sources.map(function (s) { return [s[0], s[1], s[2]]; }));
          c.sources.forEach(function (s) {
            var k = key(s[0], s[1]);
            if (!down.has(k)) down.set(k, []);
            down.get(k).push([n.id, c.name, s[2]]);
          });
        });
      });
      function el(tag, attrs, text) {
        var e = document.createElement(tag);
        for (var a in attrs || {}) e.setAttribute(a, attrs[a]);
        if (text !== undefined) e.textContent = text;
        return e;
      }
      function name(id) { var n = byId.get(id); return n ? n.name : id; }

      // Columns reachable from (node, column) through `index`, with the weakest derivation on
      // the way and the graph edges walked.
      function closure(node, column, index, forward) {
        var out = new Map(), edges = new Set(), queue = [[node, column, "copy"]];
        while (queue.length) {
          var item = queue.shift();
          (index.get(key(item[0], item[1])) || []).forEach(function (s) {
            if (s[2] === "filter" && !includeFilters) return;
            var d = rank[s[2]] > rank[item[2]] ? s[2] : item[2];
            var k = key(s[0], s[1]);
            edges.add(forward ? item[0] + ">" + s[0] : s[0] + ">" + item[0]);
            var old = out.get(k);
            if (old && rank[old.derivation] <= rank[d]) return;
            out.set(k, { node: s[0], column: s[1], derivation: d });
            queue.push([s[0], s[1], d]);
          });
        }
        return { columns: Array.from(out.values()), edges: edges };
      }

      // The graph, at the positions Kiln computed.
      var svg = document.getElementById("graph");
      // A graph up to twice the panel's width is scaled to fit; a bigger one keeps its size
      // and scrolls.
      var panel = document.getElementById("graph-panel");
      var scale = Math.min(1, (panel.clientWidth || data.width) / data.width);
      if (scale < 0.5) scale = 1;
      svg.setAttribute("viewBox", "0 0 " + data.width + " " + data.height);
      svg.setAttribute("width", Math.floor(data.width * scale));
      svg.setAttribute("height", Math.floor(data.height * scale));
      panel.style.maxHeight = Math.floor(data.height * scale + 24) + "px";
      var W = data.node_width, H = data.node_height;
      var edgeEls = new Map(), nodeEls = new Map();
      data.nodes.forEach(function (n) {
        n.parents.forEach(function (p) {
          var a = byId.get(p);
          if (!a) return;
          var x1 = a.x + W, y1 = a.y + H / 2, x2 = n.x, y2 = n.y + H / 2, mx = (x1 + x2) / 2;
          var path = document.createElementNS(NS, "path");
          path.setAttribute("d", "M" + x1 + "," + y1 + " C" + mx + "," + y1 + " " + mx + "," + y2 + " " + x2 + "," + y2);
          path.setAttribute("class", "edge");
          path.setAttribute("data-edge", p + ">" + n.id);
          svg.appendChild(path);
          edgeEls.set(p + ">" + n.id, path);
        });
      });
      data.nodes.forEach(function (n) {
        var g = document.createElementNS(NS, "g");
        g.setAttribute("class", "node " + n.type);
        g.setAttribute("data-id", n.id);
        g.setAttribute("transform", "translate(" + n.x + "," + n.y + ")");
        var r = document.createElementNS(NS, "rect");
        r.setAttribute("width", W); r.setAttribute("height", H); r.setAttribute("rx", 5);
        var t = document.createElementNS(NS, "text");
        t.setAttribute("x", 8); t.setAttribute("y", H / 2 + 4);
        t.textContent = n.name.length > 26 ? n.name.slice(0, 25) + "…" : n.name;
        var title = document.createElementNS(NS, "title");
        title.textContent = n.id;
        g.appendChild(r); g.appendChild(t); g.appendChild(title);
        g.addEventListener("click", function () { go(n.id); });
        svg.appendChild(g);
        nodeEls.set(n.id, g);
      });

      // The searchable list, grouped by resource type.
      var list = document.getElementById("node-list");
      ["source", "seed", "model", "snapshot", "analysis", "exposure"].forEach(function (type) {
        var ns = data.nodes.filter(function (n) { return n.type === type; })
          .sort(function (a, b) { return a.name < b.name ? -1 : 1; });
        if (!ns.length) return;
        list.appendChild(el("li", { "class": "group" }, type + "s (" + ns.length + ")"));
        ns.forEach(function (n) {
          var li = el("li", { "data-id": n.id, title: n.id }, n.name);
          li.addEventListener("click", function () { go(n.id); });
          list.appendChild(li);
        });
      });
      var search = document.getElementById("search");
      search.addEventListener("input", function () {
        var q = search.value.toLowerCase();
        list.querySelectorAll("li[data-id]").forEach(function (li) {
          var hit = !q || li.getAttribute("data-id").toLowerCase().indexOf(q) >= 0;
          li.classList.toggle("hidden", !hit);
        });
      });
      search.addEventListener("keydown", function (e) {
        if (e.key !== "Enter") return;
        var first = list.querySelector("li[data-id]:not(.hidden)");
        if (first) go(first.getAttribute("data-id"));
      });

      function go(id, column) {
        location.hash = "#!/" + encodeURIComponent(id) + (column ? "/" + encodeURIComponent(column) : "");
      }
      function link(id) {
        var a = el("a", { "data-id": id }, name(id));
        a.addEventListener("click", function () { go(id); });
        return a;
      }
      function columnLink(n, c, d) {
        var li = el("li", { "class": "lineage-item", "data-node": n, "data-column": c, "data-derivation": d });
        var a = el("a", {}, name(n) + "." + c);
        a.addEventListener("click", function () { go(n, c); });
        li.appendChild(a);
        li.appendChild(el("span", { "class": "d-" + d }, " " + d));
        return li;
      }

      function highlight(id, column) {
        nodeEls.forEach(function (g, nid) {
          g.classList.remove("selected", "lineage-focus", "lineage-upstream", "lineage-downstream", "dim");
          if (nid === id) g.classList.add("selected");
        });
        edgeEls.forEach(function (e) { e.classList.remove("lineage-edge", "dim"); });
        list.querySelectorAll("li[data-id]").forEach(function (li) {
          li.classList.toggle("selected", li.getAttribute("data-id") === id);
        });
        if (!column) return null;
        var u = closure(id, column, up, false), d = closure(id, column, down, true);
        nodeEls.forEach(function (g) { g.classList.add("dim"); });
        edgeEls.forEach(function (e) { e.classList.add("dim"); });
        u.columns.forEach(function (c) { var g = nodeEls.get(c.node); if (g) { g.classList.add("lineage-upstream"); g.classList.remove("dim"); } });
        d.columns.forEach(function (c) { var g = nodeEls.get(c.node); if (g) { g.classList.add("lineage-downstream"); g.classList.remove("dim"); } });
        var focus = nodeEls.get(id);
        if (focus) { focus.classList.add("lineage-focus"); focus.classList.remove("dim"); }
        [u.edges, d.edges].forEach(function (set) {
          set.forEach(function (k) { var e = edgeEls.get(k); if (e) { e.classList.add("lineage-edge"); e.classList.remove("dim"); } });
        });
        return { up: u.columns, down: d.columns };
      }

      function render() {
        var m = /^#!\/([^\/]*)(?:\/(.*))?$/.exec(location.hash);
        var id = m ? decodeURIComponent(m[1]) : null;
        var column = m && m[2] ? decodeURIComponent(m[2]) : null;
        var page = document.getElementById("page");
        page.textContent = "";
        var n = id && byId.get(id);
        if (!n) {
          highlight(null, null);
          page.appendChild(el("h2", {}, data.project));
          page.appendChild(el("p", {}, data.nodes.length + " nodes. Pick a node in the graph or the list; pick a column to see where its values come from."));
          return;
        }
        var lin = highlight(id, column);
        var h = el("h2", { id: "node-title" });
        h.appendChild(el("span", { "class": "badge t-" + n.type }, n.type));
        h.appendChild(document.createTextNode(n.name));
        page.appendChild(h);
        var meta = [n.materialized, n.relation, n.path].filter(Boolean).join(" · ");
        page.appendChild(el("p", { "class": "muted" }, meta + (n.rows !== null ? " · " + n.rows + " rows" : "")));
        if (n.description) page.appendChild(el("p", { id: "description" }, n.description));
        if (n.lineage_status === "fallback" || n.lineage_status === "partial") {
          page.appendChild(el("p", { "class": "warn" }, "Column lineage is " + n.lineage_status + ": " + n.lineage_warnings.join("; ")));
        }
        if (lin) {
          var box = el("div", { "class": "cols", id: "lineage" });
          var a = el("div"), b = el("div");
          a.appendChild(el("h3", {}, "Upstream of " + column));
          var ul = el("ul", { id: "lineage-upstream" });
          lin.up.forEach(function (c) { ul.appendChild(columnLink(c.node, c.column, c.derivation)); });
          if (!lin.up.length) ul.appendChild(el("li", {}, "no upstream columns (a literal, or computed from rows only)"));
          a.appendChild(ul);
          b.appendChild(el("h3", {}, "Downstream of " + column));
          var dl = el("ul", { id: "lineage-downstream" });
          lin.down.forEach(function (c) { dl.appendChild(columnLink(c.node, c.column, c.derivation)); });
          if (!lin.down.length) dl.appendChild(el("li", {}, "nothing downstream"));
          b.appendChild(dl);
          box.appendChild(a); box.appendChild(b);
          var toggle = el("label", {});
          var cb = el("input", { type: "checkbox" });
          cb.checked = includeFilters;
          cb.addEventListener("change", function () { includeFilters = cb.checked; render(); });
          toggle.appendChild(cb);
          toggle.appendChild(document.createTextNode(" include columns used only in filters and joins"));
          page.appendChild(box);
          page.appendChild(toggle);
        }
        page.appendChild(el("h3", {}, "Columns"));
        var table = el("table", { id: "columns" });
        var head = el("tr");
        ["Column", "Type", "Description", "Tests", "Computed from"].forEach(function (t) { head.appendChild(el("th", {}, t)); });
        table.appendChild(head);
        n.columns.forEach(function (c) {
          var tr = el("tr", { "data-column": c.name });
          if (column && c.name.toLowerCase() === column.toLowerCase()) tr.className = "chosen";
          var td = el("td");
          var btn = el("button", { "class": "col", "data-column": c.name }, c.name);
          btn.addEventListener("click", function () { go(n.id, c.name); });
          td.appendChild(btn);
          tr.appendChild(td);
          tr.appendChild(el("td", {}, c.type || ""));
          tr.appendChild(el("td", {}, c.description));
          tr.appendChild(el("td", {}, c.tests.join(", ")));
          var src = el("td");
          var shown = c.sources.filter(function (s) { return includeFilters || s[2] !== "filter"; });
          shown.forEach(function (s, i) {
            if (i) src.appendChild(document.createTextNode(", "));
            src.appendChild(document.createTextNode(name(s[0]) + "." + s[1] + " "));
            src.appendChild(el("span", { "class": "d-" + s[2] }, s[2]));
          });
          var hidden = c.sources.length - shown.length;
          if (hidden) src.appendChild(el("span", { "class": "d-filter" }, (shown.length ? "; " : "") + "+" + hidden + " filter/join"));
          tr.appendChild(src);
          table.appendChild(tr);
        });
        page.appendChild(table);
        var rel = el("div", { "class": "cols" });
        [["Upstream", n.parents, "upstream-nodes"], ["Downstream", n.children, "downstream-nodes"]].forEach(function (part) {
          var d = el("div");
          d.appendChild(el("h3", {}, part[0]));
          var ul = el("ul", { id: part[2] });
          part[1].forEach(function (p) { var li = el("li"); li.appendChild(link(p)); ul.appendChild(li); });
          d.appendChild(ul);
          rel.appendChild(d);
        });
        page.appendChild(rel);
        if (n.raw) { page.appendChild(el("h3", {}, "Source")); page.appendChild(el("pre", { id: "raw-sql" }, n.raw)); }
        if (n.compiled) { page.appendChild(el("h3", {}, "Compiled")); page.appendChild(el("pre", { id: "compiled-sql" }, n.compiled)); }
        var g = nodeEls.get(id);
        if (g && g.scrollIntoView) g.scrollIntoView({ block: "center", inline: "center" });
      }
      window.addEventListener("hashchange", render);
      render();
    })();
    """#
}
