// Type-checked (not run) by `npx tsc -p tests/tsconfig.json`: the TypeScript types shipped in
// pkg/zhengwu.d.ts describe what readRecords really returns (camelCase keys, null for unknown).
import init, {
  auditTexts,
  classifyMessage,
  readRecords,
  type AuditOutput,
  type DiagnosisKind,
  type MessageClass,
  readRecordsFromBytes,
  type Post,
  type ReadResult,
  type ZhengwuError,
} from "../pkg/zhengwu.js";

export async function firstPostLine(text: string): Promise<string> {
  await init();
  const result: ReadResult = readRecords(text, { format: "jsonl", lenient: true });
  const post: Post | undefined = result.posts[0];
  if (!post) return `no posts (${result.report.rejected} rejected of ${result.report.seen})`;
  const likes: number | null = post.likes;
  const when: string = post.createdAt;
  // @ts-expect-error snake_case keys do not exist on the JS side
  void post.account_id;
  // @ts-expect-error an unknown format is a type error
  readRecords(text, { format: "xml" });
  readRecordsFromBytes(new Uint8Array([0x7b, 0x7d]));
  return `${post.accountId} ${when} ${likes ?? "?"} ${post.repostOf?.authorName ?? ""}`;
}

export function describe(error: unknown): string {
  const e = error as ZhengwuError;
  return `${e.kind} at ${e.source}:${e.line ?? "?"} (${e.field ?? "-"}): ${e.reason}`;
}

export function topDiagnosis(text: string): string {
  const out: AuditOutput = auditTexts([{ text, options: { source: "posts.jsonl" } }], {
    runQuality: false,
    window: { start: "2024-11-01T00:00:00+08:00", end: "2024-11-15T00:00:00+08:00" },
  });
  const account = out.audit.accounts[0];
  if (!account) return "no accounts";
  const kind: DiagnosisKind | undefined = account.diagnoses.found[0]?.kind;
  const median: number | null = account.interaction?.responsiveness.latency.medianSeconds ?? null;
  const bci: number = account.indices.bci.bci;
  const message: MessageClass = classifyMessage("请问身份证在哪里办理？");
  const needsReply: boolean = message.needsReply;
  // @ts-expect-error results are camelCase
  void account.scores.weight_coverage;
  // @ts-expect-error diagnosis kinds are a closed set
  const wrong: DiagnosisKind = "zombie";
  void wrong;
  return `${kind ?? "none"} ${median ?? "-"} ${bci.toFixed(1)} ${needsReply}`;
}
