// The dashboard page: files in, the report card out. The analysis runs in worker.js (a Web
// Worker) so the page stays responsive; this file only renders what the worker returns.
// Served from the repository root (node scripts/serve-web.mjs): the module and the dictionary
// come from bindings-wasm/pkg/ (bash scripts/build-wasm.sh), the sample from examples/data/.
const SAMPLE = "../data/sample.jsonl";

const LABELS = {
  title: ["政务账号体检", "Government account report card"],
  drop: ["把帖子、评论文件（CSV / JSONL）拖到这里，或", "Drop post and comment files (CSV / JSONL) here, or"],
  sample: ["载入示例数据", "Load the sample"],
  preset: ["CSV 列映射", "CSV columns"],
  league: ["排行榜", "League table"],
  overall: ["综合得分", "Overall score"],
  components: ["分项得分", "Component scores"],
  diagnoses: ["诊断与建议", "Diagnoses and recommendations"],
  heatmap: ["发帖时间（星期 × 小时）", "Posting times (weekday × hour)"],
  latency: ["首次回复时长分布", "First-response latency"],
  types: ["帖子类型构成", "Post-type mix"],
  officialese: ["官腔指数（按周）", "Officialese by week"],
  backlog: ["未回复的留言", "Unanswered backlog"],
  offline: ["全部分析在本页完成，数据不离开浏览器", "everything runs in this page; no data leaves the browser"],
  rank: ["名次", "Rank"], account: ["账号", "Account"], cohort: ["层级", "Cohort"],
  primary: ["主要诊断", "Primary diagnosis"], provisional: ["数据不足，分数仅供参考", "provisional: few inputs"],
  evidence: ["证据", "Evidence"], none: ["无", "none"], posts: ["帖", "posts"],
  intent: ["类型", "Intent"], age: ["已等待（小时）", "Waiting (h)"], message: ["留言", "Message"],
  stage_dictionary: ["载入词典…", "loading the dictionary…"], stage_read: ["读取文件…", "reading files…"],
  stage_audit: ["体检中…", "auditing…"], stage_quality: ["分析帖子质量…", "analysing post quality…"],
  stage_done: ["完成", "done"], stage_loading: ["载入模块…", "loading the module…"],
  read: ["读取", "read"], rejected: ["拒绝", "rejected"], median: ["中位数", "median"],
  more: ["条已列出，其余", "shown; not shown:"], weekdays: ["一二三四五六日", "MTWTFSS"],
  advice: ["其他建议", "Further recommendations"], minutes: ["分钟", "min"],
};
const NAMES = {
  activity: ["活跃度", "Activity"], content: ["内容质量", "Content"], originality: ["原创性", "Originality"],
  responsiveness: ["回应性", "Responsiveness"], engagement: ["互动量", "Engagement"], reach: ["影响力", "Reach"],
  dormant: ["久不更新", "Dormant"], not_observed: ["未观测到", "Not observed"], mute: ["装聋作哑", "Mute"],
  hollow_active: ["空转", "Hollow-active"], echo: ["只转不发", "Echo chamber"], copier: ["照搬网站", "Website copier"],
  broadcaster: ["只发不回", "Broadcaster"], healthy: ["健康", "Healthy"],
  service: ["办事服务", "Service"], work_update: ["工作动态", "Work update"], news: ["新闻", "News"],
  policy: ["政策", "Policy"], crisis_response: ["回应辟谣", "Crisis response"], interaction: ["互动", "Interaction"],
  trivia: ["琐碎", "Trivia"], repost: ["转发", "Repost"], other: ["其他", "Other"],
  inquiry: ["咨询", "Inquiry"], complaint: ["投诉举报", "Complaint"], challenge: ["质疑", "Challenge"],
  suggestion: ["建议", "Suggestion"], praise: ["表扬", "Praise"],
  within15m: ["≤15分钟", "≤15 min"], within1h: ["≤1小时", "≤1 h"], within24h: ["≤24小时", "≤24 h"],
  within72h: ["≤72小时", "≤72 h"], later: ["更久", "later"],
  national: ["国家级", "national"], province: ["省级", "province"], city: ["市级", "city"], county: ["县级", "county"],
  station: ["所站级", "station"],
  fails_inspection: ["超过巡查标准", "fails inspection"], zombie: ["僵尸账号", "zombie"], long_dead: ["长期停更", "long dead"],
};

