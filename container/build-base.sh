#!/usr/bin/env bash
# Builds localhost/keygate-base-jre17, a local stand-in for eclipse-temurin:17-jre made only from Debian packages
# (mmdebstrap, bookworm): Debian's OpenJDK 17 JRE (headless), bash for the image's HEALTHCHECK (/dev/tcp) and
# passwd for the Containerfile's useradd. For hosts that cannot reach a container registry; with one, build the
# image on the default BASE (eclipse-temurin:17-jre) instead.
#
#   container/build-base.sh [--force]
#
# Skipped when the image exists (podman keeps it in /var/lib/containers between runs), unless --force.
# Installs podman, runc and mmdebstrap with apt-get when missing (as root). Uses container/containers.conf unless
# CONTAINERS_CONF names another file. KEYGATE_BASE_IMAGE names another image; DEBIAN_MIRROR another mirror.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
IMAGE=${KEYGATE_BASE_IMAGE:-localhost/keygate-base-jre17}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
export CONTAINERS_CONF=${CONTAINERS_CONF:-$HERE/containers.conf}
FORCE=false
[ "${1:-}" = --force ] && FORCE=true

# shellcheck source=image-tools.sh
. "$HERE/image-tools.sh"
install_image_tools build-base

if ! $FORCE && podman image exists "$IMAGE"; then
  echo "build-base: $IMAGE exists, kept" >&2
  exit 0
fi

started=$(date +%s)
echo "build-base: building $IMAGE from Debian bookworm packages (1.5-5 minutes)" >&2
# --variant=essential plus what Keygate needs: no apt, no man pages, docs or locales.
# - the man1 directory: openjdk's postinst links java.1.gz there through update-alternatives and fails without it
# - </dev/null: mmdebstrap reads sources from stdin when stdin is not a terminal
# - streamed into podman import: no tar file on disk
mmdebstrap --quiet --variant=essential \
  --include=openjdk-17-jre-headless,ca-certificates,passwd \
  --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/log/*.log' \
  bookworm - \
  "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" "deb $SECURITY bookworm-security main" \
  </dev/null \
  | podman import --quiet \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      --change 'CMD ["/bin/bash"]' \
      --message "keygate base: Debian bookworm, openjdk-17-jre-headless" \
      - "$IMAGE" >/dev/null
echo "build-base: $IMAGE built in $(( $(date +%s) - started )) s" >&2
