// Type-checked (not run) with tests/tsconfig.json: the Node entry's declarations (node.d.ts)
// re-export the module's types and add loadBundledDictionary.
import { classifyMessage, loadBundledDictionary, type MessageClass } from "../node.js";

export function classifyWithDictionary(text: string): MessageClass["intent"] {
  loadBundledDictionary(["亚拢沟"]);
  const c: MessageClass = classifyMessage(text);
  return c.intent;
}