// Names of the evidence figures (the core's `evidence.figures` keys).
const FIGURES = {
  needs_reply: ["需回应留言", "needs_reply"], answered: ["已回应", "answered"], reply_rate: ["回应率", "reply_rate"],
  backlog: ["未回复", "backlog"], posts_per_week: ["每周发帖", "posts_per_week"], trivia_share: ["琐碎占比", "trivia_share"],
  analysed_posts: ["分析帖子数", "analysed_posts"], repost_share: ["转发占比", "repost_share"],
  other_share: ["转自他号占比", "other_share"], reposts_of_government: ["转发政务号", "reposts_of_government"],
  duplicate_share: ["重复占比", "duplicate_share"], posts: ["帖子数", "posts"], citizen_messages: ["网民留言", "citizen_messages"],
  official_replies: ["官方回复", "official_replies"], replies_per_post: ["每帖回复", "replies_per_post"],
  window_days: ["观察天数", "window_days"], lifetime_posts: ["累计发帖", "lifetime_posts"],
  days_since_last_original: ["距上次原创（天）", "days_since_last_original"],
  silent_at_least_days: ["至少沉默（天）", "silent_at_least_days"], posts_in_window: ["观察期内发帖", "posts_in_window"],
  account_age_days: ["账号天数", "account_age_days"],
};

let lang = new URLSearchParams(location.search).get("lang") === "en" ? 1 : 0;
const t = (key) => (LABELS[key] ?? NAMES[key] ?? [key, key])[lang];
const name = (key) => (NAMES[key] ? NAMES[key][lang] : key);
const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};
/** Scores are shown with one decimal; `data-value` keeps the exact number for tests. */
export const fmt = (x) => (x === null || x === undefined ? "—" : x.toFixed(1));
const pct = (x) => `${Math.round(x * 100)}%`;

let state = null; // { report, officialese, ingest }
let selected = null;

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
worker.onmessage = ({ data }) => {
  if (data.type === "ready") {
    $("version").textContent = data.setup.version;
    $("setup").textContent = `${data.setup.dictionary} dictionary, ready in ${Math.round(data.setup.setupMs)} ms`;
    $("sample").disabled = false;
    for (const p of data.setup.presets) {
      $("preset").append(el("option", { value: p.name, title: p.description }, p.name));
    }
    setStage(1, 1, "done");
    if (document.body.dataset.status === "loading") document.body.dataset.status = "idle";
  } else if (data.type === "progress") {
    setStage(data.done, data.total, data.stage);
  } else if (data.type === "result") {
    state = data.result;
    selected = state.report.league[0]?.accountId ?? state.report.accounts[0]?.account.id ?? null;
    render();
    document.body.dataset.status = "ready";
  } else if (data.type === "error") {
    const e = data.error;
    $("error").textContent = e.kind
      ? `${e.kind} at ${e.source || "input"}${e.line ? `:${e.line}` : ""}: ${e.message}`
      : e.message;
    document.body.dataset.status = "error";
  }
};

let lastStage = [0, 1, "loading"];
function setStage(done, total, stage) {
  lastStage = [done, total, stage];
  $("progress").max = Math.max(total, 1);
  $("progress").value = done;
  $("stage").textContent = `${t(`stage_${stage}`)}${total > 1 ? ` ${done}/${total}` : ""}`;
}

async function analyse(files, useSampleWindow = false) {
  $("error").textContent = "";
  document.body.dataset.status = "working";
  const payload = await Promise.all(
    files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })),
  );
  worker.postMessage({ files: payload, useSampleWindow, preset: $("preset").value || null }, payload.map((f) => f.bytes));
}

async function loadSample() {
  const response = await fetch(SAMPLE);
  if (!response.ok) throw new Error(`${SAMPLE}: HTTP ${response.status}`);
  const blob = await response.blob();
  // The audit example uses the sample's documented window; so does the page.
  await analyse([new File([blob], "sample.jsonl")], true);
}

// ------------------------------------------------------------------------------------ render
function render() {
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  document.documentElement.lang = lang ? "en" : "zh-CN";
  $("lang").textContent = lang ? "中文" : "English";
  setStage(...lastStage);
  if (!state) return;
  const { report, ingest } = state;
  $("ingest").textContent = ingest
    .map((r) => {
      const reasons = Object.entries(r.reasons).map(([reason, n]) => `${reason} × ${n}`).join(", ");
      return `${r.source}: ${t("read")} ${r.read}, ${t("rejected")} ${r.rejected}${reasons ? ` (${reasons})` : ""}`;
    })
    .join(" · ");
  renderLeague(report);
  renderCard(report.accounts.find((a) => a.account.id === selected));
}

