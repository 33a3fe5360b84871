#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""libcertview-1 from Python through its typelib: inspects the built-in server,
started with an expired certificate in a process of its own, with the async API;
then the functions that return a GPtrArray (the decisions of a trust store and of
its files, certificates read from a file, the reasons of a verdict, the chain a
CvTlsHelper refused), whose elements Python must not free a second time.

  test-gi.py SCREENSHOT-SERVER

GI_TYPELIB_PATH and LD_LIBRARY_PATH point into the build tree (tests/meson.build).
Prints TAP.
"""
import base64
import ctypes
import gc
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


def die_with_parent():
    # A crash in a check leaves no server behind to hold the test's output open
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_server(helper, directory):
    server = subprocess.Popen([helper, '--problem', 'expired', directory],
                              stdout=subprocess.PIPE, text=True, preexec_fn=die_with_parent)
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


SHA_A = 'aa:' * 31 + 'aa'
SHA_B = 'bb:' * 31 + 'bb'
PIN_A = 'sha256//' + base64.b64encode(b'a' * 32).decode()
PIN_B = 'sha256//' + base64.b64encode(b'b' * 32).decode()


def keys(entries):
    return [entry.get_key() for entry in entries]


def check_trust_store(directory):
    store = Certview.TrustStore.new(os.path.join(directory, 'trust.db'))
    trust = Certview.TrustEntry.new('FTP.Example.com', 21, Certview.TrustDecision.TRUST,
                                    SHA_A, PIN_A, 'CN=ftp.example.com', 'CN=Example CA',
                                    1900000000, 1700000000, 1700000100)
    reject = Certview.TrustEntry.new('::1', 990, Certview.TrustDecision.REJECT,
                                     SHA_B, PIN_B, None, None, 1900000000, 1700000000,
                                     1700000000)
    check(reject is not None and reject.get_subject() == '' and reject.get_issuer() == '',
          'TrustEntry.new takes no subject and no issuer')
    store.save(trust)
    store.save(reject)
    del trust, reject
    gc.collect()

    entries = store.list()
    check(keys(entries) == ['[::1]:990', 'ftp.example.com:21'],
          'TrustStore.list() gives both decisions (%s)' % keys(entries))
    entry = entries[-1]
    check(entry.get_decision() == Certview.TrustDecision.TRUST and
          entry.get_certificate_sha256() == SHA_A and
          entry.get_public_key_pin() == PIN_A and
          entry.get_subject() == 'CN=ftp.example.com' and
          entry.get_issuer() == 'CN=Example CA' and entry.get_port() == 21,
          'the listed decision reads as it was saved')
    check(entries[0].get_decision() == Certview.TrustDecision.REJECT and
          entries[0].get_host() == '::1', 'so does the other one')
    again = store.list()
    check(keys(again) == keys(entries), 'a second list is the same')

    text = Certview.trust_io_to_json(entries).encode()
    saved = keys(entries)
    del entries, entry, again
    gc.collect()

    parsed = Certview.trust_io_parse_json(text)
    check(keys(parsed) == saved and parsed[-1].get_subject() == 'CN=ftp.example.com',
          'trust_io_parse_json() reads the export (%s)' % keys(parsed))
    parsed, fmt = Certview.trust_io_parse(text, 1700000000)
    check(keys(parsed) == saved and fmt == Certview.TrustFormat.JSON,
          'trust_io_parse() tells JSON and reads it (%s, %s)' % (keys(parsed), fmt))
    del parsed
    gc.collect()

    legacy = ('[FTP.Example.COM:21]\ndecision=trust\ncertificate-sha256=%s\n'
              'public-key-pin=%s\nsubject=CN=x\nnot-after=2030-01-01T00:00:00Z\n'
              'created=2023-11-14T22:13:20Z\nlast-seen=2023-11-14T22:15:00Z\n'
              % (SHA_A, PIN_A)).encode()
    parsed = Certview.trust_io_parse_legacy(legacy)
    check(keys(parsed) == ['ftp.example.com:21'] and parsed[0].get_subject() == 'CN=x',
          'trust_io_parse_legacy() reads the key file (%s)' % keys(parsed))
    del parsed
    gc.collect()


def check_filezilla(leaf_der):
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<FileZilla3 version="3.63.0" platform="*nix">\n<TrustedCerts>\n'
           '<Certificate><Data>%s</Data><ActivationTime>1700000000</ActivationTime>'
           '<ExpirationTime>1900000000</ExpirationTime><Host>FTP.Example.com</Host>'
           '<Port>21</Port><TrustSANs>0</TrustSANs></Certificate>\n'
           '</TrustedCerts>\n</FileZilla3>\n' % leaf_der.hex()).encode()
    parsed = Certview.trust_io_parse_filezilla(xml, 1700000000)
    sha256 = hashlib.sha256(leaf_der).hexdigest()
    check(keys(parsed) == ['ftp.example.com:21'] and
          parsed[0].get_certificate_sha256().replace(':', '') == sha256,
          'trust_io_parse_filezilla() reads FileZilla\'s list (%s)' % keys(parsed))
    del parsed
    gc.collect()


def check_certificate_file(chain, directory):
    path = os.path.join(directory, 'chain.pem')
    with open(path, 'w') as pem:
        for der in chain:
            text = base64.encodebytes(der).decode().replace('\n', '')
            lines = [text[i:i + 64] for i in range(0, len(text), 64)]
            pem.write('-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n'
                      % '\n'.join(lines))
    loaded = Certview.verifier_load_file(path)
    ders = [bytes(b.get_data()) for b in loaded]
    check(ders == chain, 'verifier_load_file() reads the chain back (%d)' % len(ders))
    del loaded
    gc.collect()


def check_known_hosts(chain, directory):
    """Finding: the list of servers at odds was annotated (transfer full) though
    the array frees its strings: Python freed them twice and aborted."""
    store = Certview.TrustStore.new(os.path.join(directory, 'known-hosts.db'))
    report = Certview.Report.new_for_chain([GLib.Bytes.new(der) for der in chain],
                                           'localhost', None)
    decider = Certview.TrustCheck.new(store, 'localhost', 2121, report)
    trust = decider.decide(Certview.TrustDecision.TRUST, False)
    reject = decider.decide(Certview.TrustDecision.REJECT, False)
    path = os.path.join(directory, 'known_hosts')
    Certview.trust_io_write_known_hosts([trust], path)
    for _ in range(3):
        odds = Certview.trust_io_known_hosts_at_odds([reject], path)
        found = list(odds)
        del odds
        gc.collect()
    check(found == ['localhost:2121'],
          'trust_io_known_hosts_at_odds() names the server the file still trusts (%s)' % found)
    del trust, reject, decider, report, store
    gc.collect()


def check_reasons(report):
    now = GLib.DateTime.new_now_utc()
    reasons = Certview.verdict_build_reasons(report.get_status(), report.get_certificates(),
                                             'localhost', now)
    codes = [reason.code for reason in reasons]
    check(codes == ['expired'] and 'expired' in reasons[0].message,
          'verdict_build_reasons() gives the reason "expired" (%s)' % codes)
    del reasons
    gc.collect()


def check_tls_helper(port, directory):
    gi.require_version('Gio', '2.0')
    gi.require_version('CertviewGtk', '1')
    from gi.repository import Gio, CertviewGtk

    connection = Gio.SocketClient().connect_to_host('127.0.0.1', port, None)
    control = Gio.DataInputStream.new(connection.get_input_stream())
    greeting = control.read_line_utf8(None)[0]
    connection.get_output_stream().write_all(b'AUTH TLS\r\n', None)
    answer = control.read_line_utf8(None)[0]
    check(greeting.startswith('220') and answer.startswith('234'),
          'the server takes AUTH TLS (%s / %s)' % (greeting, answer))

    store = Certview.TrustStore.new(os.path.join(directory, 'helper.db'))
    helper = CertviewGtk.TlsHelper.new('localhost', port, store)
    check(not helper.dup_peer_chain(), 'TlsHelper: no chain before a handshake')
    tls = Gio.TlsClientConnection.new(connection, Gio.NetworkAddress.new('localhost', port))
    helper.attach(tls)
    try:
        tls.handshake(None)
        refused = False
    except GLib.Error as error:
        refused = error.matches(Gio.tls_error_quark(), Gio.TlsError.BAD_CERTIFICATE)
    check(refused and helper.needs_prompt(),
          'TlsHelper: the handshake with an unknown certificate is refused')
    connection.close(None)

    chain = helper.dup_peer_chain()
    first = [bytes(b.get_data()) for b in chain or []]
    del chain
    gc.collect()
    second = [bytes(b.get_data()) for b in helper.dup_peer_chain() or []]
    check(len(first) >= 1 and first == second,
          'TlsHelper.dup_peer_chain() gives the refused chain, twice (%d)' % len(first))
    return first


def check_protocols():
    # Python's names come from the GEnum's nicks, which are the JSON's
    for attribute, name in [('FTP_EXPLICIT_TLS', 'ftp-explicit-tls'),
                            ('FTP_IMPLICIT_TLS', 'ftp-implicit-tls'),
                            ('DIRECT_TLS', 'direct-tls')]:
        protocol = getattr(Certview.Protocol, attribute, None)
        check(protocol is not None and protocol.value_nick == name and
              Certview.protocol_to_string(protocol) == name,
              'Protocol.%s is "%s" to GLib and to the JSON' % (attribute, name))
    target = Certview.Target.new('example.com', 0, Certview.Protocol.DIRECT_TLS)
    check(target.props.protocol == Certview.Protocol.DIRECT_TLS and
          target.get_port() == 443 and target.to_uri() == 'tls://example.com:443',
          'a target for Protocol.DIRECT_TLS on port 0 takes port 443 (%s)' % target.to_uri())


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
            peer_chain = check_tls_helper(port, directory)
        finally:
            os.kill(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        check_trust_store(directory)
        check_constructors(directory)
        check_report(report, error, port)
        if report is not None:
            chain = [bytes(b.get_data()) for b in report.get_probe_result().get_chain()]
            check(chain == peer_chain, 'the helper refused the chain the probe saw')
            check_certificate_file(chain, directory)
            check_filezilla(chain[0])
            check_known_hosts(chain, directory)
            check_reasons(report)


# What Python's own constructors make (g_object_new() with no properties), used in
# a process of its own, so that a crash is a failed check and not a lost run
CONSTRUCTED = r"""
import os, sys
import gi
gi.require_version('Certview', '1')
from gi.repository import Certview
store = Certview.TrustStore()
print('store-path', store.get_path() == store.props.path and store.get_path().endswith('trust.db'))
print('store-load', store.load())
print('store-list', len(store.list()))
named = Certview.TrustStore(path=os.path.join(sys.argv[1], 'named.db'))
print('named-path', named.get_path() == os.path.join(sys.argv[1], 'named.db'))
report = Certview.Report()
print('report-valid', report.get_valid())
print('report-leaf', report.get_leaf())
print('report-empty', report.get_certificates().get_n_items(), report.get_tree().get_n_items(),
      len(report.get_reasons()))
