#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads the real window's accessible tree over AT-SPI, as a screen reader would.

Starts `certview --demo` (the program named by $CERTVIEW) inside the D-Bus session
and X server the test harness provides, waits for its window on the AT-SPI
desktop, and checks that the tree names the sections Issued To, Issued By and
Validity, and that an "Invalid" mark with its reason sits in the row after the
Issued By and Validity titles (the demo certificate is self-signed and expired)
and nowhere else among the server certificate's own sections. The program must
still be running afterwards; it is then stopped by its PID.
"""

import os
import signal
import subprocess
import sys
import time

import pyatspi

START_TIMEOUT = 15.0
MARKED = ("Issued By", "Validity")
SECTIONS = ("Issued To", "Issued By", "Validity")
# The leaf's own sections come before the chain; their titles end the search
LEAF_SECTIONS = SECTIONS + ("Fingerprints", "Public Key", "Signature", "Extensions",
                            "Certificate Chain")


def safe(call, default=None):
    try:
        return call()
    except Exception:  # a node can go away while we walk
        return default


def find_application(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(safe(lambda: desktop.childCount, 0)):
        app = safe(lambda: desktop.getChildAtIndex(index))
        if app is not None and safe(app.get_process_id) == pid:
            return app
    return None


def rows_of(app):
    """The table rows, in order, each as a list of (name, description) of its labels."""
    rows = []

    def labels_below(node, out, depth=0):
        if depth > 20:
            return
        if safe(node.getRoleName) == "label":
            out.append((safe(lambda: node.name, ""), safe(lambda: node.description, "")))
        for index in range(safe(lambda: node.childCount, 0)):
            child = safe(lambda: node.getChildAtIndex(index))
            if child is not None:
                labels_below(child, out, depth + 1)

    def walk(node, depth=0):
        if depth > 40:
            return
        if safe(node.getRoleName) == "table row":
            labels = []
            labels_below(node, labels)
            rows.append(labels)
            return
        for index in range(safe(lambda: node.childCount, 0)):
            child = safe(lambda: node.getChildAtIndex(index))
            if child is not None:
                walk(child, depth + 1)

    walk(app)
    return rows


def check(rows):
    """Returns a list of problems; empty when the tree is as it should be."""
    problems = []
    names = [[name for name, _ in row] for row in rows]

    for title in SECTIONS:
        if not any(title in row for row in names):
            problems.append("no row is titled %r" % title)

    for index, row in enumerate(names):
        title = next((t for t in LEAF_SECTIONS if t in row), None)
        if title is None or title == "Certificate Chain":
            continue
        first = rows[index + 1] if index + 1 < len(rows) else []
        marks = [(n, d) for n, d in first if n == "Invalid"]
        if title in MARKED:
            if not marks:
                problems.append("the first field of %r has no Invalid mark" % title)
            elif not marks[0][1]:
                problems.append("the Invalid mark of %r has no description (reason)" % title)
        elif marks:
            problems.append("%r is marked Invalid but should not be" % title)
        # Only the first field of a section may carry the mark
        for later in rows[index + 2:]:
            later_names = [n for n, _ in later]
            if any(t in later_names for t in LEAF_SECTIONS):
                break
            if "Invalid" in later_names:
                problems.append("a field of %r other than the first is marked" % title)
        if title == "Extensions":
            break

    return problems


def main():
    program = os.environ.get("CERTVIEW")
    if not program:
        print("CERTVIEW is not set", file=sys.stderr)
        return 1

    env = dict(os.environ)
    # The test environment turns accessibility off for the other tests
    env.pop("NO_AT_BRIDGE", None)
    env.pop("GTK_A11Y", None)
    env["G_DEBUG"] = "fatal-criticals"

    process = subprocess.Popen([program, "--demo"], env=env)
    rows = []
    problems = ["the window did not appear on the AT-SPI desktop"]
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                problems = ["certview exited early with status %d" % process.returncode]
                break
            app = find_application(process.pid)
            if app is not None:
                rows = rows_of(app)
                problems = check(rows)
                if not problems:
                    break
            time.sleep(0.25)

        if not problems:
            # The program keeps running until it is closed
            time.sleep(0.5)
            if process.poll() is not None:
                problems = ["certview exited with status %d while its window was open"
                            % process.returncode]
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()

    if problems:
        print("Accessible tree check failed:")
        for problem in problems:
            print("  - " + problem)
        print("Rows found (%d):" % len(rows))
        for row in rows:
            print("  | " + " | ".join(name + (" [%s]" % desc if desc else "")
                                      for name, desc in row))
        return 1

    print("ok: %d rows; Issued To, Issued By, Validity present; Invalid marks on %s"
          % (len(rows), ", ".join(MARKED)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
