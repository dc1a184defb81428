#!/usr/bin/env bash
# The Debian package as an admin meets it, installed on this machine (Scripts/test runs it; needs root):
# builds it with Scripts/package, and the same binary as an older version; runs lintian on it;
# installs it fresh and checks what it put where; purges it; installs the older one, edits its
# configuration and adds data, upgrades (no conffile prompt; both kept), removes (both kept) and
# purges (all gone). Leaves nothing installed, also when a check fails.
#   Scripts/package-checks/check.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "$(id -u)" -ne 0 ] || ! command -v dpkg >/dev/null 2>&1; then
    echo "package check: skipped: it installs the package on this machine, so it needs root and dpkg"
    exit 0
fi
installed() { dpkg-query -W -f '${db:Status-Status}' huddle 2>/dev/null | grep -qvx 'not-installed'; }
# Never touch an installation that is not this check's own.
if installed; then
    echo "package check: a huddle package is installed on this machine; the check would replace and purge it" >&2
    exit 1
fi
for path in /usr/bin/huddle /etc/huddle /var/lib/huddle /var/lib/private/huddle; do
    if [ -e "$path" ] || [ -L "$path" ]; then
        echo "package check: $path exists; the check would delete it when it purges the package" >&2
        exit 1
    fi
done

started=$SECONDS
scratch=$(mktemp -d)
private_made=0
[ -d /var/lib/private ] || private_made=1
cleanup() {
    if installed; then dpkg --purge huddle >"$scratch/cleanup.log" 2>&1 || cat "$scratch/cleanup.log" >&2; fi
    rm -rf /etc/huddle /var/lib/huddle /var/lib/private/huddle
    if [ "$private_made" -eq 1 ]; then rmdir /var/lib/private 2>/dev/null || true; fi
    rm -rf "$scratch"
}
trap cleanup EXIT

failed=0
fail() { echo "package check: FAIL: $*" >&2; failed=1; }
check() { # WHAT COMMAND...: runs the command; a failure is reported with its output
    local what=$1
    shift
    "$@" >"$scratch/out" 2>&1 || { fail "$what"; sed 's/^/    /' "$scratch/out" >&2; }
}
absent() { [ ! -e "$1" ] && [ ! -L "$1" ]; }
excluded() { # PATH: whether this machine's dpkg leaves PATH out of every package (slim container images do)
    grep -rhs '^path-exclude' /etc/dpkg/dpkg.cfg.d/ | sed 's/^path-exclude=//' | while IFS= read -r pattern; do
        # shellcheck disable=SC2254
        case "$1" in $pattern) echo yes; break ;; esac
    done | grep -q yes
}
dpkg_quietly() { # dpkg's arguments: runs it with no terminal to ask on, keeps its output
    dpkg "$@" </dev/null >"$scratch/dpkg.log" 2>&1 || { cat "$scratch/dpkg.log" >&2; echo "package check: dpkg $* failed" >&2; exit 1; }
}

version=$(sed -n 's/.*static let number = "\(.*\)".*/\1/p' Sources/HuddleCore/Version.swift)
older=0.0.1
dpkg --compare-versions "$older" lt "$version" || { echo "package check: $version is not newer than $older" >&2; exit 1; }
arch=$(dpkg --print-architecture)
deb=data/package/huddle_${version}_$arch.deb
old_deb=data/package/huddle_${older}_$arch.deb
Scripts/package
Scripts/package --version "$older" >/dev/null
built=$SECONDS

# lintian: no errors; its warnings are shown.
if command -v lintian >/dev/null 2>&1; then
    lintian --allow-root --tag-display-limit 0 "$deb" >"$scratch/lintian.log" 2>&1 || true
    sed 's/^/lintian: /' "$scratch/lintian.log"
    if grep -q '^E: ' "$scratch/lintian.log"; then fail "lintian reports errors"; fi
else
    fail "lintian is missing; Scripts/bootstrap installs it"
fi
check "Depends names libcurl4 and libical3" \
    bash -c "dpkg-deb -f '$deb' Depends | grep -E 'libcurl4' | grep -E 'libical3'"

