// actorio console: polls the JSON endpoints beside this script and
// listens to api/stream. Plain browser JavaScript, no dependencies. Every
// value from the server goes into the page as text, never as markup.
"use strict";

(() => {
  const WINDOW_MS = 5 * 60 * 1000; // the most the charts show
  const MIN_POINTS = 60;           // the least, in samples: a page just opened is not one dot
  const FEED_MAX = 300;            // feed items kept in the page
  const PAGE = 100;                // tree rows fetched per "show more"

  const $ = (id) => document.getElementById(id);

  // el builds an element: el("div", {class: "x", onclick: f}, child, "text", ...).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  // Formatting.
  const nf = new Intl.NumberFormat("en-US");
  const fmtInt = (n) => (n === null || n === undefined ? "–" : nf.format(Math.round(n)));
  function fmtShort(n) {
    if (n === null || n === undefined || Number.isNaN(n)) return "–";
    const a = Math.abs(n);
    if (a >= 1e9) return (n / 1e9).toFixed(a >= 1e10 ? 0 : 1) + "G";
    if (a >= 1e6) return (n / 1e6).toFixed(a >= 1e7 ? 0 : 1) + "M";
    if (a >= 1e4) return (n / 1e3).toFixed(a >= 1e5 ? 0 : 1) + "k";
    if (a >= 100 || Number.isInteger(n)) return nf.format(Math.round(n));
    return n.toFixed(1);
  }
  function fmtDur(msv) {
    if (msv < 1) return (msv * 1000).toFixed(0) + " µs";
    if (msv < 1000) return msv.toFixed(msv < 10 ? 1 : 0) + " ms";
    const s = msv / 1000;
    if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + " s";
    const m = Math.floor(s / 60);
    if (m < 60) return m + "m " + Math.floor(s % 60) + "s";
    const h = Math.floor(m / 60);
    if (h < 48) return h + "h " + (m % 60) + "m";
    return Math.floor(h / 24) + "d " + (h % 24) + "h";
  }
  function fmtBytes(n) {
    if (n === null || n === undefined || Number.isNaN(n)) return "–";
    const a = Math.abs(n);
    if (a >= 1e9) return (n / 1e9).toFixed(1) + " GB";
    if (a >= 1e6) return (n / 1e6).toFixed(1) + " MB";
    if (a >= 1e3) return (n / 1e3).toFixed(1) + " kB";
    return Math.round(n) + " B";
  }
  const fmtMS = (v) => (v === null || v === undefined ? "–" : fmtDur(v));
  const fmtClock = (t) => new Date(t).toLocaleTimeString("en-GB", { hour12: false });
  const mailboxClass = (n) => (n >= 1000 ? "hotter" : n > 0 ? "hot" : "zero");

  // segment returns the last element of path under parent: names may hold "/".
  function segment(path, parent) {
    const s = parent === "/" ? path.slice(1) : path.slice(parent.length + 1);
    return s || path;
  }

  async function getJSON(url) {
    const resp = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
    const body = await resp.json().catch(() => ({}));
    if (!resp.ok) {
      const err = new Error(body.error || resp.status + " " + resp.statusText);
      err.status = resp.status;
      throw err;
    }
    return body;
  }

  let toastTimer = 0;
  function toast(msg) {
    const t = $("toast");
    t.textContent = msg;
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (t.hidden = true), 6000);
  }

  // ---- charts ---------------------------------------------------------

  const REASONS = [ // reason, colour, legend
    ["stopped", "#8b96a5", "stopped"],
    ["mailbox full", "#d29922", "full"],
    ["panic", "#f85149", "panic"],
    ["other", "#bc8cff", "other"],
  ];
  const CHARTS = [
    { id: "messages", title: "Messages", unit: "/s", series: [{ get: (s) => s.messages_per_s, color: "#58a6ff" }] },
    {
      id: "dead", title: "Dead letters", unit: "/s",
      series: REASONS.map(([r, color, name]) => ({ name, color, get: (s) => (s.dead_letters_per_s ? s.dead_letters_per_s[r] ?? 0 : null) })),
      total: (s) => (s.dead_letters_per_s ? Object.values(s.dead_letters_per_s).reduce((a, b) => a + b, 0) : null),
    },
    { id: "runq", title: "Run queue", unit: "", series: [{ get: (s) => s.run_queue, color: "#39c5cf" }] },
    { id: "busy", title: "Busy workers", unit: "", series: [{ get: (s) => s.workers_busy, color: "#3fb950" }], of: (s) => s.workers },
    { id: "timers", title: "Pending timers", unit: "", series: [{ get: (s) => s.timers_pending, color: "#bc8cff" }] },
    { id: "conns", title: "Open connections", unit: "", series: [{ get: (s) => s.connections, color: "#f0883e" }] },
    // Shown only when the console has a remote node (hello.node).
    {
      id: "remote", title: "Remote msgs", unit: "/s", node: true,
      series: [
        { name: "out", color: "#58a6ff", get: (s) => (s.node && s.node.per_s ? s.node.per_s.messages_out : null) },
        { name: "in", color: "#3fb950", get: (s) => (s.node && s.node.per_s ? s.node.per_s.messages_in : null) },
      ],
      total: (s) => (s.node && s.node.per_s ? s.node.per_s.messages_out + s.node.per_s.messages_in : null),
    },
    {
      id: "rtt", title: "Peer RTT", unit: "", node: true, fmt: fmtMS,
      series: [
        { name: "max", color: "#f0883e", get: (s) => (s.node ? s.node.rtt_max_ms : null) },
        { name: "median", color: "#39c5cf", get: (s) => (s.node ? s.node.rtt_median_ms : null) },
      ],
    },
  ];

  const samples = [];
  let intervalMs = 1000;

  // buildCharts builds the charts of the system; those of a remote node
  // wait for the hello that says there is one (buildNodeCharts).
  function buildCharts() {
    for (const c of CHARTS) if (!c.node) buildChart(c);
    window.addEventListener("resize", drawCharts);
  }

  function buildNodeCharts() {
    if (CHARTS.some((c) => c.node && c.canvas)) return;
    for (const c of CHARTS) if (c.node) buildChart(c);
    $("charts").classList.add("with-node");
  }

  function buildChart(c) {
    c.value = el("span", { class: "chart-value", text: "–" });
    c.canvas = el("canvas", { "aria-label": c.title + " over the last minutes", role: "img" });
    c.legend = el("div", { class: "legend" });
    if (c.series.length > 1) {
      for (const s of c.series) c.legend.append(el("span", {}, el("i", { class: "swatch" }), s.name));
      c.legend.querySelectorAll("i").forEach((i, k) => (i.style.background = c.series[k].color));
    }
    $("charts").append(el("div", { class: "chart", "data-chart": c.id },
      el("div", { class: "chart-head" }, el("span", { class: "chart-title", text: c.title }), c.value),
      c.canvas, c.legend));
  }

  function drawCharts() {
    const last = samples[samples.length - 1];
    for (const c of CHARTS) {
      if (!c.canvas) continue;
      if (last) {
        const v = c.total ? c.total(last) : c.series[0].get(last);
        c.value.textContent = (c.fmt || fmtShort)(v);
        if (c.unit && v !== null && v !== undefined) c.value.append(el("small", { text: c.unit }));
        if (c.of) c.value.append(el("small", { text: " of " + c.of(last) }));
      }
      drawChart(c);
    }
  }

  function drawChart(c) {
    const cv = c.canvas;
    const dpr = window.devicePixelRatio || 1;
    const w = cv.clientWidth, h = cv.clientHeight;
    if (!w || !h) return;
    if (cv.width !== Math.round(w * dpr) || cv.height !== Math.round(h * dpr)) {
      cv.width = Math.round(w * dpr);
      cv.height = Math.round(h * dpr);
    }
    const g = cv.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    const now = samples.length ? samples[samples.length - 1].t : Date.now();
    const span = samples.length ? now - samples[0].t : 0;
    const win = Math.min(WINDOW_MS, Math.max(MIN_POINTS * intervalMs, span));
    const t0 = now - win;
    let top = 0;
    for (const s of samples) {
      if (s.t < t0) continue;
      for (const ser of c.series) top = Math.max(top, ser.get(s) ?? 0);
      if (c.of) top = Math.max(top, c.of(s));
    }
    top = niceCeil(top || 1);
    const padTop = 4, padBottom = 2, plotH = h - padTop - padBottom;
    const x = (t) => ((t - t0) / win) * w;
    const y = (v) => padTop + plotH - (v / top) * plotH;

    g.strokeStyle = "#ffffff10";
    g.lineWidth = 1;
    for (const f of [0.5, 1]) {
      g.beginPath();
      g.moveTo(0, Math.round(y(top * f)) + 0.5);
      g.lineTo(w, Math.round(y(top * f)) + 0.5);
      g.stroke();
    }
    g.fillStyle = "#5c6673";
    g.font = "10px " + getComputedStyle(document.body).fontFamily;
    g.textBaseline = "top";
    g.fillText((c.fmt || fmtShort)(top), 2, 0);

    const gap = Math.max(3 * intervalMs, 5000);
    c.series.forEach((ser, k) => {
      const runs = [];
      let run = [];
      let prevT = -Infinity;
      for (const s of samples) {
        if (s.t < t0) continue;
        const v = ser.get(s);
        if (v === null || v === undefined || s.t - prevT > gap) {
          if (run.length) runs.push(run);
          run = [];
        }
        if (v !== null && v !== undefined) run.push([x(s.t), y(v)]);
        prevT = s.t;
      }
      if (run.length) runs.push(run);
      for (const r of runs) {
        if (k === 0 && c.series.length === 1) {
          const grad = g.createLinearGradient(0, padTop, 0, h);
          grad.addColorStop(0, ser.color + "55");
          grad.addColorStop(1, ser.color + "05");
          g.fillStyle = grad;
          g.beginPath();
          g.moveTo(r[0][0], y(0));
          for (const [px, py] of r) g.lineTo(px, py);
          g.lineTo(r[r.length - 1][0], y(0));
          g.closePath();
          g.fill();
        }
        g.strokeStyle = ser.color;
        g.lineWidth = 1.5;
        g.lineJoin = "round";
        g.beginPath();
        r.forEach(([px, py], i) => (i ? g.lineTo(px, py) : g.moveTo(px, py)));
        if (r.length === 1) g.lineTo(r[0][0] + 1, r[0][1]);
        g.stroke();
      }
    });
  }

  function niceCeil(v) {
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
    return 10 * p;
  }

  function addSample(s) {
    samples.push(s);
    const cut = s.t - WINDOW_MS - 60000;
    while (samples.length && samples[0].t < cut) samples.shift();
    drawCharts();
    drawSummary(s);
    if (s.node) node.render(s.node);
  }

  function drawSummary(s) {
    const box = $("summary");
    box.replaceChildren(
      el("span", {}, el("b", { text: fmtInt(s.actors) }), " actors"),
      el("span", {}, el("b", { text: s.workers_busy + "/" + s.workers }), " workers busy"),
      el("span", {}, el("b", { text: fmtShort(s.messages_per_s) }), " msg/s"),
      el("span", {}, el("b", { text: fmtInt(s.mailbox_total) }), " queued"),
      el("span", {}, el("b", { text: fmtInt(s.dead_letters) }), " dead letters"),
      el("span", {}, el("b", { text: fmtInt(s.restarts) }), " restarts"),
    );
  }

  // ---- stream ---------------------------------------------------------

  function setStatus(state, text) {
    $("status").dataset.state = state;
    $("status-text").textContent = text;
  }

  function connect() {
    const es = new EventSource("api/stream");
    es.addEventListener("hello", (e) => {
      const h = JSON.parse(e.data);
      intervalMs = h.interval_ms;
      if (h.node) {
        buildNodeCharts();
        $("node").hidden = false;
      }
      samples.length = 0;
      for (const s of h.history || []) samples.push(s);
      feed.replaceAll(h.recent || []);
      if (samples.length) addSample(samples.pop());
      setStatus("live", "live · every " + fmtDur(intervalMs));
    });
    es.addEventListener("sample", (e) => addSample(JSON.parse(e.data)));
    es.addEventListener("feed", (e) => feed.add(JSON.parse(e.data)));
    es.addEventListener("dropped", (e) => {
      feed.note("This page fell behind: " + fmtInt(JSON.parse(e.data).frames) + " updates were dropped by the server.");
    });
    es.addEventListener("end", () => {
      es.close();
      setStatus("ended", "stream ended · retrying");
      setTimeout(connect, 3000);
    });
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) {
        setStatus("ended", "disconnected · retrying");
        setTimeout(connect, 3000);
      } else {
        setStatus("connecting", "reconnecting");
      }
    };
  }

  // ---- feed -----------------------------------------------------------

  const feed = {
    list: null,
    paused: false,
    held: [],
    lost: 0,
    init() {
      this.list = $("feed");
      for (const cb of document.querySelectorAll("input[data-kind]")) {
        cb.addEventListener("change", () => this.list.classList.toggle("hide-" + cb.dataset.kind, !cb.checked));
      }
      $("pause").addEventListener("click", (e) => {
        this.paused = !this.paused;
        e.target.setAttribute("aria-pressed", String(this.paused));
        e.target.textContent = this.paused ? "Resume" : "Pause";
        if (!this.paused) {
          const held = this.held;
          this.held = [];
          this.add(held);
        }
        this.meta();
      });
      this.meta();
    },
    replaceAll(items) {
      this.list.replaceChildren();
      this.held = [];
      this.add(items);
    },
    add(items) {
      if (this.paused) {
        this.held.push(...items);
        this.held.splice(0, Math.max(0, this.held.length - FEED_MAX));
        this.meta();
        return;
      }
      for (const it of items) {
        if (it.kind === "lost") this.lost += it.count;
        const key = [it.kind, it.actor, it.message, it.reason, it.directive].join("\u0000");
        const head = this.list.firstElementChild;
        if (head && head.dataset.key === key && it.kind !== "lost") {
          // The same event again: count it on the newest line.
          const n = Number(head.dataset.repeat || "1") + 1;
          head.dataset.repeat = String(n);
          head.querySelector(".when").textContent = fmtClock(it.t);
          head.querySelector(".repeat").textContent = "×" + fmtInt(n);
          continue;
        }
        const li = this.item(it);
        li.dataset.key = key;
        this.list.prepend(li);
      }
      while (this.list.children.length > FEED_MAX) this.list.lastElementChild.remove();
      this.meta();
    },
    item(it) {
      const kinds = { dead_letter: "dead letter", failure: "failure", slow: "slow handler", lost: "events lost" };
      let what, why;
      switch (it.kind) {
        case "dead_letter":
          what = el("span", {}, el("span", { class: "who", text: it.actor }), " ", el("span", { class: "type", text: it.message }));
          why = it.reason;
          break;
        case "failure":
          what = el("span", {}, el("span", { class: "who", text: it.actor }), " → ", el("b", { text: it.directive }));
          why = it.reason;
          break;
        case "slow":
          what = el("span", {}, el("span", { class: "who", text: it.actor }), " ", el("span", { class: "type", text: it.message }));
          why = "turn running for " + fmtDur(it.elapsed_ms) + ": it holds a worker; move blocking work to actor.Blocking";
          break;
        default:
          what = el("span", { text: fmtInt(it.count) + " events lost: the console's subscription was full" });
      }
      const li = el("li", { class: "feed-item kind-" + it.kind, "data-kind": it.kind },
        el("span", { class: "when", text: fmtClock(it.t) }),
        el("span", { class: "kind" }, kinds[it.kind] || it.kind, el("span", { class: "repeat" })),
        el("div", { class: "what" }, what, why ? el("div", { class: "why", text: why }) : null));
      if (it.stack) li.append(el("details", {}, el("summary", { text: "stack" }), el("pre", { text: it.stack })));
      return li;
    },
    note(text) {
      let n = this.list.parentElement.querySelector(".note");
      if (!n) {
        n = el("div", { class: "note" });
        this.list.before(n);
      }
      n.textContent = text;
    },
    meta() {
      const parts = [];
      if (this.paused) parts.push("paused, " + this.held.length + " held");
      if (this.lost) parts.push(fmtInt(this.lost) + " lost");
      $("feed-meta").textContent = parts.join(" · ");
    },
  };

  // ---- actor tree -----------------------------------------------------

  const tree = {
    open: new Set(),       // expanded paths
    want: new Map(),       // path ("/" for the root) -> rows to show
    data: new Map(),       // path -> {total, children}
    sort: "name",
    query: "",
    found: null,           // search result
    flash: "",
    init() {
      $("sort").addEventListener("change", (e) => {
        this.sort = e.target.value;
        this.data.clear();
        this.refresh();
      });
      let timer = 0;
      $("search").addEventListener("input", (e) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          this.query = e.target.value.trim();
          this.found = null;
          this.refresh();
        }, 250);
      });
    },
    async fetchNode(path) {
      const limit = this.want.get(path) || PAGE;
      const q = new URLSearchParams({ path, limit: String(limit), sort: this.sort });
      try {
        const r = await getJSON("api/tree?" + q);
        this.data.set(path, r);
        return r;
      } catch (err) {
        if (err.status === 404) { // gone since: forget it
          this.open.delete(path);
          this.data.delete(path);
          return null;
        }
        throw err;
      }
    },
    async refresh() {
      try {
        if (this.query) {
          const q = new URLSearchParams({ q: this.query, limit: "100" });
          this.found = await getJSON("api/search?" + q);
          this.render();
          return this.found.snapshot;
        }
        const paths = ["/", ...this.open];
        const got = await Promise.all(paths.map((p) => this.fetchNode(p)));
        this.render();
        return got[0] && got[0].snapshot;
      } catch (err) {
        toast("Actor tree: " + err.message);
        return null;
      }
    },
    toggle(path) {
      if (this.open.has(path)) {
        this.open.delete(path);
        this.render();
      } else {
        this.open.add(path);
        this.fetchNode(path).then(() => this.render(), (err) => toast(err.message));
      }
    },
    more(path) {
      this.want.set(path, (this.want.get(path) || PAGE) + PAGE);
      this.fetchNode(path).then(() => this.render(), (err) => toast(err.message));
    },
    reveal(row) {
      for (const a of row.ancestors || []) this.open.add(a);
      this.query = "";
      $("search").value = "";
      this.found = null;
      this.flash = row.path;
      this.refresh();
    },
    render() {
      const box = $("tree");
      const frag = document.createDocumentFragment();
      if (this.query && this.found) {
        const f = this.found;
        $("tree-meta").textContent = fmtInt(f.total) + " match" + (f.total === 1 ? "" : "es") +
          (f.total > f.actors.length ? ", first " + f.actors.length + " shown" : "");
        if (!f.actors.length) frag.append(el("div", { class: "empty", text: "No live actor's path or message type holds “" + f.q + "”." }));
        for (const a of f.actors) frag.append(this.row(a, 0, true));
      } else {
        const rootData = this.data.get("/");
        if (rootData) {
          $("tree-meta").textContent = fmtInt(rootData.snapshot.actors) + " actors · snapshot " +
            fmtDur(rootData.snapshot.took_ms) + " · " + fmtClock(Date.parse(rootData.snapshot.taken));
          if (!rootData.total) frag.append(el("div", { class: "empty", text: "No live actors." }));
          this.rows(frag, "/", 0);
        }
      }
      const scroll = box.scrollTop;
      box.replaceChildren(frag);
      box.scrollTop = scroll;
      if (this.flash) {
        const r = box.querySelector('[data-path="' + CSS.escape(this.flash) + '"]');
        if (r) {
          r.classList.add("flash");
          r.scrollIntoView({ block: "center" });
          this.flash = "";
        }
      }
    },
    rows(frag, path, depth) {
      const d = this.data.get(path);
      if (!d) return;
      for (const c of d.children) {
        frag.append(this.row(c, depth, false));
        if (this.open.has(c.path) && c.children > 0) this.rows(frag, c.path, depth + 1);
      }
      if (d.total > d.children.length) {
        const more = el("div", { class: "more-row" },
          el("button", { onclick: () => this.more(path), text: "Show " + Math.min(PAGE, d.total - d.children.length) + " more" }),
          el("span", { class: "meta", text: " · " + fmtInt(d.children.length) + " of " + fmtInt(d.total) + " shown" }));
        more.style.paddingLeft = 40 + depth * 16 + "px";
        frag.append(more);
      }
    },
    row(a, depth, flat) {
      const open = this.open.has(a.path);
      const caret = el("button", {
        class: "caret" + (a.children ? "" : " leaf"),
        "aria-label": a.children ? (open ? "collapse" : "expand") : null,
        text: a.children ? (open ? "▾" : "▸") : "·",
        onclick: a.children && !flat ? () => this.toggle(a.path) : null,
      });
      const seg = flat ? a.path : segment(a.path, a.parent);
      const label = el("span", { class: "label" + (seg.startsWith("$") ? " anon" : ""), text: seg, title: a.path });
      const name = el("div", { class: "name" }, flat ? null : caret, label);
      if (flat) {
        label.classList.add("search-path");
        label.addEventListener("click", () => this.reveal(a));
      }
      name.style.paddingLeft = depth * 16 + "px";
      const sub = a.descendants
        ? el("span", { class: "sub", title: fmtInt(a.descendants) + " actors below, " + fmtInt(a.subtree_mailbox) + " messages queued in the subtree, deepest mailbox " + fmtInt(a.subtree_mailbox_max) },
          el("b", { text: fmtShort(a.descendants) }), " below",
          a.subtree_mailbox ? el("span", { class: mailboxClass(a.subtree_mailbox_max), text: " · " + fmtShort(a.subtree_mailbox) + " queued" }) : null)
        : el("span", { class: "sub zero", text: "–" });
      return el("div", { class: "tree-row", role: "treeitem", "data-path": a.path, "aria-expanded": a.children ? String(open) : null },
        name,
        el("span", { class: "badge state-" + a.state, text: a.state + (a.system_pending ? " •" : ""), title: a.system_pending ? "system messages pending" : null }),
        el("span", { class: "type", text: a.message_type, title: a.message_type }),
        el("span", { class: "num " + mailboxClass(a.mailbox), text: fmtInt(a.mailbox) }),
        el("span", { class: "num " + (a.restarts ? "hot" : "zero"), text: fmtInt(a.restarts) }),
        sub);
    },
  };

  // ---- hot spots --------------------------------------------------------

  const top = {
    tab: "mailbox",
    data: null,
    init() {
      for (const b of document.querySelectorAll("#top-tabs button")) {
        b.addEventListener("click", () => {
          this.tab = b.dataset.tab;
          for (const o of document.querySelectorAll("#top-tabs button")) o.setAttribute("aria-selected", String(o === b));
          this.render();
        });
      }
    },
    async refresh() {
      try {
        this.data = await getJSON("api/top?n=25");
        this.render();
      } catch (err) {
        toast("Hot spots: " + err.message);
      }
    },
    render() {
      const list = $("top");
      if (!this.data) return;
      const rows = this.data[this.tab] || [];
      const value = {
        mailbox: (a) => fmtInt(a.mailbox),
        turn: (a) => (a.turn_running_ns ? fmtDur(a.turn_running_ns / 1e6) : "running"),
        restarts: (a) => fmtInt(a.restarts),
      }[this.tab];
      const raw = { mailbox: (a) => a.mailbox, turn: (a) => a.turn_running_ns, restarts: (a) => a.restarts }[this.tab];
      const most = Math.max(1, ...rows.map(raw));
      const empty = {
        mailbox: "No actor has messages waiting.",
        turn: "No turn is running long enough for the watchdog to time it.",
        restarts: "No actor has restarted.",
      }[this.tab];
      const frag = document.createDocumentFragment();
      if (!rows.length) frag.append(el("li", { class: "empty", text: empty }));
      rows.forEach((a, i) => {
        const fill = el("div", { class: "top-bar-fill" });
        fill.style.width = Math.max(2, (raw(a) / most) * 100) + "%";
        frag.append(el("li", { class: "top-item", "data-path": a.path, title: "Show in the tree", onclick: () => tree.reveal(a) },
          el("span", { class: "top-rank", text: String(i + 1) }),
          el("span", { class: "top-path", text: a.path }),
          el("span", { class: "top-value " + (this.tab === "mailbox" ? mailboxClass(a.mailbox) : ""), text: value(a) }),
          el("div", { class: "top-detail" },
            el("span", { class: "badge state-" + a.state, text: a.state }),
            el("span", { class: "type", text: a.message_type })),
          el("div", { class: "top-bar-track" }, fill)));
      });
      list.replaceChildren(frag);
    },
  };

  // ---- remote node ------------------------------------------------------

  // node shows the remote node from the stream's samples: its totals in
  // the heading, its busiest peers in a table. Samples of the history
  // carry no peers (null): the table then stays until a live one.
  const node = {
    table: null,
    render(n) {
      const stat = (v, label, cls) => el("span", { class: "stat" + (cls ? " " + cls : "") }, el("b", { text: v }), " " + label);
      const r = n.per_s;
      const head = el("h3", {}, "Node", el("span", { class: "mono", text: n.id, title: "this node's ID" }),
        stat(fmtInt(n.members), n.members === 1 ? "member" : "members"),
        stat(r ? fmtShort(r.messages_out) : "–", "msg/s out"), stat(r ? fmtShort(r.messages_in) : "–", "msg/s in"),
        stat(r ? fmtBytes(r.bytes_out) + "/s" : "–", "out"), stat(r ? fmtBytes(r.bytes_in) + "/s" : "–", "in"));
      const alarms = [
        [n.total.dead_letters, "dead letters"], [n.outbound_full, "outbound full"],
        [n.malformed, "malformed"], [n.nodes_down, "nodes down"],
      ];
      for (const [v, label] of alarms) if (v) head.append(stat(fmtInt(v), label, "hot"));
      if (n.peers) this.table = this.peers(n);
      $("node").replaceChildren(head, ...(this.table || []));
    },
    peers(n) {
      const shown = n.peers.length;
      const caption = el("div", { class: "caption", text: !n.peer_count
        ? "No peer yet: this node has exchanged no message with another."
        : shown < n.peer_count
          ? "Busiest peers: " + shown + " of " + fmtInt(n.peer_count) + " by messages/s (a sample lists the " + shown + " busiest)"
          : "Peers, busiest first by messages/s" });
      if (!shown) return [caption];
      const t = el("table", { class: "peers" },
        el("colgroup", {}, ...["peer", "n", "n", "n", "n", "rtt", "dead"].map((c) => el("col", { class: "col-" + c }))),
        el("thead", {},
          el("tr", {},
            el("th", { rowspan: 2, text: "peer" }),
            el("th", { colspan: 2, class: "group", text: "messages/s" }), el("th", { colspan: 2, class: "group", text: "bytes/s" }),
            el("th", { rowspan: 2, class: "num", text: "rtt", title: "round trip of the last ping" }),
            el("th", { rowspan: 2, class: "num", text: "dead letters" })),
          el("tr", {}, ...["out", "in", "out", "in"].map((d) => el("th", { class: "num", text: d })))));
      const body = el("tbody");
      for (const p of n.peers) {
        const r = p.per_s;
        body.append(el("tr", { "data-peer": p.id },
          el("td", { class: "mono", text: p.id, title: p.id + ": " + fmtInt(p.total.messages_out) + " messages out, " + fmtInt(p.total.messages_in) + " in" }),
          el("td", { class: "num", text: r ? fmtShort(r.messages_out) : "–" }),
          el("td", { class: "num", text: r ? fmtShort(r.messages_in) : "–" }),
          el("td", { class: "num", text: r ? fmtBytes(r.bytes_out) : "–" }),
          el("td", { class: "num", text: r ? fmtBytes(r.bytes_in) : "–" }),
          el("td", { class: "num", text: fmtMS(p.rtt_ms) }),
          el("td", { class: "num " + (p.total.dead_letters ? "hot" : "zero"), text: fmtInt(p.total.dead_letters) })));
      }
      t.append(body);
      return [caption, t];
    },
  };

  // ---- network ----------------------------------------------------------

  const net = {
    count: 0,
    async refresh() {
      try {
        const r = await getJSON("api/reactors?limit=25");
        this.render(r.reactors);
      } catch (err) {
        toast("Network: " + err.message);
      }
    },
    render(reactors) {
      const box = $("reactors");
      const frag = document.createDocumentFragment();
      if (!reactors.length) {
        frag.append(el("div", { class: "empty" },
          "No reactor is shown: pass ", el("code", { text: "actorconsole.WithReactor(r)" }), " to see listeners and connections."));
      }
      let open = 0;
      for (const r of reactors) {
        const m = r.metrics;
        open += m.Connections;
        const stat = (v, label) => el("span", { class: "stat" }, el("b", { text: v }), " " + label);
        const head = el("h3", {}, "Reactor " + r.index,
          stat(r.engine, "engine"), stat(m.Loops || "no", m.Loops === 1 ? "loop" : "loops"),
          stat(fmtInt(m.Connections), "open"), stat(fmtInt(m.Accepted), "accepted"));
        if (m.AcceptErrors) head.append(stat(fmtInt(m.AcceptErrors), "accept errors"));
        if (m.Handoffs) head.append(stat(fmtInt(m.Handoffs), "hand-offs"));
        const sec = el("div", { class: "reactor" }, head);
        const lt = el("table", { class: "listeners" }, el("thead", {}, el("tr", {},
          el("th", { text: "listener" }), el("th", { text: "actor" }), el("th", { class: "num", text: "loop" }),
          el("th", { class: "num", text: "accepted" }), el("th", { class: "num", text: "up" }))));
        const lb = el("tbody");
        for (const l of r.listeners) {
          lb.append(el("tr", {},
            el("td", { class: "mono", text: l.addr + (l.tls ? " (TLS)" : "") }),
            el("td", { class: "mono", text: l.actor, title: l.actor }),
            el("td", { class: "num", text: l.loop < 0 ? "portable" : String(l.loop) }),
            el("td", { class: "num", text: fmtInt(l.accepted) }),
            el("td", { class: "num", text: fmtDur(Date.now() - Date.parse(l.opened)) })));
        }
        if (!r.listeners.length) lb.append(el("tr", {}, el("td", { colspan: 5, class: "zero", text: "no listener" })));
        lt.append(lb);
        sec.append(lt);
        sec.append(el("div", { class: "caption", text: r.connections
          ? "Busiest connections: " + r.busiest.length + " of " + fmtInt(r.connections) + " by input held plus output queued, then oldest"
          : "No open connection." }));
        if (r.busiest.length) {
          const ct = el("table", { class: "conns" }, el("thead", {}, el("tr", {},
            el("th", { text: "peer" }), el("th", { text: "local" }), el("th", { class: "num", text: "loop" }),
            el("th", { class: "num", text: "age" }), el("th", { class: "num", text: "buffered" }), el("th", { class: "num", text: "outbound" }))));
          const cb = el("tbody");
          for (const c of r.busiest) {
            cb.append(el("tr", {},
              el("td", { class: "mono", text: c.remote }),
              el("td", { class: "mono", text: c.local }),
              el("td", { class: "num", text: c.loop < 0 ? "portable" : String(c.loop) }),
              el("td", { class: "num", text: fmtDur(c.age_ms) }),
              el("td", { class: "num " + mailboxClass(c.buffered ? 1 : 0), text: fmtInt(c.buffered) }),
              el("td", { class: "num " + mailboxClass(c.outbound ? 1 : 0), text: fmtInt(c.outbound) })));
          }
          ct.append(cb);
          sec.append(ct);
        }
        frag.append(sec);
      }
      $("net-meta").textContent = reactors.length ? fmtInt(open) + " open" : "";
      box.replaceChildren(frag);
    },
  };

  // ---- polling ----------------------------------------------------------

  const sleep = (d) => new Promise((r) => setTimeout(r, d));

  async function poll() {
    for (;;) {
      let wait = intervalMs;
      if (!document.hidden) {
        const [snap] = await Promise.all([tree.refresh(), top.refresh(), net.refresh()]);
        if (snap) wait = Math.max(wait, snap.reuse_ms); // the server would serve the same snapshot
      }
      await sleep(wait);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    buildCharts();
    feed.init();
    tree.init();
    top.init();
    connect();
    poll();
  });
})();
