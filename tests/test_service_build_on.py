"""``vaultkit service install`` and ``build_on`` (vaultkit.toml): a warning when the vault's
pages are to be written on another machine; the service is installed all the same."""

from __future__ import annotations

import socket

from service_helpers import home, make_notes, recorder, service  # noqa: F401 - fixtures


def test_install_warns_when_build_on_names_another_machine(tmp_path, home, recorder):
    vault = make_notes(tmp_path / "Notes")
    (vault / "vaultkit.toml").write_text('build_on = "the-other-laptop"\n')
    result = service("install", "--vault", vault)
    assert result.exit_code == 0  # installed all the same
    assert result.stderr == (f'warning: vaultkit.toml has build_on = "the-other-laptop" but this machine is '
                             f"{socket.gethostname()}: the service will watch without writing pages here; "
                             f"installing anyway\n")
    assert (home / ".config" / "systemd" / "user").is_dir()
    (vault / "vaultkit.toml").write_text(f'build_on = "{socket.gethostname().upper()}"\n')
    assert service("install", "--vault", vault).stderr == ""
    (vault / "vaultkit.toml").write_text(f'build_on = "{socket.gethostname().split(".")[0]}"\n')
    assert service("install", "--vault", vault).stderr == ""  # the short name names this machine too
    (vault / "vaultkit.toml").write_text('build_on = ""\n')  # any machine
    assert service("install", "--vault", vault).stderr == ""
