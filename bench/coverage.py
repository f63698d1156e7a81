#!/usr/bin/python3
"""The share of words found, per format, for Parvis, Recoll and omindex on
the same files (bench/coverage.sh runs the tools; this compares them).

For each file, the reference is the union of the words any of the three
found in it; each tool's share is the words it found of that union, summed
over the files of a format. Words: letters (of any script) and digits,
accents and case folded, starting with a letter, 3 to 30 characters, and not a word of the
file's own name (every tool indexes names: only the text counts here).

usage: coverage.py CORPUS PARVIS_DUMP RECOLL_DIR OMINDEX_DIR [LACKS]
  PARVIS_DUMP: the output of `test_extract FILE...` ("=== path\\tmime\\treason\\tlen" then the text)
  RECOLL_DIR, OMINDEX_DIR: `delve -a`-style dumps made by coverage.sh: one
  file per document, "url" on its first line, then its terms.
  LACKS: a Markdown list written there of every word of the reference
  Parvis did not find, per format and file, with the tools that found it:
  what the table's shortfall is made of, for a reader to judge."""
import os, re, sys, unicodedata, urllib.parse
from collections import defaultdict

# a word: letters of any script (Cyrillic, Arabic...: a file read in its
# right charset counts), then letters or digits, 3 to 30 in all
WORD = re.compile(r"^[^\W\d_][^\W_]{2,29}$")

def fold(s):
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))

def words(text):
    return {w for w in re.split(r"[\W_]+", fold(text)) if WORD.match(w)}

def parvis(dump):
    out, cur, buf = {}, None, []
    with open(dump, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("=== "):
                if cur: out[cur] = words("".join(buf))
                cur, buf = line[4:].split("\t")[0], []
            else:
                buf.append(line)
    if cur: out[cur] = words("".join(buf))
    return out

def dumps(directory, corpus):
    """url -> terms, documents inside a file (Recoll's archives, mails)
    added to their file's."""
    out = defaultdict(set)
    for name in os.listdir(directory):
        with open(os.path.join(directory, name), encoding="utf-8", errors="replace") as f:
            url = f.readline().strip()
            # raw terms only: Xapian's prefixed ones start with a capital
            # (omindex's Z stems, Recoll's XSFN file names...) or ":"; a
            # letter of a script without case (Arabic, CJK) is raw too
            uncased = lambda c: c.isalpha() and c.lower() == c.upper()
            terms = {fold(t.strip()) for t in f if t[:1].islower() or t[:1].isdigit() or uncased(t[:1])}
        if url.startswith("file://"): path = url[7:]                            # Recoll: absolute
        else: path = os.path.join(corpus, urllib.parse.unquote(url).lstrip("/"))  # omindex: under --url /
        out[os.path.normpath(path)] |= {t for t in terms if WORD.match(t)}
    return out

def fmt(path):
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    return ext or "(none)"

def main():
    corpus, pdump, rdir, odir = sys.argv[1:5]
    debug = os.environ.get("COVERAGE_DEBUG")
    tools = {"Parvis": parvis(pdump), "Recoll": dumps(rdir, corpus), "omindex": dumps(odir, corpus)}
    files = sorted(tools["Parvis"])
    per = defaultdict(lambda: {"files": 0, "ref": 0, **{t: 0 for t in tools}, **{t + "0": 0 for t in tools}})
    lacks = defaultdict(list)          # format -> (file, [(word, tools that found it)])
    for path in files:
        own = words(os.path.basename(path))
        sets = {t: (tools[t].get(os.path.normpath(path), set()) - own) for t in tools}
        ref = set().union(*sets.values())
        if debug and debug in path:
            for t in tools: print(t, "lacks:", " ".join(sorted(ref - sets[t])[:80]), file=sys.stderr)
        missed = sorted(ref - sets["Parvis"])
        if missed:
            lacks[fmt(path)].append((os.path.basename(path), [(w, [t for t in tools if w in sets[t]]) for w in missed]))
        row = per[fmt(path)]
        row["files"] += 1
        row["ref"] += len(ref)
        for t in tools:
            row[t] += len(sets[t] & ref)
            row[t + "0"] += 1 if ref and not sets[t] else 0
    total = {"files": 0, "ref": 0, **{t: 0 for t in tools}}
    print("| format | files | words (union) | " + " | ".join(f"{t}" for t in tools) + " |")
    print("| --- | ---: | ---: | " + " | ".join("---:" for _ in tools) + " |")
    pct = lambda a, b: f"{100 * a / b:.1f} %" if b else "—"
    for f in sorted(per):
        r = per[f]
        for k in total: total[k] += r[k]
        cells = [pct(r[t], r["ref"]) + (f" ({r[t + '0']} empty)" if r[t + "0"] else "") for t in tools]
        print(f"| {f} | {r['files']} | {r['ref']} | " + " | ".join(cells) + " |")
    print(f"| **all** | {total['files']} | {total['ref']} | " + " | ".join(f"**{pct(total[t], total['ref'])}**" for t in tools) + " |")
    if len(sys.argv) > 5:
        with open(sys.argv[5], "w", encoding="utf-8") as out:
            for f in sorted(lacks):
                n = sum(len(m) for _, m in lacks[f])
                out.write(f"- **{f}** ({n} words)\n")
                for name, missed in lacks[f]:
                    shown = ", ".join(f"`{w}` ({'+'.join(t for t in by if t != 'Parvis')})" for w, by in missed[:60])
                    more = f" and {len(missed) - 60} more" if len(missed) > 60 else ""
                    out.write(f"  - {name}: {shown}{more}\n")

if __name__ == "__main__":
    main()
