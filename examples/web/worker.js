// The analysis, off the page's thread: load the module and jieba's dictionary, read the files,
// audit every account, then the post-quality pass per week (officialese over time), posting
// progress all along so the page stays responsive on large inputs.
import init, {
  audit,
  analyzePosts,
  loadDictionary,
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
  return { version: version(), dictionary: info.dictionary, setupMs: performance.now() - started };
}

/** Monday of the week of a timestamp, in the post's own offset: "2020-01-13". */
function weekOf(createdAt) {
  const day = new Date(`${createdAt.slice(0, 10)}T00:00:00Z`);
  const back = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

async function analyse({ files, useSampleWindow }) {
  const setup = await ready;
  const dataset = { accounts: [], posts: [], comments: [], mentions: [] };
  const ingest = [];
  files.forEach((file, i) => {
    progress(i, files.length, "read");
    const result = readRecordsFromBytes(new Uint8Array(file.bytes), { source: file.name, lenient: true });
    for (const kind of ["accounts", "posts", "comments", "mentions"]) {
      for (const record of result[kind]) dataset[kind].push(record);
    }
    ingest.push(result.report);
  });
  progress(0, 1, "audit");
  const config = useSampleWindow ? { window: sampleWindow() } : {};
  const report = audit(dataset, config);

  // Officialese over time: mean officialese score of each account's original posts per week.
  const originals = dataset.posts.filter((p) => !p.repostOf && p.isRepost !== true);
  const weekly = {};
  const CHUNK = 200;
  for (let start = 0; start < originals.length; start += CHUNK) {
    progress(start, originals.length, "quality");
    const chunk = originals.slice(start, start + CHUNK);
    analyzePosts(chunk).forEach((q, i) => {
      const post = chunk[i];
      const series = (weekly[post.accountId] ??= {});
      const cell = (series[weekOf(post.createdAt)] ??= { sum: 0, n: 0 });
      cell.sum += q.officialese.score;
      cell.n += 1;
    });
  }
  const officialese = Object.fromEntries(
    Object.entries(weekly).map(([id, series]) => [
      id,
      Object.keys(series)
        .sort()
        .map((week) => ({ week, mean: series[week].sum / series[week].n, posts: series[week].n })),
    ]),
  );
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
