# need_packages installs the Debian packages that are missing, as root or through sudo.
need_packages() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		local sudo=""
		[ "$(id -u)" = 0 ] || sudo=sudo
		echo "Installing: ${missing[*]}" >&2
		$sudo apt-get update
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
	fi
}