# A fresh install: everything in its place, nothing enabled, the starter configuration valid.
dpkg_quietly -i "$deb"
dpkg-query -L huddle | sort > "$scratch/files"
check "huddle --version says $version" bash -c "huddle --version | grep -Fx 'Huddle $version'"
check "the installed /etc/huddle/huddle.yaml passes check-config" huddle check-config --config /etc/huddle/huddle.yaml
if excluded /usr/share/man/man1/huddle.1.gz; then
    echo "package check: man pages not checked: this machine's dpkg excludes /usr/share/man (path-exclude)"
else
    check "man -w huddle finds huddle(1)" bash -c "man -w huddle | grep -Fx /usr/share/man/man1/huddle.1.gz"
    check "a man page per subcommand (huddle-check-config)" man -w huddle-check-config
fi
for completion in /usr/share/bash-completion/completions/huddle /usr/share/zsh/vendor-completions/_huddle \
    /usr/share/fish/vendor_completions.d/huddle.fish; do
    check "$completion is there and mentions check-config" grep -q check-config "$completion"
done
check "systemd-analyze verify huddle.service" systemd-analyze verify /lib/systemd/system/huddle.service
check "huddle@.service is installed" test -f "/lib/systemd/system/huddle@.service"
check "the units run /usr/bin/huddle" grep -q '^ExecStart=/usr/bin/huddle run' /lib/systemd/system/huddle.service /lib/systemd/system/huddle@.service
check "the service is not enabled" absent /etc/systemd/system/multi-user.target.wants/huddle.service
check "the binary needs no Swift runtime" bash -c "! ldd /usr/bin/huddle | grep -E 'libswift|libFoundation|libdispatch|/opt/swift'"
excluded /usr/share/doc/huddle/changelog.gz \
    || check "/usr/share/doc/huddle has copyright and changelog.gz" test -s /usr/share/doc/huddle/copyright -a -s /usr/share/doc/huddle/changelog.gz

gone_after_purge() { # every file the package listed, and its own folders, are gone
    local path
    while IFS= read -r path; do
        if [ -d "$path" ]; then
            # Shared folders (/usr/bin, /usr/share/man/man1 …) stay; the package's own must go.
            case "$path" in *huddle*) fail "purge left the folder $path" ;; esac
        elif ! absent "$path"; then
            fail "purge left $path"
        fi
    done < "$scratch/files"
    for path in /etc/huddle /var/lib/huddle /var/lib/private/huddle; do
        absent "$path" || fail "purge left $path"
    done
}
dpkg_quietly --purge huddle
gone_after_purge

# An upgrade keeps the admin's edit of the configuration (without asking: the packaged file did not
# change) and the data, which systemd's DynamicUser keeps in /var/lib/private/huddle.
dpkg_quietly -i "$old_deb"
check "the older package is installed" bash -c "dpkg-query -W -f '\${Version}' huddle | grep -Fx '$older'"
marker="# edited by the package check"
echo "$marker" >> /etc/huddle/huddle.yaml
mkdir -p -m 0700 /var/lib/private/huddle
ln -s private/huddle /var/lib/huddle
echo "kept" > /var/lib/huddle/marker
dpkg_quietly -i "$deb"
check "dpkg did not ask about the configuration file" bash -c "! grep -q 'Configuration file' '$scratch/dpkg.log'"
check "the upgrade installed $version" bash -c "dpkg-query -W -f '\${Version}' huddle | grep -Fx '$version'"
check "the upgrade kept the edited /etc/huddle/huddle.yaml" grep -Fxq "$marker" /etc/huddle/huddle.yaml
check "the upgrade left no .dpkg-new or .dpkg-dist" bash -c "! ls /etc/huddle | grep -q '\.dpkg-'"
check "the upgrade kept the data" grep -Fxq kept /var/lib/huddle/marker

dpkg_quietly --remove huddle
check "remove took the binary" absent /usr/bin/huddle
check "remove kept the edited configuration" grep -Fxq "$marker" /etc/huddle/huddle.yaml
check "remove kept the data" grep -Fxq kept /var/lib/private/huddle/marker
dpkg_quietly --purge huddle
gone_after_purge

if [ "$failed" -ne 0 ]; then
    echo "package check: failed" >&2
    exit 1
fi
echo "package check: $deb installs, upgrades from $older, removes and purges cleanly" \
    "(build $((built - started)) s, checks $((SECONDS - built)) s)"
