#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The notification of `certview --check-trusted --notify`, and what a click on it opens.

Runs inside the X server the test harness provides, on a D-Bus session bus of its
own (dbus-daemon with a configuration written here), where this script owns
org.gtk.Notifications, as GNOME Shell does, and records every AddNotification.

1. The built-in server (tests/screenshot-server) serves a certificate; the store
   holds a decision for another key of that server (key-changed).
   A second saved server accepts and hangs up after two seconds: unreachable.
2. `certview --check-trusted --notify` must send one notification as
   io.github.certview.Certview: its title, its body naming the servers, its default
   action app.show-trusted with the servers as the target.
3. The action is then called as the desktop calls it, through
   org.freedesktop.Application.ActivateAction on the application's name: the bus
   starts the window program from a D-Bus service file (as the installed one,
   --gapplication-service), which must open Saved Decisions with those servers
   selected (CERTVIEW_TEST_SHOWN_FILE: its page and selected servers).
4. In that window, Ctrl+Shift+K (xdotool) starts Check All; while the slow server
   keeps it going, the accessible tree (AT-SPI, as a screen reader reads it) must
   name the changed key's Status "Key changed" and describe it as needing action.
   Then Ctrl+W closes the window: the application must send the same notification
   when the check ends.
Everything started here is stopped by its PID; the whole test is bounded in time.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from gi.repository import Gio, GLib

CERTVIEW = os.environ["CERTVIEW"]
WINDOW = os.environ["CERTVIEW_WINDOW"]
SERVER = os.environ["SCREENSHOT_SERVER"]
APP_ID = "io.github.certview.Certview"
APP_PATH = "/io/github/certview/Certview"
TIMEOUT = 30.0
# How long the slow server keeps a check going
SLOW_SECONDS = 5.0

NOTIFICATIONS_XML = """
<node>
  <interface name="org.gtk.Notifications">
    <method name="AddNotification">
      <arg type="s" direction="in"/>
      <arg type="s" direction="in"/>
      <arg type="a{sv}" direction="in"/>
    </method>
    <method name="RemoveNotification">
      <arg type="s" direction="in"/>
      <arg type="s" direction="in"/>
    </method>
  </interface>
</node>
"""

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={dir}</listen>
  <servicedir>{services}</servicedir>
  <standard_session_servicedirs/>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def spin_until(condition, what, timeout=TIMEOUT):
    """Runs the main context until @condition() holds; fails after @timeout seconds."""
    context = GLib.MainContext.default()
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        context.iteration(False)
        time.sleep(0.01)


class FakeNotificationServer:
    """org.gtk.Notifications on @connection, recording what it is sent."""

    def __init__(self, connection):
        self.added = []
        info = Gio.DBusNodeInfo.new_for_xml(NOTIFICATIONS_XML)
        self.registration = connection.register_object(
            "/org/gtk/Notifications", info.interfaces[0], self.on_call)
        self.owned = False
        self.name_id = Gio.bus_own_name_on_connection(
            connection, "org.gtk.Notifications", Gio.BusNameOwnerFlags.NONE,
            self.on_acquired, None)

    def on_acquired(self, connection, name):
        self.owned = True

    def on_call(self, connection, sender, path, interface, method, parameters, invocation):
        if method == "AddNotification":
            app_id, notification_id, notification = parameters.unpack()
            self.added.append((app_id, notification_id, notification))
        invocation.return_value(None)


class SlowServer:
    """Accepts on loopback, says nothing and hangs up after @delay seconds."""

    def __init__(self, delay):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.delay = delay
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Timer(self.delay, connection.close).start()

    def close(self):
        self.listener.close()


def write_store(work, certview, ports):
    """A store with a decision for another key of each 127.0.0.1:PORT (Certview 0.1's form)."""
    legacy = os.path.join(work, "legacy.ini")
    with open(legacy, "w", encoding="utf-8") as out:
        for port in ports:
            out.write(f"""[127.0.0.1:{port}]
decision=trust
certificate-sha256=5e:0b:94:1a:c7:38:d2:6f:80:14:ab:73:c9:e2:55:06:b1:3d:48:fa:92:6c:07:e8:31:5a:dd:c4:70:19:8b:2f
public-key-pin=sha256//mQ3xTa9kW2pL7vRz0cYh5nE8uJ4sD6gF1bK3oN2iV0A=
subject=CN=localhost
issuer=O=Old Hosting Ltd,CN=Old Hosting CA
not-after=2030-03-01T12:00:00Z
created=2025-03-02T09:30:00Z
last-seen=2026-02-27T17:45:00Z

""")
    os.chmod(legacy, 0o600)
    store = os.path.join(work, "trust.db")
    subprocess.run([certview, "--trust-store", store, "--import-trusted", legacy],
                   check=True, stdout=subprocess.DEVNULL, timeout=TIMEOUT)
    return store