function renderLeague(report) {
  $("league-panel").hidden = report.league.length < 2;
  const kinds = ["activity", "content", "originality", "responsiveness", "engagement", "reach"];
  const head = $("league").tHead;
  head.replaceChildren(
    el("tr", {}, el("th", {}, t("rank")), el("th", {}, t("account")), el("th", {}, t("cohort")),
      el("th", {}, t("overall")), ...kinds.map((k) => el("th", {}, name(k))), el("th", {}, t("primary"))),
  );
  const body = $("league").tBodies[0];
  body.replaceChildren(
    ...report.league.map((row) => {
      const tr = el("tr", { "data-account": row.accountId },
        el("td", {}, String(row.rank)),
        el("td", {}, row.name ?? row.accountId),
        el("td", {}, name(row.cohort)),
        el("td", { class: "league-overall", "data-value": String(row.overall) }, fmt(row.overall)),
        ...kinds.map((k) => el("td", { "data-kind": k, "data-value": String(row.components[k] ?? "") }, fmt(row.components[k]))),
        el("td", {}, row.primaryDiagnosis ? name(row.primaryDiagnosis) : "—"));
      if (row.accountId === selected) tr.classList.add("selected");
      tr.addEventListener("click", () => { selected = row.accountId; render(); });
      return tr;
    }),
  );
}

function renderCard(a) {
  $("card").hidden = !a;
  if (!a) return;
  $("card").dataset.account = a.account.id;
  $("account-name").textContent = a.account.name ?? a.account.id;
  $("account-id").textContent = a.account.id;
  $("overall").textContent = fmt(a.scores.overall);
  $("overall").dataset.value = String(a.scores.overall);
  $("provisional").textContent = a.scores.provisional ? t("provisional") : "";
  $("components").replaceChildren(
    ...a.scores.components.map((c) =>
      el("div", { class: "bar component", "data-kind": c.kind, "data-value": String(c.score ?? ""), title: c.explanation },
        el("span", {}, name(c.kind)),
        el("span", { class: "track" }, el("span", { class: "fill", style: `width:${c.score ?? 0}%;display:block` })),
        el("span", { class: "value" }, fmt(c.score)))),
  );
  renderDiagnoses(a);
  $("heatmap").replaceChildren(heatmap(a.activity.hourWeekday));
  renderLatency(a);
  renderTypes(a);
  $("officialese").replaceChildren(line(state.officialese[a.account.id] ?? []));
  renderBacklog(a);
}

/** A recommendation in the page's language, with the source-document points it follows. */
function recommendation(r) {
  return el("div", { class: "rec", "data-trigger": r.trigger, title: r.quoteZh },
    `${lang ? r.en : r.zh} (${r.points})`);
}

function renderDiagnoses(a) {
  const recs = a.recommendations;
  const kinds = new Set(a.diagnoses.found.map((d) => d.kind));
  // Advice triggered by a figure (officialese, livelihood, engagement, reach, topic series)
  // rather than by a diagnosis follows the diagnoses.
  const further = recs.filter((r) => !kinds.has(r.trigger));
  $("diagnoses").replaceChildren(
    ...a.diagnoses.found.map((d) => {
      const figures = Object.entries(d.evidence.figures)
        .map(([k, v]) => `${FIGURES[k]?.[lang] ?? k} = ${Number.isInteger(v) ? v : v.toFixed(3)}`)
        .join(", ");
      const ids = [...d.evidence.postIds, ...d.evidence.messageIds].slice(0, 5).join(", ");
      return el("div", { class: `diagnosis ${d.kind}`, "data-kind": d.kind },
        el("div", { class: "kind" }, `${name(d.kind)}${d.level ? ` (${name(d.level)})` : ""}`),
        el("div", { class: "summary" }, lang ? d.summary : d.summaryZh || d.summary),
        el("div", { class: "evidence" }, `${t("evidence")}: ${figures}${ids ? ` · ${ids}` : ""}`),
        ...recs.filter((r) => r.trigger === d.kind).map(recommendation));
    }),
    ...(further.length
      ? [el("div", { class: "advice" }, el("div", { class: "kind" }, t("advice")), ...further.map(recommendation))]
      : []),
  );
}

function renderLatency(a) {
  const buckets = a.response?.latency;
  if (!buckets) {
    $("latency").replaceChildren(t("none"));
    return;
  }
  const keys = ["within15m", "within1h", "within24h", "within72h", "later"];
  const max = Math.max(1, ...keys.map((k) => buckets[k]));
  const median = a.response.medianLatencyMinutes;
  $("latency").replaceChildren(
    ...keys.map((k) => el("div", { class: "bar latency", "data-bucket": k, "data-value": String(buckets[k]) },
      el("span", {}, name(k)),
      el("span", { class: "track" }, el("span", { class: "fill", style: `width:${(100 * buckets[k]) / max}%;display:block` })),
      el("span", { class: "value" }, String(buckets[k])))),
    el("div", { class: "note" }, `${t("median")}: ${median === null ? "—" : `${median.toFixed(0)} ${t("minutes")}`}`),
  );
}

