#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Answers `certview --prompt` with the keyboard, as a person at the window would.

Runs inside the X server the test harness provides. Starts the built-in server
(tests/screenshot-server, whose certificate has expired), then runs the real
program ($CERTVIEW) with --prompt for it, again and again, and types into its
window with xdotool (XTEST, like a keyboard):

  Escape               -> exit 1 (rejected)
  Ctrl+W               -> exit 1 (closing the window rejects)
  Enter                -> exit 1 (Reject is the default)
  Alt+O                -> exit 0 and the pin on stdout (Accept Once); nothing saved
  Alt+A, Escape, Enter -> exit 1: Escape steps back from the confirmation
  Alt+A, Alt+T         -> exit 0 (Always Trust, confirmed); the decision is saved,
                          and the next --prompt accepts with no window at all
  Alt+J                -> exit 1 (Always Reject, in another store, no confirmation);
                          the decision is saved, and the next --prompt rejects
                          with no window at all
  Shift+Tab ×4, Enter  -> exit 1, nothing saved: on "Remember the decision for its
                          other names too" (a certificate for another name), Enter
                          is still Reject and does not tick the box
Then the main window, keyboard only: type a server, Enter, Ctrl+A, another
server, Enter, and a third; each time the window title must come to name the
server just typed (Enter used to inspect only once per window). A window opened on
one server, another port typed in the Port field and Enter: it must inspect that.
Every process started here is stopped by its PID.
"""

import os
import subprocess
import tempfile
import time

from keyboard import WINDOW_TIMEOUT, focus, press, remove_dir, run, stop, wait_for_window, xdotool

CERTVIEW = os.environ["CERTVIEW"]
SERVER = os.environ["SCREENSHOT_SERVER"]
EXIT_TIMEOUT = 10.0


def prompt(url, store, ca_file, keys, display=True):
    """Runs --prompt, types @keys into its window, returns (exit code, stdout, stderr)."""
    env = dict(os.environ)
    if not display:
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
    process = subprocess.Popen([CERTVIEW, "--prompt", "--print-pin", "--trust-store", store,
                                "--ca-file", ca_file, url],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env)
    try:
        if keys:
            focus(wait_for_window("Certificate of", process, "certview"))
            press(keys)
        out, err = process.communicate(timeout=EXIT_TIMEOUT)
        return process.returncode, out, err
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def wait_for_title(title, process):
    """Waits until a window of @process is named @title (a regular expression)."""
    deadline = time.monotonic() + WINDOW_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"certview ended: {process.returncode}")
        if xdotool("search", "--onlyvisible", "--name", title).stdout.split():
            return
        time.sleep(0.1)
    raise AssertionError(f"no window named {title!r} after {WINDOW_TIMEOUT} s")


def check_enter_each_time(ports):
    """Types each server into one main window and presses Enter."""
    process = subprocess.Popen([CERTVIEW], stdout=subprocess.DEVNULL)
    try:
        focus(wait_for_window("^Certview$", process, "certview"))
        for port in ports:
            # The Server field has the focus at start, and again with its mnemonic
            xdotool("key", "--clearmodifiers", "alt+s")
            xdotool("key", "--clearmodifiers", "ctrl+a")
            xdotool("type", "--delay", "20", f"ftp://localhost:{port}")
            time.sleep(0.4)
            xdotool("key", "--clearmodifiers", "Return")
            wait_for_title(f"^localhost:{port} ", process)
            print(f"# Enter inspected localhost:{port}")
        # Ctrl+W closes the window, and with the last window the program ends
        xdotool("key", "--clearmodifiers", "ctrl+w")
        try:
            process.wait(timeout=EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise AssertionError("Ctrl+W did not close the window") from None
        print("# Ctrl+W closed the window")
    finally:
        stop([process])


def check_enter_in_port(ports):
    """Opens a window on one server, then types another port and presses Enter."""
    process = subprocess.Popen([CERTVIEW, f"ftp://localhost:{ports[0]}"],
                               stdout=subprocess.DEVNULL)
    try:
        focus(wait_for_window(f"^localhost:{ports[0]} ", process, "certview"))
        # The Port field by its mnemonic; Enter there inspects, and the Server field
        # comes to name the port typed
        xdotool("key", "--clearmodifiers", "alt+o")
        xdotool("key", "--clearmodifiers", "ctrl+a")
        xdotool("type", "--delay", "20", ports[1])
        time.sleep(0.4)
        xdotool("key", "--clearmodifiers", "Return")
        wait_for_title(f"^localhost:{ports[1]} ", process)
        print(f"# Enter in the Port field inspected localhost:{ports[1]}")
    finally:
        stop([process])


def check(name, result, expected_status, pin=None):
    status, out, err = result
    print(f"# {name}: exit {status}, stdout {out.strip()!r}, stderr {err.strip()!r}")
    if status != expected_status:
        raise AssertionError(f"{name}: exit {status}, expected {expected_status}")
    if pin is True and not out.startswith("sha256//"):
        raise AssertionError(f"{name}: no pin on stdout")
    if pin is False and out != "":
        raise AssertionError(f"{name}: printed {out!r}")


def main():
    work = tempfile.mkdtemp(prefix="certview-prompt-keys-")
    store = os.path.join(work, "trust.db")
    reject_store = os.path.join(work, "reject.db")
    ca_file = os.path.join(work, "ca.pem")
    server = subprocess.Popen([SERVER, "--problem", "expired", work],
                              stdout=subprocess.PIPE, text=True)
    others = [subprocess.Popen([SERVER, work], stdout=subprocess.PIPE, text=True)
              for _ in range(2)]
    names_work = os.path.join(work, "names")
    os.mkdir(names_work)
    names_server = subprocess.Popen([SERVER, "--problem", "wrong-host", names_work],
                                    stdout=subprocess.PIPE, text=True)
    try:
        port = server.stdout.readline().strip()
        if not port:
            raise AssertionError("the built-in server did not start")
        url = f"ftp://localhost:{port}"

        check("Escape", prompt(url, store, ca_file, ["Escape"]), 1, pin=False)
        check("Ctrl+W", prompt(url, store, ca_file, ["ctrl+w"]), 1, pin=False)
        check("Enter", prompt(url, store, ca_file, ["Return"]), 1, pin=False)
        check("Accept Once", prompt(url, store, ca_file, ["alt+o"]), 0, pin=True)
        if os.path.exists(store):
            raise AssertionError("Accept Once saved a decision")
        check("Always Trust, then back", prompt(url, store, ca_file,
                                                ["alt+a", "Escape", "Return"]), 1, pin=False)
        if os.path.exists(store):
            raise AssertionError("a decision was saved without confirmation")
        check("Always Trust, confirmed", prompt(url, store, ca_file, ["alt+a", "alt+t"]), 0,
              pin=True)
        if oct(os.stat(store).st_mode & 0o777) != oct(0o600):
            raise AssertionError("the trust store is not 0600")
        check("saved decision, no display", prompt(url, store, ca_file, [], display=False), 0,
              pin=True)
        check("Always Reject", prompt(url, reject_store, ca_file, ["alt+j"]), 1, pin=False)
        if not os.path.exists(reject_store):
            raise AssertionError("Always Reject saved no decision")
        check("saved rejection, no display", prompt(url, reject_store, ca_file, [],
                                                     display=False), 1, pin=False)

        names_store = os.path.join(work, "names.db")
        names_url = f"ftp://localhost:{names_server.stdout.readline().strip()}"
        check("Enter on the other names", prompt(names_url, names_store,
                                                 os.path.join(names_work, "ca.pem"),
                                                 ["shift+Tab"] * 4 + ["Return"]), 1, pin=False)
        if os.path.exists(names_store):
            raise AssertionError("Enter on the other names saved a decision")

        other_ports = [other.stdout.readline().strip() for other in others]
        check_enter_each_time([port] + other_ports)
        check_enter_in_port(other_ports)
    finally:
        stop([server, names_server] + others)
        remove_dir(work)
    print("11 passed, 0 failed")
    return 0


if __name__ == "__main__":
    run("check-prompt-keys", main)