def start_bus(work, env):
    """dbus-daemon on a configuration of our own; its process and address."""
    services = os.path.join(work, "services")
    os.mkdir(services)
    with open(os.path.join(services, APP_ID + ".service"), "w", encoding="utf-8") as out:
        out.write(f"[D-BUS Service]\nName={APP_ID}\nExec={WINDOW} --gapplication-service\n")
    config = os.path.join(work, "bus.conf")
    with open(config, "w", encoding="utf-8") as out:
        out.write(BUS_CONFIG.format(dir=work, services=services))
    bus = subprocess.Popen(["dbus-daemon", "--config-file", config, "--nofork",
                            "--print-address"],
                           stdout=subprocess.PIPE, text=True, env=env)
    address = bus.stdout.readline().strip()
    if not address:
        raise AssertionError("dbus-daemon did not start")
    return bus, address


def check_notification(added, changed, slow):
    if len(added) != 1:
        raise AssertionError(f"expected one notification, got {added!r}")
    app_id, notification_id, notification = added[0]
    # In the store's order: by host, then port
    servers = sorted([(changed, "Key changed"), (slow, "Unreachable")])
    expected = {
        "app id": (app_id, APP_ID),
        "id": (notification_id, "check-trusted"),
        "title": (notification.get("title"), "2 Saved Servers Need Attention"),
        "body": (notification.get("body"),
                 "\n".join(f"127.0.0.1:{port}: {what}" for port, what in servers)),
        "default action": (notification.get("default-action"), "app.show-trusted"),
        "target": (notification.get("default-action-target"),
                   [f"127.0.0.1:{port}" for port, _ in servers]),
        "priority": (notification.get("priority"), "high"),
    }
    for what, (got, want) in expected.items():
        if got != want:
            raise AssertionError(f"notification {what}: {got!r}, expected {want!r}")
    buttons = notification.get("buttons", [])
    if [button.get("action") for button in buttons] != ["app.show-trusted"]:
        raise AssertionError(f"notification buttons: {buttons!r}")
    return notification["default-action-target"]


def check_accessible_status(address):
    """The Status cells as AT-SPI gives them (in a process of its own: pyatspi takes
    the session bus when it is imported)."""
    script = """
import sys
import pyatspi

def walk(node, found):
    try:
        name, description = node.name, node.description
        count = node.childCount
    except Exception:
        return
    if name == "Key changed":
        found.append(description)
    for index in range(count):
        try:
            walk(node.getChildAtIndex(index), found)
        except Exception:
            pass

found = []
desktop = pyatspi.Registry.getDesktop(0)
for index in range(desktop.childCount):
    walk(desktop.getChildAtIndex(index), found)
print(repr(found))
sys.exit(0 if any(d.startswith("Needs action. The server's key has changed") for d in found)
         else 1)
"""
    env = dict(os.environ)
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    env["G_DEBUG"] = ""
    reader = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                            text=True, timeout=TIMEOUT)
    if reader.returncode != 0:
        raise AssertionError("no accessible \"Key changed\" described as needing action: "
                             f"{reader.stdout.strip()} {reader.stderr.strip()}")


def xdotool(*args):
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=10)


