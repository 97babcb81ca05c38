#!/usr/bin/env python3
"""Independent reference counts for the file fuzzer (test/adversarial/file-fuzz.test.ts).

Standard library only. Reads a manifest (JSON, path given as the only argument) listing cases and prints, for each,
how many events a correct reader keeps and how many input lines (or documents) it must report as skipped:

  {"kind": "lines", "path": P}
      NDJSON semantics: P is decoded (gzip when it starts with the gzip magic bytes: as much as zlib can inflate
      before the data ends or breaks) as UTF-8 (invalid bytes replaced), split at "\\n"; every line that is not
      blank is either a JSON object (an event) or reported (anything else: invalid JSON, a cut line, a scalar).
  {"kind": "array", "original": O, "cut": N}
      A pretty-printed JSON array O cut after N characters: the events are the elements whose closing brace lies
      within the first N characters; one problem is reported when the cut falls inside the array (after "[" and
      before its "]"), none otherwise.
  {"kind": "tree", "path": D}
      A directory tree with symbolic links: each distinct real file with a data-file name, reached by walking D and
      following links (to files, and to directories not already walked), counted once with "lines" semantics.

Output: a JSON list, one {"events": e, "reported": r} per case, in manifest order.
Used as: python3 scripts/reference-count.py manifest.json
"""
import json
import os
import re
import sys
import zlib

DATA_FILE = re.compile(r"\.(?:json|ndjson|jsonl|log)(?:\.gz)?$", re.IGNORECASE)
WHITESPACE = " \t\r\n\ufeff"


def read_text(path):
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:2] == b"\x1f\x8b":
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        out = []
        # Feed in small pieces so that everything decodable before a corruption is kept.
        for i in range(0, len(data), 512):
            try:
                out.append(inflater.decompress(data[i : i + 512]))
            except zlib.error:
                break
            if inflater.eof:
                break
        data = b"".join(out)
    text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def count_lines(path):
    events = reported = 0
    for line in read_text(path).split("\n"):
        body = line.strip(WHITESPACE)
        if body == "":
            continue
        try:
            value = json.loads(body, parse_constant=_reject)
        except ValueError:
            reported += 1
            continue
        if isinstance(value, dict):
            events += 1
        else:
            reported += 1
    return events, reported


def _reject(name):
    # JavaScript's JSON.parse has no NaN / Infinity.
    raise ValueError(name)


def count_array(original, cut):
    with open(original, encoding="utf-8") as handle:
        text = handle.read()
    decoder = json.JSONDecoder()
    i = text.index("[") + 1
    ends = []
    close = None
    while True:
        while text[i] in WHITESPACE:
            i += 1
        if text[i] == "]":
            close = i + 1
            break
        _, i = decoder.raw_decode(text, i)
        ends.append(i)
        while text[i] in WHITESPACE:
            i += 1
        if text[i] == ",":
            i += 1
    start = text.index("[")
    events = sum(1 for end in ends if end <= cut)
    reported = 1 if start < cut < close else 0
    return events, reported


def walk_tree(root):
    files = {}
    walked = set()
    stack = [root]
    while stack:
        directory = stack.pop()
        real = os.path.realpath(directory)
        if real in walked:
            continue
        walked.add(real)
        for entry in sorted(os.listdir(directory)):
            full = os.path.join(directory, entry)
            if os.path.isdir(full):
                stack.append(full)
            elif os.path.isfile(full) and DATA_FILE.search(entry):
                files.setdefault(os.path.realpath(full), full)
    events = reported = 0
    for real in sorted(files):
        e, r = count_lines(real)
        events += e
        reported += r
    return events, reported


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    out = []
    for case in cases:
        if case["kind"] == "lines":
            events, reported = count_lines(case["path"])
        elif case["kind"] == "array":
            events, reported = count_array(case["original"], case["cut"])
        elif case["kind"] == "tree":
            events, reported = walk_tree(case["path"])
        else:
            raise ValueError(case["kind"])
        out.append({"events": events, "reported": reported})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
