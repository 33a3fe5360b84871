#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Downloads with examples/gio-ftps-get from a real vsftpd, answering CvTlsHelper's
prompt with the keyboard, as a person at the window would.

Runs inside the X server the test harness provides. Starts the harness' vsftpd
(tests/vsftpd-server: explicit FTPS, a certificate that no system trusts, data.bin
of known bytes), then runs $GIO_FTPS_GET for data.bin with a private trust store
and types into the prompt's window with xdotool (XTEST, like a keyboard):

  Escape        -> exit 1, no file written, nothing saved (Reject)
  Alt+O         -> exit 0, the file arrives whole (Accept Once); nothing saved
  Alt+A, Alt+T  -> exit 0, the file arrives (Always Trust, confirmed); the decision
                   is saved, and the next run downloads with no window at all
                   (no display), within a few seconds
Every process started here is stopped by its PID.
"""

import os
import subprocess
import tempfile
import time

from keyboard import focus, press, remove_dir, run, stop, wait_for_window

GIO_FTPS_GET = os.environ["GIO_FTPS_GET"]
SERVER = os.environ["VSFTPD_SERVER"]
EXIT_TIMEOUT = 20.0
SAVED_RUN_SECONDS = 5.0


def download(port, store, local, keys, display=True):
    """Runs gio-ftps-get, types @keys into the prompt, returns (exit, stderr, seconds)."""
    env = dict(os.environ)
    if not display:
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
    start = time.monotonic()
    process = subprocess.Popen([GIO_FTPS_GET, "--trust-store", store, "localhost", str(port),
                                "data.bin", local],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env)
    try:
        if keys:
            focus(wait_for_window("Certificate of", process, "gio-ftps-get"))
            press(keys)
        _, err = process.communicate(timeout=EXIT_TIMEOUT)
        return process.returncode, err, time.monotonic() - start
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def check(name, result, expected_status, local, expected_bytes):
    status, err, seconds = result
    print(f"# {name}: exit {status} in {seconds:.1f} s, stderr {err.strip()!r}")
    if status != expected_status:
        raise AssertionError(f"{name}: exit {status}, expected {expected_status}")
    leftovers = [n for n in os.listdir(os.path.dirname(local)) if n.endswith(".part")]
    if leftovers:
        raise AssertionError(f"{name}: left {leftovers}")
    if expected_bytes is None:
        if os.path.exists(local):
            raise AssertionError(f"{name}: {local} was written")
    else:
        with open(local, "rb") as f:
            if f.read() != expected_bytes:
                raise AssertionError(f"{name}: {local} is not the served file")
        os.unlink(local)
    return seconds


def main():
    work = tempfile.mkdtemp(prefix="certview-gio-prompt-")
    store = os.path.join(work, "trust.db")
    local = os.path.join(work, "data.bin")
    server = subprocess.Popen([SERVER], stdout=subprocess.PIPE, text=True)
    try:
        port = server.stdout.readline().strip()
        served = server.stdout.readline().strip()
        if not port or not served:
            raise AssertionError("vsftpd did not start")
        with open(served, "rb") as f:
            expected = f.read()

        check("Reject", download(port, store, local, ["Escape"]), 1, local, None)
        if os.path.exists(store):
            raise AssertionError("Reject saved a decision")
        check("Accept Once", download(port, store, local, ["alt+o"]), 0, local, expected)
        if os.path.exists(store):
            raise AssertionError("Accept Once saved a decision")
        check("no display, nothing saved", download(port, store, local, [], display=False), 1,
              local, None)
        check("Always Trust, confirmed", download(port, store, local, ["alt+a", "alt+t"]), 0,
              local, expected)
        if not os.path.exists(store):
            raise AssertionError("Always Trust saved no decision")
        seconds = check("saved decision, no display",
                        download(port, store, local, [], display=False), 0, local, expected)
        if seconds > SAVED_RUN_SECONDS:
            raise AssertionError(f"the saved decision took {seconds:.1f} s")
    finally:
        stop([server])
        remove_dir(work)
    print("5 passed, 0 failed")
    return 0


if __name__ == "__main__":
    run("check-gio-prompt", main)
