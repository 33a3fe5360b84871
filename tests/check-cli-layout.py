#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks certview-cli.so's layout (src/certview-cli.ld): the code that inspecting
never runs lies in .text.certview_rest, after the rest, and the inspecting code
does not. A file renamed out of the script's patterns fails here.

Usage: check-cli-layout.py CERTVIEW-CLI.SO"""

import re
import subprocess
import sys

# One function of each group the script moves, and some that inspecting runs
REST = {
    'cv_trust_store_new': 'the saved decisions (src/core/cv-trust-*.c)',
    'cv_cli_may_trust': 'the trust commands (src/cv-cli-trust*.c)',
    'cv_cli_prompt_accepted': 'the prompt (src/cv-cli-prompt.c)',
    'cv_demo_server_new': 'the built-in server (src/demo/cv-demo-*.c)',
    'cv_cert_factory_new': 'the certificate factory (src/demo/cv-cert-factory*.c)',
}
INSPECTING = ['certview_cli_main', 'cv_cli_parse', 'cv_probe_run_full']


def sections(module):
    out = subprocess.run(['readelf', '-SW', module], check=True, capture_output=True,
                         text=True).stdout
    found = {}
    for line in out.splitlines():
        # [Nr] Name Type Address Off Size ...
        match = re.match(r'\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)', line)
        if match:
            found[match.group(1)] = (int(match.group(2), 16), int(match.group(3), 16))
    return found


def symbols(module):
    out = subprocess.run(['nm', '--defined-only', module], check=True, capture_output=True,
                         text=True).stdout
    found = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] in 'tT':
            found[fields[2]] = int(fields[0], 16)
    return found


def main():
    module = sys.argv[1]
    found = sections(module)
    if '.text.certview_rest' not in found:
        print(f'{module} has no .text.certview_rest: was it linked with certview-cli.ld?')
        return 1
    start, size = found['.text.certview_rest']
    names = symbols(module)
    if not names:
        print('no symbol table (a stripped module): nothing to check')
        return 77

    failures = 0
    for name, group in REST.items():
        if name not in names:
            print(f'{name} ({group}) is not in the module: update this test')
            failures += 1
        elif not start <= names[name] < start + size:
            print(f'{name} is outside .text.certview_rest: {group} no longer matches the '
                  'patterns of src/certview-cli.ld')
            failures += 1
    for name in INSPECTING:
        if name in names and start <= names[name] < start + size:
            print(f'{name} runs when inspecting but lies in .text.certview_rest')
            failures += 1
    if failures == 0:
        print(f'.text.certview_rest: {size} bytes, every group in it')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
