# Sourced by the scripts that start DPDK processes: where EAL keeps a file
# prefix's runtime files, which it leaves behind when the process ends.
eal_runtime_dir() {
  local base="${RUNTIME_DIRECTORY:-}"
  if [[ -z "$base" ]]; then
    if [[ $EUID -eq 0 ]]; then base=/var/run; else base="${XDG_RUNTIME_DIR:-/tmp}"; fi
  fi
  echo "$base/dpdk/$1"
}
