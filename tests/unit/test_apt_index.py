"""vpsforge.fastapi.apt_index refreshes an empty or old index, whatever the directory's mtime."""

from __future__ import annotations

import os
from pathlib import Path

from ansible_collections.vpsforge.fastapi.plugins.modules import apt_index


def test_empty_lists_need_a_refresh_even_when_the_directory_looks_new(tmp_path: Path) -> None:
    os.utime(tmp_path)  # the directory was just touched, as an image build leaves it
    last = apt_index.last_refresh(str(tmp_path), stamp=str(tmp_path / "none"))
    assert last is None
    assert apt_index.refresh_reason(last, now=1e9, max_age=3600) == "no package lists downloaded"


def test_recent_lists_need_no_refresh(tmp_path: Path) -> None:
    lists = tmp_path / "deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4"
    lists.write_text("")
    os.utime(lists, (1000, 1000))
    last = apt_index.last_refresh(str(tmp_path), stamp=str(tmp_path / "none"))
    assert last == 1000
    assert apt_index.refresh_reason(last, now=1000 + 3599, max_age=3600) is None


def test_old_lists_need_a_refresh(tmp_path: Path) -> None:
    lists = tmp_path / "x_Packages"
    lists.write_text("")
    os.utime(lists, (1000, 1000))
    reason = apt_index.refresh_reason(
        apt_index.last_refresh(str(tmp_path), stamp=str(tmp_path / "none")), 9000, 3600
    )
    assert reason == "package lists are 8000 s old (more than 3600 s)"


def test_a_newer_success_stamp_counts_as_the_last_refresh(tmp_path: Path) -> None:
    lists = tmp_path / "x_Packages"
    lists.write_text("")
    os.utime(lists, (1000, 1000))
    stamp = tmp_path / "update-success-stamp"
    stamp.write_text("")
    os.utime(stamp, (8000, 8000))
    assert apt_index.last_refresh(str(tmp_path), stamp=str(stamp)) == 8000


STATUS = """Package: sudo
Status: install ok installed
Version: 1.9.13p3-1+deb12u1

Package: nginx
Status: deinstall ok config-files
Version: 1.22.1-9

Package: jq
Status: hold ok installed
Version: 1.6-2.1
"""


def test_only_packages_dpkg_lists_as_installed_count(tmp_path: Path) -> None:
    status = tmp_path / "status"
    status.write_text(STATUS)
    installed = apt_index.installed_packages(str(status))
    assert installed == {"sudo", "jq"}  # nginx was removed, only its config files remain
    assert apt_index.missing_packages(["sudo", "nginx", "git", "jq"], installed) == ["nginx", "git"]


def test_a_name_apt_must_interpret_always_counts_as_missing(tmp_path: Path) -> None:
    installed = {"sudo", "python3"}
    names = ["sudo=1.9.13p3-1+deb12u1", "sudo:amd64", "python3*", "sudo/bookworm-backports"]
    assert apt_index.missing_packages(names, installed) == names


def test_no_dpkg_database_means_nothing_is_installed(tmp_path: Path) -> None:
    assert apt_index.installed_packages(str(tmp_path / "none")) == set()