print('report-json', '"valid" : false' in report.to_json())
certificate = Certview.Certificate()
print('certificate-names', certificate.dup_dns_names())
print('certificate-pem', repr(certificate.to_pem()))
"""


def check_constructors(directory):
    """Finding: TrustStore(), Report() and Certificate(), as Python makes them,
    crashed at the first call. A store made so is the default one; a report or a
    certificate is empty, and a report with nothing in it is not valid."""
    env = dict(os.environ)
    env['XDG_DATA_HOME'] = os.path.join(directory, 'data')
    env.pop('CERTVIEW_TRUST_STORE', None)
    run = subprocess.run([sys.executable, '-c', CONSTRUCTED, directory], env=env,
                         capture_output=True, text=True, timeout=DEADLINE_S)
    check(run.returncode == 0, 'objects made by Python\'s constructors do not crash (%d: %s)'
          % (run.returncode, run.stderr.strip()[-200:]))
    lines = dict(line.split(' ', 1) for line in run.stdout.splitlines())
    check(lines.get('store-path') == 'True', 'TrustStore() is the default store')
    check(lines.get('store-load') == 'True' and lines.get('store-list') == '0',
          'and it loads, empty (%s, %s)' % (lines.get('store-load'), lines.get('store-list')))
    check(lines.get('named-path') == 'True', 'TrustStore(path=...) is that file')
    check(lines.get('report-valid') == 'False' and lines.get('report-leaf') == 'None'
          and lines.get('report-empty') == '0 0 0' and lines.get('report-json') == 'True',
          'Report() is empty and not valid (%s)' % run.stdout.replace('\n', '; '))
    check(lines.get('certificate-names') == '[]' and lines.get('certificate-pem') == "''",
          'Certificate() is empty')


def check_report(report, error, port):
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

    root = report.get_trusted_root()
    check(root is not None and root.get_common_name() == 'Certview Test Root CA',
          'the root from the CA file, which the server does not send, is there (%s)'
          % (root and root.get_common_name()))

    check(Certview.verdict_section_to_id(Certview.VerdictSection.VALIDITY) == 'validity',
          'the verdict section enum reaches Python')

    result = report.get_probe_result()
    check(result is not None and result.get_target().get_port() == port,
          'the probe result names the server')
    check(result is not None and len(result.get_chain()) >= 1, 'the chain came along')


if __name__ == '__main__':
    main()
    check_protocols()
    check_gtk_library()
    print('1..%d' % len(results))
    for number, (ok, name) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', number, name))
    sys.exit(0 if results and all(ok for ok, _ in results) else 1)
