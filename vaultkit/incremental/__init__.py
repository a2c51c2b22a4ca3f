"""The incremental engine: everything vaultkit keeps between runs to make unchanged work free.

The domain (reading notes, resolving names, reports, pages) never sees this package; this
package calls the domain and alone knows the index, what changed and what to recompute.
"""
