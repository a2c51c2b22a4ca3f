"""vaultkit: a plain-text networking tool for Markdown vaults."""

__version__ = "0.1.0"
