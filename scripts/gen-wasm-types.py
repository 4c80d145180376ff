#!/usr/bin/env python3
"""Generates bindings-wasm/src/types.d.ts: TypeScript interfaces for the results the wasm module
returns, from the core's Rust struct and enum definitions (core/src/**/*.rs).

    python3 scripts/gen-wasm-types.py          # rewrites the file
    python3 scripts/gen-wasm-types.py --check  # exit 1 when the file is stale (run by the tests)

Why generate: the results (AuditReport and everything inside it) hold ~100 types spread over the
core's modules; hand-written types would drift from the Rust structs. This reads the structs'
`pub` fields and serde attributes (`skip`, `skip_serializing_if`, `rename`, `rename_all`, `tag`)
and applies the binding's renaming (struct fields to camelCase, exactly like
bindings-wasm/src/camel.rs; map keys and enum values unchanged). A Rust type it does not know is
an error, so no result field is ever typed `any`.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bindings-wasm" / "src" / "types.d.ts"

# The result types the module returns (and the config types it accepts, as DeepPartial).
ROOTS = [
    "PostQuality", "AccountQuality", "MessageClass", "InteractionReport", "AuditReport",
    "AccountFacts", "Bci", "Window", "QualityConfig", "MessageConfig", "InteractionConfig",
    "AuditConfig", "Dataset",
]
# Declared by hand in lib.rs (the read API), reused here.
EXTERNAL = {"Account", "Post", "Comment", "Mention", "RepostOf", "AdminLevel", "MediaKind",
            "IngestReport", "Format", "Timestamp"}
PRIMITIVE = {
    **{t: "number" for t in ["u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32",
                             "i64", "i128", "isize", "f32", "f64"]},
    "bool": "boolean", "String": "string", "str": "string", "char": "string",
    "DateTime": "Timestamp", "NaiveDate": "string", "NaiveTime": "string", "PathBuf": "string",
}
SEQ = {"Vec", "VecDeque", "HashSet", "BTreeSet", "Box", "Arc", "Rc", "Cow"}
MAPS = {"HashMap", "BTreeMap", "IndexMap"}


def camel(name):
    out, up = [], False
    for i, c in enumerate(name):
        if c == "_" and i > 0:
            up = True
        elif up:
            out.append(c.upper())
            up = False
        else:
            out.append(c)
    return "".join(out)


def snake(name):
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def strip_comments(src):
    # Keep `///` docs (turned into a marker), drop other line comments.
    src = re.sub(r"^\s*///(.*)$", lambda m: "@@DOC " + m.group(1).strip(), src, flags=re.M)
    return re.sub(r"//[^\n]*", "", src)


def split_top(s, sep=","):
    parts, depth, cur = [], 0, ""
    for c in s:
        if c in "<([":
            depth += 1
        elif c in ">)]":
            depth -= 1
        if c == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    if cur.strip():
        parts.append(cur)
    return [p.strip() for p in parts]


def serde_attrs(attrs):
    out = {}
    for a in attrs:
        m = re.match(r"#\[serde\((.*)\)\]$", a, re.S)
        if not m:
            continue
        for part in split_top(m.group(1)):
            if "=" in part:
                k, v = part.split("=", 1)
                out[k.strip()] = v.strip().strip('"')
            else:
                out[part.strip()] = True
    return out


def parse_items(src):
    """Yields (kind, name, attrs, docs, body) for every `pub struct`/`pub enum` with a body."""
    items = []
    lines = src.split("\n")
    i = 0
    attrs, docs = [], []
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("@@DOC"):
            docs.append(line[6:])
        elif line.startswith("#["):
            a = line
            while a.count("[") > a.count("]") and i + 1 < len(lines):
                i += 1
                a += " " + lines[i].strip()
            attrs.append(a)
        else:
            m = re.match(r"pub (struct|enum) (\w+)(<[^{]*>)?\s*\{", line)
            if m:
                depth, body = 0, []
                while i < len(lines):
                    l = lines[i]
                    depth += l.count("{") - l.count("}")
                    body.append(l)
                    if depth == 0:
                        break
                    i += 1
                text = "\n".join(body)
                items.append((m.group(1), m.group(2), attrs, docs,
                              text[text.index("{") + 1:text.rindex("}")]))
            if line:
                attrs, docs = [], []
        i += 1
    return items


def balance(text):
    return sum(text.count(c) for c in "<([{") - sum(text.count(c) for c in ">)]}")


def parse_fields(body):
    """`(is_pub, name, type, attrs, docs)` per field, line by line (docs may hold any text)."""
    fields, attrs, docs, cur = [], [], [], ""
    for line in body.split("\n"):
        line = line.strip()
        if cur:
            cur += " " + line
        elif line.startswith("@@DOC"):
            docs.append(line[6:].strip())
            continue
        elif line.startswith("#["):
            cur = line
        elif line:
            cur = line
        else:
            continue
        if cur.startswith("#["):
            if cur.count("[") == cur.count("]"):
                attrs.append(cur)
                cur = ""
            continue
        text = cur.rstrip(",").strip()
        if balance(text.replace("->", "")) > 0:
            continue
        cur = ""
        m = re.match(r"(pub(\([^)]*\))?\s+)?(\w+)\s*:\s*(.+)$", text)
        if m:
            fields.append((m.group(1) is not None and m.group(2) is None, m.group(3),
                           m.group(4), attrs, docs))
        attrs, docs = [], []
    return fields


def parse_variants(body):
    body = "\n".join(l for l in body.split("\n") if not l.strip().startswith("@@DOC"))
    out, attrs = [], []
    for raw in split_top(body.replace("\n", " \n "), ","):
        text = raw.strip()
        while True:
            text = text.strip()
            if text.startswith("@@DOC"):
                nl = text.find("\n")
                text = text[nl + 1:] if nl >= 0 else ""
            elif text.startswith("#["):
                depth, j = 0, 0
                for j, c in enumerate(text):
                    depth += (c == "[") - (c == "]")
                    if depth == 0:
                        break
                attrs.append(" ".join(text[:j + 1].split()))
                text = text[j + 1:]
            else:
                break
        text = " ".join(text.split())
        while re.match(r"#?\[[^\]]*\]", text):
            a = re.match(r"#?\[[^\]]*\]", text).group(0)
            attrs.append("#" + a.lstrip("#"))
            text = text[len(a):].strip()
        if text:
            out.append((text, attrs))
        attrs = []
    return out


class Gen:
    def __init__(self):
        self.structs, self.enums, self.aliases = {}, {}, {}
        for path in sorted((ROOT / "core" / "src").rglob("*.rs")):
            src = strip_comments(path.read_text())
            for m in re.finditer(r"^pub type (\w+) = ([^;]+);", src, re.M):
                self.aliases[m.group(1)] = m.group(2).strip()
            for kind, name, attrs, docs, body in parse_items(src):
                if not any("Serialize" in a for a in attrs):
                    continue
                target = self.structs if kind == "struct" else self.enums
                target.setdefault(name, (attrs, docs, body, path))
        self.emitted, self.queue, self.out = set(), [], []

    def ts(self, ty):
        ty = ty.strip().removeprefix("&'static ").removeprefix("&'a ").removeprefix("&")
        ty = re.sub(r"^(std::|crate::|chrono::|super::)+(\w+::)*", "", ty)
        if ty.startswith("(") and ty.endswith(")"):
            return "[" + ", ".join(self.ts(t) for t in split_top(ty[1:-1])) + "]"
        if ty.startswith("[") and ty.endswith("]"):
            inner = split_top(ty[1:-1], ";")[0]
            return f"{self.wrap(self.ts(inner))}[]"
        m = re.match(r"(\w+)(?:<(.*)>)?$", ty)
        if not m:
            raise SystemExit(f"cannot type {ty!r}")
        name, args = m.group(1), split_top(m.group(2) or "")
        args = [a for a in args if not a.startswith("'")]
        if name in PRIMITIVE:
            return PRIMITIVE[name]
        if name == "Option":
            return f"{self.ts(args[0])} | null"
        if name in SEQ:
            inner = self.ts(args[-1])
            return inner if name in {"Box", "Arc", "Rc", "Cow"} else f"{self.wrap(inner)}[]"
        if name in MAPS:
            return f"Record<string, {self.ts(args[1])}>"
        if name in EXTERNAL:
            return name
        if name in self.aliases:
            return self.ts(self.aliases[name])
        if name in self.structs or name in self.enums:
            if name not in self.emitted:
                self.emitted.add(name)
                self.queue.append(name)
            return name
        raise SystemExit(f"unknown Rust type {ty!r}: add it to the generator (no `any`)")

    @staticmethod
    def wrap(t):
        return f"({t})" if "|" in t else t

    def doc(self, docs, indent=""):
        if not docs:
            return []
        text = " ".join(docs).replace("*/", "*\\/")
        return [f"{indent}/** {text} */"]

    def emit_struct(self, name):
        attrs, docs, body, path = self.structs[name]
        sa = serde_attrs(attrs)
        lines = self.doc(docs) + [f"export interface {name} {{"]
        for is_pub, field, ty, fattrs, fdocs in parse_fields(body):
            fa = serde_attrs(fattrs)
            if fa.get("skip") or fa.get("skip_serializing"):
                continue
            if fa.get("flatten"):
                raise SystemExit(f"{name}.{field}: flatten is not supported by camel.rs")
            key = fa.get("rename") or field
            if sa.get("rename_all") == "camelCase":
                key = camel(key)
            optional = "?" if "skip_serializing_if" in fa else ""
            lines += self.doc(fdocs, "  ")
            lines.append(f"  {camel(key)}{optional}: {self.ts(ty)};")
        lines.append("}")
        return lines

    def emit_enum(self, name):
        attrs, docs, body, path = self.enums[name]
        sa = serde_attrs(attrs)
        rename_all = sa.get("rename_all")
        tag = sa.get("tag")
        alts = []
        for text, vattrs in parse_variants(body):
            va = serde_attrs(vattrs)
            m = re.match(r"(\w+)\s*(\{.*\}|\(.*\))?\s*(=.*)?$", text)
            if not m:
                raise SystemExit(f"{name}: cannot parse variant {text!r}")
            vname, payload = m.group(1), m.group(2)
            value = va.get("rename") or (snake(vname) if rename_all == "snake_case" else vname)
            if rename_all == "lowercase":
                value = vname.lower()
            if payload is None:
                alts.append(f'{{ {tag}: "{value}" }}' if tag else f'"{value}"')
            elif payload.startswith("(") and tag:
                inner = self.ts(payload[1:-1])
                alts.append(f'({{ {tag}: "{value}" }} & {inner})')
            elif payload.startswith("{") and tag:
                fields = parse_fields(payload[1:-1])
                body_ts = "; ".join(f"{camel(f)}: {self.ts(t)}" for _, f, t, _, _ in fields)
                alts.append(f'{{ {tag}: "{value}"; {body_ts} }}')
            else:
                raise SystemExit(f"{name}::{vname}: untagged data variant not supported")
        return self.doc(docs) + [f"export type {name} =", *[f"  | {a}" for a in alts[:-1]],
                                 f"  | {alts[-1]};"]

    def run(self):
        for r in ROOTS:
            self.ts(r)
        blocks = []
        while self.queue:
            name = self.queue.pop(0)
            lines = self.emit_struct(name) if name in self.structs else self.emit_enum(name)
            blocks.append("\n".join(lines))
        head = ("// Generated by scripts/gen-wasm-types.py from the core's Rust types: do not edit.\n"
                "// Struct fields are camelCase (bindings-wasm/src/camel.rs); map keys and enum\n"
                "// values are as in Rust. Configs are accepted as DeepPartial (serde defaults).\n\n"
                "/** Every key optional, at every depth: what a config argument may omit. */\n"
                "export type DeepPartial<T> = T extends (infer U)[] ? DeepPartial<U>[]\n"
                "  : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;\n\n")
        return head + "\n\n".join(blocks) + "\n"


def main():
    text = Gen().run()
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text() != text:
            print(f"{OUT.relative_to(ROOT)} is stale: run python3 scripts/gen-wasm-types.py")
            sys.exit(1)
        print(f"{OUT.relative_to(ROOT)} is up to date")
        return
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)} ({text.count('export ')} types)")


if __name__ == "__main__":
    main()
