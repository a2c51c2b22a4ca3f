"""``vaultkit service``: run ``vaultkit watch`` for a vault under the user's service manager
(a systemd user unit, a launchd agent, or a Task Scheduler task)."""