function renderTypes(a) {
  const shares = a.quality?.typeShares ?? {};
  const entries = Object.entries(shares).filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1]);
  $("types").replaceChildren(
    ...(entries.length ? entries : [["other", 0]]).map(([k, v]) =>
      el("div", { class: "bar type", "data-type": k, "data-value": String(v) },
        el("span", {}, name(k)),
        el("span", { class: "track" }, el("span", { class: "fill", style: `width:${100 * v}%;display:block` })),
        el("span", { class: "value" }, pct(v)))),
  );
}

function renderBacklog(a) {
  const backlog = a.interaction?.responsiveness.backlog ?? [];
  if (!backlog.length) {
    $("backlog").replaceChildren(t("none"));
    return;
  }
  $("backlog").replaceChildren(
    el("table", {},
      el("thead", {}, el("tr", {}, el("th", {}, t("message")), el("th", {}, t("intent")), el("th", {}, t("age")))),
      el("tbody", {}, ...backlog.slice(0, 10).map((b) =>
        el("tr", { class: "backlog-item" }, el("td", {}, b.id), el("td", {}, name(b.intent)), el("td", {}, b.ageHours.toFixed(1)))))),
    backlog.length > 10 ? el("div", { class: "note" }, `10 ${t("more")} ${backlog.length - 10}`) : null,
  );
}

// ------------------------------------------------------------------------------------ charts
const SVG = "http://www.w3.org/2000/svg";
const svg = (tag, attrs = {}, ...children) => {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
};

function heatmap(grid) {
  const cell = 13, left = 18, top = 12;
  const max = Math.max(1, ...grid.flat());
  const days = t("weekdays");
  const root = svg("svg", { width: left + 24 * cell, height: top + 7 * cell + 4, id: "heatmap-svg" });
  for (let h = 0; h < 24; h += 3) root.append(svg("text", { x: left + h * cell, y: 9 }, String(h)));
  grid.forEach((row, d) => {
    root.append(svg("text", { x: 2, y: top + d * cell + 10 }, days[d]));
    row.forEach((n, h) => {
      const a = n ? 0.15 + 0.85 * (n / max) : 0.04;
      root.append(svg("rect", { x: left + h * cell, y: top + d * cell, width: cell - 1, height: cell - 1,
        fill: `rgba(62,123,250,${a.toFixed(3)})`, "data-n": String(n) }, svg("title", {}, `${days[d]} ${h}:00 — ${n}`)));
    });
  });
  return root;
}

function line(points) {
  if (!points.length) return document.createTextNode(t("none"));
  const w = 330, h = 110, pad = 24;
  const x = (i) => pad + (points.length === 1 ? 0 : (i * (w - 2 * pad)) / (points.length - 1));
  const y = (v) => h - pad - v * (h - 2 * pad);
  const path = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p.mean).toFixed(1)}`).join(" ");
  return svg("svg", { width: w, height: h, id: "officialese-svg" },
    svg("line", { x1: pad, y1: y(0), x2: w - pad, y2: y(0), stroke: "#cbd2d9" }),
    svg("text", { x: 2, y: y(0) + 3 }, "0"), svg("text", { x: 2, y: y(1) + 3 }, "1"),
    svg("path", { d: path, fill: "none", stroke: "#e12d39", "stroke-width": 2 }),
    ...points.map((p, i) => svg("circle", { cx: x(i), cy: y(p.mean), r: 2.5, fill: "#e12d39" },
      svg("title", {}, `${p.week}: ${p.mean.toFixed(3)} (${p.posts < p.of ? `${p.posts}/${p.of}` : p.posts} ${t("posts")})`))),
    svg("text", { x: pad, y: h - 6 }, points[0].week),
    svg("text", { x: w - pad - 56, y: h - 6 }, points.at(-1).week));
}

// ------------------------------------------------------------------------------------ inputs
$("lang").addEventListener("click", () => { lang = 1 - lang; render(); });
$("sample").addEventListener("click", () => loadSample().catch((e) => { $("error").textContent = String(e); }));
$("files").addEventListener("change", (e) => { if (e.target.files.length) analyse([...e.target.files]); });
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  if (e.dataTransfer.files.length) analyse([...e.dataTransfer.files]);
});
render();
setStage(0, 1, "loading");
