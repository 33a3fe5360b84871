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

It also checks what a screen reader announces for the controls around the tree:
the verdict banner is an alert named by its heading, the window title names the
server shown, and the protocol drop-down and the button inside it read
"Protocol". Then it runs `certview --prompt` for the demo's own server (its
address read from the window title) and checks that the decision buttons read as
they are shown, without their mnemonic underlines: "Reject", "Accept Once",
"Always Trust…", "Always Reject".
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pyatspi

START_TIMEOUT = 15.0
MARKED = ("Issued By", "Validity")
SECTIONS = ("Issued To", "Issued By", "Validity")
# The leaf's own sections come before the chain; their titles end the search
LEAF_SECTIONS = SECTIONS + ("Fingerprints", "Public Key", "Signature", "Extensions",
                            "Certificate Chain")
DECISIONS = ("Reject", "Accept Once", "Always Trust…", "Always Reject")


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


def nodes_of(app):
    """Every node below @app as (role name, name, node), in tree order; the
    certificate tree's rows are left out (rows_of() reads them)."""
    nodes = []

    def walk(node, depth=0):
        if depth > 40:
            return
        role = safe(node.getRoleName)
        nodes.append((role, safe(lambda: node.name, ""), node))
        if role == "tree table":
            return
        for index in range(safe(lambda: node.childCount, 0)):
            child = safe(lambda: node.getChildAtIndex(index))
            if child is not None:
                walk(child, depth + 1)

    walk(app)
    return nodes


def children_of(node):
    return [child for child in (safe(lambda i=i: node.getChildAtIndex(i))
                                for i in range(safe(lambda: node.childCount, 0)))
            if child is not None]


def labels_under(node, depth=0):
    """The names of the labels below @node, in tree order, whatever holds them."""
    if depth > 20:
        return []
    names = []
    for child in children_of(node):
        if safe(child.getRoleName) == "label":
            names.append(safe(lambda c=child: c.name, ""))
        else:
            names.extend(labels_under(child, depth + 1))
    return names


def check_window(app):
    """The banner, the title and the protocol drop-down of the main window."""
    problems = []
    nodes = nodes_of(app)

    alerts = [(name, node) for role, name, node in nodes if role == "alert"]
    if not alerts:
        problems.append("no node has the alert role (the verdict banner)")
    for name, node in alerts:
        labels = labels_under(node)
        if not name or name.startswith("Gtk"):
            problems.append("the alert is named %r, not by its heading" % name)
        elif not labels or name != labels[0]:
            problems.append("the alert is named %r, its heading reads %r"
                            % (name, labels[0] if labels else None))

    frames = [name for role, name, _ in nodes if role == "frame"]
    if not any(name.startswith("localhost:") and name.endswith("Certview") for name in frames):
        problems.append("no window title names the server shown: %r" % frames)

    combos = [node for role, name, node in nodes if role == "combo box"]
    if [safe(lambda c=c: c.name, "") for c in combos] != ["Protocol"]:
        problems.append("the protocol drop-down is not the one combo box named 'Protocol': %r"
                        % [safe(lambda c=c: c.name, "") for c in combos])
    for combo in combos:
        for child in children_of(combo):
            if safe(child.getRoleName) == "push button" and safe(lambda: child.name) != "Protocol":
                problems.append("the drop-down's button reads %r, not 'Protocol'"
                                % safe(lambda: child.name))

    return problems


def shown_server(app):
    """The demo's server, "localhost:PORT", as the window title names it (GTK 4.8
    gives the Server entry no text interface to read it from)."""
    for role, name, _ in nodes_of(app):
        if role == "frame" and name.startswith("localhost:"):
            return name.split()[0]
    return ""


def check_prompt(url, env):
    """Runs `certview --prompt` for @url; returns problems with the decision
    buttons' names, and the names read."""
    work = tempfile.mkdtemp(prefix="certview-accessible-")
    process = subprocess.Popen([os.environ["CERTVIEW"], "--prompt", "--trust-store",
                                os.path.join(work, "trust.db"), url], env=env,
                               stdout=subprocess.DEVNULL)
    problems = ["the prompt window did not appear on the AT-SPI desktop"]
    names = []
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                problems = ["certview --prompt exited early with status %d"
                            % process.returncode]
                break
            app = find_application(process.pid)
            if app is not None:
                names = [name for role, name, _ in nodes_of(app) if role == "push button"]
                problems = ["no button reads %r" % wanted for wanted in DECISIONS
                            if wanted not in names]
                problems += ["a button reads %r, its mnemonic underline included" % name
                             for name in names if "_" in name]
                if not problems:
                    break
            time.sleep(0.25)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(work, ignore_errors=True)
    return problems, names


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
                    problems = check_window(app)
                if not problems:
                    break
            time.sleep(0.25)

        if not problems:
            server = shown_server(app)
            if not server:
                problems = ["the window title names no server"]
            else:
                problems, buttons = check_prompt("ftp://" + server, env)
                print("# prompt buttons: " + ", ".join(buttons))

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
    print("ok: the banner is an alert named by its heading; the title names the server; "
          "the protocol drop-down and its button read 'Protocol'; the decision buttons "
          "read %s" % ", ".join(DECISIONS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
