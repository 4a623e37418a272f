# Sourced by build-base.sh and build-test-postgres.sh: what both need before they build an image from Debian packages.
# Not run by itself.

# Installs podman, runc and mmdebstrap with apt-get when any is missing: as root, else it says what to install and
# exits 2. $1 names the calling script in its messages.
install_image_tools() {
  local caller=$1
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v runc >/dev/null || missing+=(runc)
  command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "$caller: ${missing[*]} missing; install them (apt-get install ${missing[*]}) or run as root" >&2
      exit 2
    fi
    echo "$caller: installing ${missing[*]} with apt-get" >&2
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  fi
}
