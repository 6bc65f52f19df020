// Command chibo is Sổ tay Chi bộ: the record book of a party cell, offline. With no
// subcommand it opens the window; with one it does the same job on the command line.
package main

import (
	"context"
	"os"

	_ "chibo/i18n/clocale" // first: before Fyne reads the locale

	"chibo/cli"
	"chibo/ui"
)

func main() {
	if cli.IsCommand(os.Args[1:]) {
		os.Exit(cli.Run(context.Background(), &cli.Env{
			Args: os.Args[1:], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		}))
	}
	dataDir := os.Getenv("CHIBO_DATA")
	if len(os.Args) == 3 && os.Args[1] == "--data" {
		dataDir = os.Args[2]
	}
	if dataDir == "" {
		dataDir = cli.DefaultDataDir()
	}
	ui.Run(dataDir)
}
