#!/usr/bin/env bash
# Builds localhost/keygate-test-postgres, a TEST stand-in for docker.io/library/postgres:16 made only from Debian
# packages (mmdebstrap, bookworm: postgresql-15), for ComposeFileTest on hosts that cannot pull from a registry.
# It honours only what container/compose.yaml uses of the official image (test-postgres-entrypoint.sh says what);
# it is not a product: no init scripts, no locales beyond C.UTF-8, PostgreSQL 15 rather than 16.
#
#   container/build-test-postgres.sh [--force]
#   POSTGRES_IMAGE=localhost/keygate-test-postgres podman-compose -f container/compose.yaml …
#
# Skipped when the image exists and was built from this script and this entrypoint (a label holds their hash),
# unless --force. Like build-base.sh: installs podman, runc and mmdebstrap with apt-get when missing (as root), uses
# container/containers.conf unless CONTAINERS_CONF names another file; TEST_POSTGRES_IMAGE names another image,
# DEBIAN_MIRROR another mirror.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
IMAGE=${TEST_POSTGRES_IMAGE:-localhost/keygate-test-postgres}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
ENTRYPOINT=$HERE/test-postgres-entrypoint.sh
export CONTAINERS_CONF=${CONTAINERS_CONF:-$HERE/containers.conf}
FORCE=false
[ "${1:-}" = --force ] && FORCE=true

# shellcheck source=image-tools.sh
. "$HERE/image-tools.sh"
install_image_tools build-test-postgres

recipe=$(cat "$0" "$ENTRYPOINT" | sha256sum | cut -c1-16)
if ! $FORCE && podman image exists "$IMAGE" \
    && [ "$(podman image inspect --format '{{index .Labels "dev.keygate.recipe"}}' "$IMAGE")" = "$recipe" ]; then
  echo "build-test-postgres: $IMAGE exists, kept" >&2
  exit 0
fi

started=$(date +%s)
replaced=$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
echo "build-test-postgres: building $IMAGE from Debian bookworm packages (1-3 minutes)" >&2
# --variant=essential plus postgresql-15 and its dependencies (perl, postgresql-common, LLVM for JIT, ICU...)
# - postgresql-common's postinst creates a cluster 15/main: dropped, the entrypoint makes its own in PGDATA
# - PGDATA made here, owned by postgres, so that a new named volume starts from it
# - </dev/null: mmdebstrap reads sources from stdin when stdin is not a terminal; streamed into podman import
# - STOPSIGNAL SIGINT as in the official image: PostgreSQL's fast shutdown (SIGTERM, its "smart" shutdown, would wait
#   for every client to disconnect)
mmdebstrap --quiet --variant=essential \
  --include=postgresql-15 \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --customize-hook='chroot "$1" pg_dropcluster 15 main' \
  --customize-hook="copy-in $ENTRYPOINT /usr/local/bin" \
  --customize-hook='chmod 0755 "$1"/usr/local/bin/test-postgres-entrypoint.sh' \
  --customize-hook='chroot "$1" install -d -o postgres -g postgres -m 0700 /var/lib/postgresql/data' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/log/*.log' \
  bookworm - \
  "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" "deb $SECURITY bookworm-security main" \
  </dev/null \
  | podman import --quiet \
      --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      --change 'ENV PGDATA=/var/lib/postgresql/data' \
      --change 'EXPOSE 5432' \
      --change 'STOPSIGNAL SIGINT' \
      --change "LABEL dev.keygate.recipe=$recipe" \
      --change 'ENTRYPOINT ["/usr/local/bin/test-postgres-entrypoint.sh"]' \
      --message "keygate test postgres: Debian bookworm, postgresql-15" \
      - "$IMAGE" >/dev/null
# the image this one replaces, left without a name: removed unless a container still uses it
if [ -n "$replaced" ]; then podman rmi "$replaced" >/dev/null 2>&1 || true; fi
echo "build-test-postgres: $IMAGE built in $(( $(date +%s) - started )) s" >&2
