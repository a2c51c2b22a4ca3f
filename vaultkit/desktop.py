"""One desktop notification through ``desktop-notifier`` (D-Bus on Linux, the Notification
Center on macOS, WinRT on Windows). A failure raises ``NotifyFailed`` with its reason."""

from __future__ import annotations

import asyncio
import logging

APP_NAME = "vaultkit"
TIMEOUT_SECONDS = 10.0


class NotifyFailed(Exception):
    """A notification could not be handed to the desktop; the message says why, in one line."""


class _Reasons(logging.Handler):
    """Keeps what ``desktop-notifier`` logs: it logs a failure to send instead of raising it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.reasons: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        text = f"{type(error).__name__}: {error}" if error is not None else record.getMessage()
        self.reasons.append(text.strip().splitlines()[0] if text.strip() else record.getMessage())


def send(title: str, body: str, timeout: float = TIMEOUT_SECONDS) -> None:
    """Hand one notification to the desktop; ``NotifyFailed`` when it was not taken."""
    library = logging.getLogger("desktop_notifier")
    reasons = _Reasons()
    library.addHandler(reasons)
    propagate, library.propagate = library.propagate, False  # its tracebacks are not for the terminal
    dispatched: list[bool] = []
    try:
        asyncio.run(asyncio.wait_for(_send(title, body, lambda: dispatched.append(True)), timeout))
    except TimeoutError:
        raise NotifyFailed(f"the notification service did not answer within {timeout:g} s") from None
    except Exception as exc:  # the library's own errors: any of them means not sent
        raise NotifyFailed(f"{type(exc).__name__}: {exc}") from None
    finally:
        library.removeHandler(reasons)
        library.propagate = propagate
    if not dispatched:
        raise NotifyFailed(reasons.reasons[0] if reasons.reasons else "no notification service took it")


async def _send(title: str, body: str, dispatched) -> None:
    from desktop_notifier import DesktopNotifier  # 50 ms of imports (D-Bus), paid only when a nudge is sent

    notifier = DesktopNotifier(app_name=APP_NAME)
    await notifier.send(title, body, on_dispatched=dispatched)
    bus = getattr(getattr(notifier, "_backend", None), "bus", None)  # D-Bus: close the connection it opened
    if bus is not None:
        bus.disconnect()
