"""A small ``org.freedesktop.Notifications`` service on the D-Bus session bus, for the tests of
the daily nudge: it records each notification it is sent, one JSON line each, and runs a command
meanwhile. Run inside ``dbus-run-session``:

    dbus-run-session -- python notification_server.py RECORD [--stop-after N] -- COMMAND...

The command starts once the service owns its name; after N notifications it is sent SIGTERM (and
killed 60 s after it started, whatever happens). Exits with the command's exit status.
"""

import asyncio
import json
import signal
import sys

from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, method, signal as dbus_signal

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
LIMIT_SECONDS = 60


class Notifications(ServiceInterface):
    def __init__(self, record: str, received: asyncio.Event) -> None:
        super().__init__(NAME)
        self.record, self.received, self.count = record, received, 0

    @method()
    def Notify(self, app_name: "s", replaces_id: "u", app_icon: "s", summary: "s", body: "s",  # noqa: F821
               actions: "as", hints: "a{sv}", expire_timeout: "i") -> "u":  # noqa: F821
        self.count += 1
        with open(self.record, "a", encoding="utf-8") as out:
            out.write(json.dumps({"app_name": app_name, "summary": summary, "body": body}) + "\n")
        self.received.set()
        return self.count

    @method()
    def GetCapabilities(self) -> "as":  # noqa: F821
        return ["body"]

    @method()
    def GetServerInformation(self) -> "ssss":  # noqa: F821
        return ["vaultkit-test", "vaultkit", "1.0", "1.2"]

    @method()
    def CloseNotification(self, notification_id: "u"):  # noqa: F821
        return None

    @dbus_signal()
    def NotificationClosed(self) -> "uu":  # noqa: F821
        return [0, 0]

    @dbus_signal()
    def ActionInvoked(self) -> "us":  # noqa: F821
        return [0, ""]


async def serve(record: str, stop_after: int | None, command: list[str]) -> int:
    received = asyncio.Event()
    service = Notifications(record, received)
    bus = await MessageBus().connect()
    bus.export(PATH, service)
    await bus.request_name(NAME)
    child = await asyncio.create_subprocess_exec(*command)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + LIMIT_SECONDS
    while child.returncode is None and loop.time() < deadline:
        if stop_after is not None and service.count >= stop_after:
            child.send_signal(signal.SIGTERM)
            break
        try:
            await asyncio.wait_for(asyncio.shield(child.wait()), 0.1)
        except TimeoutError:
            pass
    try:
        return await asyncio.wait_for(child.wait(), 20)
    except TimeoutError:
        child.kill()
        return await child.wait()


def main(argv: list[str]) -> int:
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1:]
    record = options[0]
    stop_after = int(options[options.index("--stop-after") + 1]) if "--stop-after" in options else None
    return asyncio.run(serve(record, stop_after, command))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
