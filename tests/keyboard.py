# SPDX-License-Identifier: GPL-3.0-or-later
"""What the keyboard tests share: xdotool (XTEST, like a keyboard) against the X
server the test harness provides, windows found by title, and the processes a
test starts, stopped by their PIDs."""

import os
import shutil
import signal
import subprocess
import sys
import time

WINDOW_TIMEOUT = 20.0


def xdotool(*args):
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=10)


def wait_for_window(title, process, program):
    """The id of the visible window named @title that @process shows."""
    deadline = time.monotonic() + WINDOW_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stderr.read() if process.stderr is not None else ""
            raise AssertionError(f"{program} ended before its window showed: "
                                 f"{process.returncode} {said.strip()!r}")
        ids = xdotool("search", "--onlyvisible", "--name", title).stdout.split()
        if ids:
            return ids[-1]
        time.sleep(0.1)
    raise AssertionError(f"no window named {title!r} after {WINDOW_TIMEOUT} s")


def focus(window):
    xdotool("windowactivate", "--sync", window)
    xdotool("windowfocus", "--sync", window)
    # Let the window take the focus and draw before the first key
    time.sleep(0.5)


def press(keys):
    for key in keys:
        xdotool("key", "--clearmodifiers", key)
        time.sleep(0.3)


def stop(processes):
    """SIGTERM, then SIGKILL after 10 s, for each process this test started."""
    for process in processes:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def remove_dir(path):
    shutil.rmtree(path)


def wait_for_display():
    """Until the X server answers: the harness's may still be starting, or its
    display number just freed by another test's"""
    deadline = time.monotonic() + WINDOW_TIMEOUT
    while xdotool("getdisplaygeometry").returncode != 0:
        if time.monotonic() > deadline:
            raise AssertionError(f"the X display {os.environ.get('DISPLAY')!r} does not answer")
        time.sleep(0.1)


def run(name, main):
    """Runs @main; a failed check ends the test with its message and exit 1."""
    try:
        if os.environ.get("DISPLAY"):
            wait_for_display()
        sys.exit(main())
    except AssertionError as error:
        print(f"{name}: {error}", file=sys.stderr)
        sys.exit(1)