def main():
    work = tempfile.mkdtemp(prefix="certview-notify-")
    processes = []
    connection = None
    slow = None
    try:
        server = subprocess.Popen([SERVER, "--problem", "none", work],
                                  stdout=subprocess.PIPE, text=True)
        processes.append(server)
        port = int(server.stdout.readline().strip() or 0)
        if not port:
            raise AssertionError("the built-in server did not start")
        slow = SlowServer(SLOW_SECONDS)
        store = write_store(work, CERTVIEW, [port, slow.port])
        shown_file = os.path.join(work, "shown")

        env = dict(os.environ)
        env["CERTVIEW_TRUST_STORE"] = store
        env["CERTVIEW_TEST_SHOWN_FILE"] = shown_file
        # The started application is read over AT-SPI; its warnings about objects
        # that come and go on the accessibility bus are not ours
        env.pop("GTK_A11Y", None)
        env.pop("NO_AT_BRIDGE", None)
        env["G_DEBUG"] = "fatal-criticals"
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        bus, address = start_bus(work, env)
        processes.append(bus)
        env["DBUS_SESSION_BUS_ADDRESS"] = address

        connection = Gio.DBusConnection.new_for_address_sync(
            address,
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
            Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
        notifications = FakeNotificationServer(connection)
        spin_until(lambda: notifications.owned, "the name org.gtk.Notifications")

        # The scheduled check
        check = subprocess.Popen([CERTVIEW, "--check-trusted", "--notify", "--timeout", "10"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env=env)
        processes.append(check)
        spin_until(lambda: check.poll() is not None, "certview --check-trusted to end")
        out, err = check.communicate()
        print("# " + out.replace("\n", "\n# ") + err.replace("\n", "\n# "))
        if check.returncode != 1:
            raise AssertionError(f"--check-trusted exited {check.returncode}, expected 1")
        if "key-changed" not in out or "unreachable" not in out:
            raise AssertionError("--check-trusted did not find the changed key and the "
                                 "unreachable server")
        spin_until(lambda: notifications.added, "AddNotification")
        server_keys = check_notification(notifications.added, port, slow.port)
        print("ok 1 - --check-trusted --notify sends the notification")

        # The click: the desktop activates the action on the application's name,
        # which D-Bus activation starts
        connection.call_sync(APP_ID, APP_PATH, "org.freedesktop.Application", "ActivateAction",
                             GLib.Variant("(sava{sv})",
                                          ("show-trusted",
                                           [GLib.Variant("as", server_keys)], {})),
                             None, Gio.DBusCallFlags.NONE, int(TIMEOUT * 1000), None)

        def shown():
            try:
                with open(shown_file, encoding="utf-8") as text:
                    return text.read()
            except FileNotFoundError:
                return None

        spin_until(shown, "the Saved Decisions window")
        if shown() != "list\n" + "\n".join(server_keys) + "\n":
            raise AssertionError(f"Saved Decisions shows {shown()!r}")
        print("ok 2 - the notification's action opens Saved Decisions on the servers")

        # Check All, and the window closed while the slow server keeps it going
        ids = xdotool("search", "--onlyvisible", "--name", "^Saved Decisions$").stdout.split()
        if not ids:
            raise AssertionError("no Saved Decisions window on the display")
        xdotool("windowfocus", "--sync", ids[-1])
        time.sleep(0.5)
        notifications.added.clear()
        started = time.monotonic()
        xdotool("key", "--clearmodifiers", "ctrl+shift+k")
        time.sleep(0.5)
        check_accessible_status(address)
        if time.monotonic() - started > SLOW_SECONDS - 0.5:
            raise AssertionError("reading the accessible tree took longer than the check")
        print("ok 3 - the Status reads \"Key changed\", described as needing action")
        xdotool("key", "--clearmodifiers", "ctrl+w")
        spin_until(lambda: notifications.added, "the notification of Check All")
        check_notification(notifications.added, port, slow.port)
        print("ok 4 - Check All in a window closed meanwhile sends the notification")

        # Quitting the started application
        connection.call_sync(APP_ID, APP_PATH, "org.freedesktop.Application", "ActivateAction",
                             GLib.Variant("(sava{sv})", ("quit", [], {})),
                             None, Gio.DBusCallFlags.NONE, int(TIMEOUT * 1000), None)

        def owner_gone():
            reply = connection.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus", "NameHasOwner",
                                         GLib.Variant("(s)", (APP_ID,)), None,
                                         Gio.DBusCallFlags.NONE, -1, None)
            return not reply.unpack()[0]

        spin_until(owner_gone, "the application to quit")
        print("ok 5 - the started application quits")
        print("1..5")
        return 0
    finally:
        if connection is not None:
            connection.close_sync(None)
        if slow is not None:
            slow.close()
        for process in reversed(processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        subprocess.run(["rm", "-rf", work], check=False)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AssertionError as error:
        print(f"not ok - {error}")
        sys.exit(1)
