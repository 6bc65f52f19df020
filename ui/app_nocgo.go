//go:build !cgo

package ui

import (
	"fmt"
	"os"

	"chibo/i18n"
)

// Run cannot open a window in a program built without cgo (Fyne's desktop driver needs it); it
// says so and exits. The subcommands still work in such a build.
func Run(dataDir string) {
	fmt.Fprintln(os.Stderr, i18n.T(i18n.FromEnv(os.Getenv), "ui.no_window"))
	os.Exit(1)
}
