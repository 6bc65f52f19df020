//go:build !windows

package ui

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"os/user"
	"strings"
	"syscall"
	"time"
)

// printOpensViewer is false: on Linux and macOS the document goes straight to the printer.
const printOpensViewer = false

// systemPrint sends a PDF file to the default printer with lp (CUPS, on Linux and macOS).
func systemPrint(path string) error {
	lp, err := exec.LookPath("lp")
	if err != nil {
		return errNoPrintProgram
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, lp, path).CombinedOutput()
	if err != nil {
		return &printError{err: err, output: strings.TrimSpace(string(out))}
	}
	return nil
}

func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

func isReadOnly(err error) bool { return errors.Is(err, syscall.EROFS) }

// isDeviceGone: what writing to a USB stick that was pulled out gives.
func isDeviceGone(err error) bool {
	return errors.Is(err, syscall.EIO) || errors.Is(err, syscall.ENODEV) || errors.Is(err, syscall.ENXIO) ||
		errors.Is(err, syscall.ENOTDIR)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// removableRoot is where USB sticks appear, for the folder dialog to open in when no folder
// was chosen before: /media/USER or /run/media/USER on Linux, /Volumes on macOS; "" if none.
func removableRoot() string {
	var dirs []string
	if u, err := user.Current(); err == nil {
		dirs = append(dirs, "/media/"+u.Username, "/run/media/"+u.Username)
	}
	for _, d := range append(dirs, "/Volumes") {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
	}
	return ""
}
