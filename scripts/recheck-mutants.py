#!/usr/bin/env python3
"""Re-apply gremlins mutants (from a log of LIVED lines) to the current tree and run tests.
usage: scripts/recheck-mutants.py SNAPSHOT_REV PKG_DIR TEST_REGEX < lines   (lines: 'LIVED TYPE at file.go:L:C')"""
import re, subprocess, sys, os, shutil
rev, pkg, regex = sys.argv[1], sys.argv[2], sys.argv[3]
root = subprocess.check_output(['git', 'rev-parse', '--show-toplevel'], cwd=pkg, text=True).strip()
rel = os.path.relpath(pkg, root)
BOUND = {'<': '<=', '<=': '<', '>': '>=', '>=': '>'}
NEG = {'==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<'}
ARITH = {'+': '-', '-': '+', '*': '/', '/': '*', '%': '*'}
for raw in sys.stdin:
    m = re.search(r'(LIVED|KILLED)\s+(\w+) at (\S+?):(\d+):(\d+)', raw)
    if not m: continue
    _, kind, f, L, C = m.groups(); L, C = int(L), int(C)
    old = subprocess.check_output(['git', 'show', f'{rev}:{rel}/{f}'], cwd=root, text=True).split('\n')
    path = os.path.join(pkg, f)
    cur = open(path).read().split('\n')
    oline = old[L-1]
    cands = [i for i, l in enumerate(cur) if l == oline]
    if not cands:
        print(f'GONE {f}:{L}:{C} {kind} ({oline.strip()})'); continue
    i = min(cands, key=lambda i: abs(i-(L-1)))
    line = cur[i].encode()
    c = C-1
    def tok(n): return line[c:c+n].decode()
    new = None
    if kind in ('CONDITIONALS_BOUNDARY', 'CONDITIONALS_NEGATION'):
        t = tok(2) if tok(2) in ('<=', '>=', '==', '!=') else tok(1)
        table = BOUND if kind == 'CONDITIONALS_BOUNDARY' else NEG
        if t in table: new = line[:c] + table[t].encode() + line[c+len(t):]
    elif kind == 'ARITHMETIC_BASE':
        t = tok(1)
        if t in ARITH and tok(2) not in ('++', '--', '+=', '-=', '*=', '/='): new = line[:c] + ARITH[t].encode() + line[c+1:]
    elif kind == 'INVERT_NEGATIVES':
        if tok(1) == '-': new = line[:c] + b'+' + line[c+1:]
    elif kind == 'INCREMENT_DECREMENT':
        t = tok(2)
        if t in ('++', '--'): new = line[:c] + (b'--' if t == '++' else b'++') + line[c+2:]
    if new is None:
        print(f'SKIP {f}:{L}:{C} {kind} token {line[c:c+3]!r} in {cur[i].strip()}'); continue
    shutil.copy(path, '/tmp/remut.bak')
    cur[i] = new.decode()
    open(path, 'w').write('\n'.join(cur))
    try:
        r = subprocess.run(['go', 'test', '-count=1', '-failfast', '-skip', '^TestNATS', '-run', regex, '.'], cwd=pkg, capture_output=True, text=True, timeout=600)
        st = 'LIVED' if r.returncode == 0 else 'KILLED'
        why = ''
        if st == 'KILLED':
            fl = [l.strip() for l in r.stdout.split('\n') if l.startswith('--- FAIL') or 'build failed' in l or 'panic:' in l]
            why = fl[0] if fl else r.stdout.strip().split('\n')[-1]
        print(f'{st} {f}:{L}:{C} {kind} [{cur[i].strip()}] {why}', flush=True)
    finally:
        shutil.copy('/tmp/remut.bak', path)
