#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a shared library exports is exactly what its installed headers mark with
CV_EXPORT: every exported symbol a function declared there, and every declared
function exported.

  check-symbols.py LIBRARY HEADER...

Prints TAP.
"""
import re
import subprocess
import sys

# Defined by the linker in every shared object
LINKER_SYMBOLS = {'__bss_start', '_edata', '_end', '_init', '_fini'}


def declared(headers):
    names = set()
    for path in headers:
        text = open(path, encoding='utf-8').read()
        text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
        text = re.sub(r'^#.*?(?<!\\)$', '', text, flags=re.M | re.S)
        # CV_EXPORT, then a declaration up to the parameter list
        for match in re.finditer(r'\bCV_EXPORT\b(.*?)\(', text, re.S):
            head = match.group(1)
            if re.search(r'G_DECLARE_\w+_TYPE\s*$', head):
                rest = text[match.end():]
                names.add(re.match(r'\s*\w+\s*,\s*(\w+)', rest).group(1) + '_get_type')
            else:
                names.add(re.search(r'(\w+)\s*$', head).group(1))
    return names


def exported(library):
    out = subprocess.run(['nm', '-D', '--defined-only', library],
                         check=True, capture_output=True, text=True).stdout
    symbols = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[2] not in LINKER_SYMBOLS:
            symbols[fields[2]] = fields[1]
    return symbols


def main():
    library, headers = sys.argv[1], sys.argv[2:]
    want = declared(headers)
    have = exported(library)
    checks = [
        ('the headers declare functions', [] if want else ['none']),
        ('every exported symbol is declared in an installed header',
         sorted(set(have) - want)),
        ('every declared function is exported', sorted(want - set(have))),
        ('every exported symbol is a function',
         sorted(name for name, kind in have.items() if kind not in ('T', 't'))),
        ('nothing but cv_ names is exported',
         sorted(name for name in have if not name.startswith('cv_'))),
    ]
    print('1..%d' % len(checks))
    failed = False
    for number, (name, wrong) in enumerate(checks, 1):
        print('%s %d - %s' % ('not ok' if wrong else 'ok', number, name))
        for symbol in wrong:
            print('#   %s' % symbol)
        failed = failed or bool(wrong)
    print('# %s: %d functions exported' % (library.rsplit('/', 1)[-1], len(have)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
