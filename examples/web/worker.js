// The analysis, off the page's thread: load the module and jieba's dictionary, read the files,
// audit every account, then a post-quality pass per week (officialese over time), posting
// progress all along so the page stays responsive on large inputs.
import init, {
  audit,
  analyzePosts,
  loadDictionary,
  readPresets,
  readRecordsFromBytes,
  sampleWindow,
  version,
  warmUp,
} from "../../bindings-wasm/pkg/zhengwu.js";

const PKG = new URL("../../bindings-wasm/pkg/", import.meta.url);
let ready = null;

const progress = (done, total, stage) => postMessage({ type: "progress", done, total, stage });

async function gunzip(response) {
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function setUp() {
  const started = performance.now();
  await init(new URL("zhengwu_bg.wasm", PKG));
  progress(0, 1, "dictionary");
  const response = await fetch(new URL("jieba-dict.txt.gz", PKG));
  if (!response.ok) throw new Error(`jieba dictionary: HTTP ${response.status}`);
  loadDictionary(await gunzip(response));
  const info = warmUp();
  return {
    version: version(),
    dictionary: info.dictionary,
    presets: readPresets(),
    setupMs: performance.now() - started,
  };
}

/** Monday of the week of a timestamp, in the post's own offset: "2020-01-13". */
function weekOf(createdAt) {
  const day = new Date(`${createdAt.slice(0, 10)}T00:00:00Z`);
  const back = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

async function analyse({ files, useSampleWindow, preset }) {
  const setup = await ready;
  const dataset = { accounts: [], posts: [], comments: [], mentions: [] };
  const ingest = [];
  files.forEach((file, i) => {
    progress(i, files.length, "read");
    const options = { source: file.name, lenient: true };
    // The preset maps CSV columns; JSON Lines in our schema needs none.
    if (preset && !/\.jsonl$/i.test(file.name)) options.preset = preset;
    const result = readRecordsFromBytes(new Uint8Array(file.bytes), options);
    for (const kind of ["accounts", "posts", "comments", "mentions"]) {
      for (const record of result[kind]) dataset[kind].push(record);
    }
    ingest.push(result.report);
  });
  progress(0, 1, "audit");
  const config = useSampleWindow ? { window: sampleWindow() } : {};
  const report = audit(dataset, config);

  // Officialese over time: mean officialese score of each account's original posts per week.
  // The audit ran the quality pass already but keeps only per-account means, so this is a second
  // pass: at most PER_WEEK posts per account and week (evenly spaced), which bounds its cost on
  // large inputs (100,000 posts) while small accounts are measured in full.
  const PER_WEEK = 150;
  const groups = new Map();
  for (const post of dataset.posts) {
    if (post.repostOf || post.isRepost === true) continue;
    const key = `${post.accountId}\u0000${weekOf(post.createdAt)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(post);
  }
  const chosen = [];
  const cells = new Map();
  for (const [key, posts] of groups) {
    const step = Math.max(1, posts.length / PER_WEEK);
    const cell = { sum: 0, n: 0, of: posts.length };
    cells.set(key, cell);
    for (let i = 0; i < posts.length; i += step) {
      chosen.push([cell, posts[Math.floor(i)]]);
    }
  }
  const CHUNK = 200;
  for (let start = 0; start < chosen.length; start += CHUNK) {
    progress(start, chosen.length, "quality");
    const chunk = chosen.slice(start, start + CHUNK);
    analyzePosts(chunk.map(([, post]) => post)).forEach((q, i) => {
      const cell = chunk[i][0];
      cell.sum += q.officialese.score;
      cell.n += 1;
    });
  }
  const officialese = {};
  for (const [key, cell] of [...cells].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const [id, week] = key.split("\u0000");
    (officialese[id] ??= []).push({ week, mean: cell.sum / cell.n, posts: cell.n, of: cell.of });
  }
  progress(1, 1, "done");
  return { setup, ingest, report, officialese };
}

ready = setUp();
ready.then(
  (setup) => postMessage({ type: "ready", setup }),
  (error) => postMessage({ type: "error", error: describe(error) }),
);

onmessage = async (event) => {
  try {
    postMessage({ type: "result", result: await analyse(event.data) });
  } catch (error) {
    postMessage({ type: "error", error: describe(error) });
  }
};

function describe(error) {
  return {
    message: String(error?.message ?? error),
    kind: error?.kind ?? null,
    source: error?.source ?? null,
    line: error?.line ?? null,
  };
}
