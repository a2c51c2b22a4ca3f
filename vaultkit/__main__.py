"""Allow ``python -m vaultkit``."""

from vaultkit.cli import run

if __name__ == "__main__":  # pragma: no cover - exercised through the CLI tests
    run()
