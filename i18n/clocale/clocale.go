// Package clocale steers the locale look-up of the Fyne toolkit on machines left on the "C" or
// "POSIX" locale (LANG=C.UTF-8 is common on fresh Debian installs and shared laptops). Fyne
// reads the locale while its packages initialise and logs an error for "C" on every start,
// subcommands included. Imported first by main (its import path sorts before fyne.io, so Go
// initialises it earlier), it sets LC_MESSAGES to Vietnamese, the program's language for such
// machines. Only the messages category changes: character handling (LC_CTYPE, and so typing
// Vietnamese through an input method) keeps the system's setting.
package clocale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LC_ALL") != "" || os.Getenv("LC_MESSAGES") != "" {
		return
	}
	if IsPOSIX(os.Getenv("LANG")) {
		os.Setenv("LC_MESSAGES", "vi_VN.UTF-8")
	}
}

// IsPOSIX reports whether loc names the C or POSIX locale ("C", "C.UTF-8", "POSIX"), or none.
func IsPOSIX(loc string) bool {
	base, _, _ := strings.Cut(loc, ".")
	return base == "" || base == "C" || base == "POSIX"
}
