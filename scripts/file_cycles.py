#!/usr/bin/env python3
"""Call and reference circles between Swift files of one module, and files over the size limit.

A file depends on another when it names a type or function declared only in that other file (names declared in
several files, such as `fit` or `predictive`, are protocol witnesses or overloads and say nothing about direction;
a type's own extensions are not counted as depending on the file that declares the type, since they add to it).
Strongly connected components of more than one file are circles.

Usage: scripts/file_cycles.py [--max-lines N] [Sources]    exit status 1 on a circle or an oversized file.
"""
import re
import sys
from collections import defaultdict
from pathlib import Path

args = sys.argv[1:]
max_lines = 400
if args[:1] == ["--max-lines"]:
    max_lines = int(args[1])
    args = args[2:]
root = Path(args[0] if args else "Sources")

DECL = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate|static|final|"
                  r"indirect|mutating|nonisolated|override|@inline\(__always\))\s+)*"
                  r"(struct|enum|class|protocol|typealias|func)\s+([A-Za-z_][A-Za-z0-9_]*)")
EXTENSION = re.compile(r"^\s*(?:public\s+|package\s+)?extension\s+([A-Za-z_][A-Za-z0-9_.]*)")
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def strip(text):
    """The code without comments and string literals."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r'"""[\s\S]*?"""', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)
    return "\n".join(line.split("//")[0] for line in text.split("\n"))


failed = False
for module in sorted(p for p in root.iterdir() if p.is_dir()):
    files = sorted(module.rglob("*.swift"))
    code = {f: strip(f.read_text()) for f in files}
    for f in files:
        n = f.read_text().count("\n")
        if n > max_lines:
            print(f"{f}: {n} lines (limit {max_lines})")
            failed = True
    declared = defaultdict(set)   # name -> files
    types_in = defaultdict(set)   # file -> type names it declares
    extends = defaultdict(set)    # file -> types it extends
    for f, text in code.items():
        for line in text.split("\n"):
            m = DECL.match(line)
            if m:
                declared[m.group(2)].add(f)
                if m.group(1) != "func":
                    types_in[f].add(m.group(2))
            e = EXTENSION.match(line)
            if e:
                extends[f].add(e.group(1).split(".")[0])
    # Function names that are also variables, cases or argument labels somewhere are ambiguous: left out.
    ambiguous = set()
    for text in code.values():
        ambiguous |= set(re.findall(r"\b(?:let|var|case)\s+(?:\.)?([A-Za-z_][A-Za-z0-9_]*)", text))
        ambiguous |= set(re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*:", text))
    functions = {name for f, text in code.items() for name in re.findall(r"\bfunc\s+([A-Za-z_][A-Za-z0-9_]*)", text)}
    # Names the standard library uses too (a call of theirs is not a call of ours).
    standard = {"contains", "parse", "read", "write", "filter", "map", "sort", "sorted", "first", "last", "min", "max",
                "count", "index", "description", "append", "insert", "remove", "reduce", "joined", "split"}
    unique = {name: next(iter(fs)) for name, fs in declared.items()
              if len(fs) == 1 and name not in standard and not (name in functions and (name in ambiguous or len(name) < 4))}
    edges = defaultdict(set)
    for f, text in code.items():
        called = set(re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*[(<{]", text))
        for name in set(IDENT.findall(text)):
            g = unique.get(name)
            if name in functions and name not in called and name not in types_in[g or f]:
                continue
            if g is None or g == f:
                continue
            # A type's own file referring to members its extensions add is the type using its own parts.
            if types_in[f] & extends[g]:
                continue
            edges[f].add(g)
    # Tarjan's strongly connected components.
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            comps.append(comp)

    sys.setrecursionlimit(10000)
    for f in files:
        if f not in index:
            visit(f)
    for comp in comps:
        if len(comp) > 1:
            failed = True
            names = sorted(str(c.relative_to(module)) for c in comp)
            print(f"{module.name}: circle between {len(comp)} files: {', '.join(names)}")
            for a in comp:
                for b in edges[a]:
                    if b in comp:
                        shared = sorted(n for n, g in unique.items() if g == b and n in set(IDENT.findall(code[a])))
                        print(f"    {a.relative_to(module)} -> {b.relative_to(module)}: {', '.join(shared[:6])}")
print("no circles, no file over the limit" if not failed else "")
sys.exit(1 if failed else 0)
