#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""libcertview-1 from Python through its typelib: inspects the built-in server,
started with an expired certificate in a process of its own, with the async API.

  test-gi.py SCREENSHOT-SERVER

GI_TYPELIB_PATH and LD_LIBRARY_PATH point into the build tree (tests/meson.build).
Prints TAP.
"""
import hashlib
import os
import signal
import subprocess
import sys
import tempfile

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Certview', '1')
from gi.repository import GLib, Certview  # noqa: E402

DEADLINE_S = 30

results = []


def check(ok, name):
    results.append((bool(ok), name))


def start_server(helper, directory):
    server = subprocess.Popen([helper, '--problem', 'expired', directory],
                              stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline().strip()
    if not line.isdigit():
        server.kill()
        server.wait()
        sys.exit('Bail out! the server printed no port: %r' % line)
    return server, int(line)


def inspect(port, ca_file):
    target = Certview.Target.new('127.0.0.1', port, Certview.Protocol.FTP_EXPLICIT_TLS)
    probe = Certview.Probe.new(target)
    probe.set_server_name('localhost')
    probe.set_timeout_ms(DEADLINE_S * 1000 // 2)
    probe.set_revocation(Certview.RevocationMode.OFF)
    loop = GLib.MainLoop()
    outcome = {}

    def done(source, result, user_data):
        try:
            outcome['report'] = Certview.inspect_finish(probe, result)
        except GLib.Error as error:
            outcome['error'] = error
        loop.quit()

    def too_late():
        outcome['error'] = 'no answer within %d s' % DEADLINE_S
        loop.quit()
        return GLib.SOURCE_REMOVE

    Certview.inspect_async(probe, ca_file, None, done, None)
    timeout = GLib.timeout_add_seconds(DEADLINE_S, too_late)
    loop.run()
    if 'error' not in outcome or isinstance(outcome['error'], GLib.Error):
        GLib.source_remove(timeout)
    return outcome.get('report'), outcome.get('error')


def check_gtk_library():
    # Importing needs no display: nothing here makes a widget
    gi.require_version('CertviewGtk', '1')
    from gi.repository import CertviewGtk

    decision = CertviewGtk.PromptDecision
    check(CertviewGtk.prompt_decision_accepts(decision.ACCEPTED_ONCE) and
          not CertviewGtk.prompt_decision_accepts(decision.REJECTED),
          'CertviewGtk: Accept Once accepts, Reject does not')
    check(CertviewGtk.CertificateView.__gtype__.name == 'CvCertificateView',
          'CertviewGtk: the certificate view is a type of its own')


def main():
    helper = sys.argv[1]
    with tempfile.TemporaryDirectory() as directory:
        server, port = start_server(helper, directory)
        try:
            report, error = inspect(port, os.path.join(directory, 'ca.pem'))
        finally:
            os.kill(server.pid, signal.SIGTERM)
            server.wait(timeout=10)

    check(error is None, 'the inspection finishes (%s)' % error)
    if report is None:
        return

    check(not report.get_valid(), 'the verdict is invalid')
    codes = [reason.code for reason in report.get_reasons()]
    check(codes == ['expired'], 'the one reason is "expired" (%s)' % codes)

    tree = report.get_tree()
    sections = [tree.get_item(i) for i in range(tree.get_n_items())]
    marked = [section.get_id() for section in sections if section.get_invalid()]
    check(marked == ['validity'], 'only Validity is marked Invalid (%s)' % marked)

    validity = next(s for s in sections if s.get_id() == 'validity')
    first = validity.get_fields().get_item(0)
    check(first.get_id() == 'not-before' and first.get_invalid(),
          'the first field of Validity carries the mark (%s)' % first.get_id())
    check('expired' in (first.get_reason() or ''),
          'its reason says expired (%s)' % first.get_reason())
    check(validity.get_fields().get_item(1).get_reason() is None,
          'the second field carries no reason')

    leaf = report.get_leaf()
    der = leaf.get_der().get_data()
    digest = hashlib.sha256(der).hexdigest()
    expected = ':'.join(digest[i:i + 2] for i in range(0, len(digest), 2))
    check(leaf.get_sha256() == expected, 'the SHA-256 fingerprint is the DER\'s')
    check(leaf.get_common_name() == 'localhost', 'the certificate is issued to localhost')

    check(Certview.verdict_section_to_id(Certview.VerdictSection.VALIDITY) == 'validity',
          'the verdict section enum reaches Python')

    result = report.get_probe_result()
    check(result is not None and result.get_target().get_port() == port,
          'the probe result names the server')
    check(result is not None and len(result.get_chain()) >= 1, 'the chain came along')


if __name__ == '__main__':
    main()
    check_gtk_library()
    print('1..%d' % len(results))
    for number, (ok, name) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', number, name))
    sys.exit(0 if results and all(ok for ok, _ in results) else 1)
