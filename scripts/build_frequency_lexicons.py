#!/usr/bin/env python3
"""Builds the word-frequency lexicon that readability and keywords read, from jieba's dictionary.

    python3 scripts/build_frequency_lexicons.py [path/to/jieba/dict.txt]

Default input: the `jieba` Python package's dict.txt (the same word list and frequencies that
jieba-rs embeds; MIT licence). Output (deterministic, committed):

- core/lexicons/word_freq_bands.txt: the TOP_WORDS most frequent words, grouped by frequency band
  b = floor(log2(freq)); one line per band: `b<TAB>word/tag word/tag ...` (tag: jieba's POS tag). A word's frequency is
  approximated by 2^b (within a factor of 2), enough for rarity and IDF.

(core/lexicons/common_chars.txt, a frequency proxy built here until v1, now comes from the official
通用规范汉字表: scripts/build_common_chars.py.)
"""
import collections
import math
import os
import sys

TOP_WORDS = 40000


def default_dict():
    import jieba  # noqa: F401

    return os.path.join(os.path.dirname(sys.modules["jieba"].__file__), "dict.txt")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else default_dict()
    rows = []
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                rows.append((parts[0], int(parts[1]), parts[2] if len(parts) > 2 else "x"))
    total = sum(f for _, f, _ in rows)
    rows.sort(key=lambda r: (-r[1], r[0]))
    top = rows[:TOP_WORDS]
    bands = collections.defaultdict(list)
    for w, f, tag in top:
        bands[int(math.log2(max(f, 1)))].append(f"{w}/{tag}")
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "lexicons")
    with open(os.path.join(root, "word_freq_bands.txt"), "w", encoding="utf-8") as out:
        out.write(f"# zhengwu word frequency bands v1: top {TOP_WORDS} words of jieba's dict.txt (MIT),\n")
        out.write(f"# dictionary total frequency {total}; line = floor(log2(freq)) TAB word/jieba-POS-tag ...\n")
        out.write("# Rebuild: python3 scripts/build_frequency_lexicons.py\n")
        for b in sorted(bands, reverse=True):
            out.write(f"{b}\t{' '.join(sorted(bands[b]))}\n")
    print(f"{len(rows)} dictionary words, total {total}; wrote {len(top)} words in {len(bands)} bands")


if __name__ == "__main__":
    main()
