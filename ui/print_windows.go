package ui

import (
	"errors"
	"os/exec"
	"syscall"
)

// printOpensViewer is true: Windows has no printing command that every machine has, so the PDF
// opens in the default viewer and she prints from there.
const printOpensViewer = true

// systemPrint opens the PDF file in the program Windows associates with PDF files.
func systemPrint(path string) error {
	if err := exec.Command("rundll32", "url.dll,FileProtocolHandler", path).Start(); err == nil {
		return nil
	}
	cmd := exec.Command("cmd", "/c", "start", "", path)
	cmd.SysProcAttr = &syscall.SysProcAttr{HideWindow: true}
	if err := cmd.Start(); err != nil {
		return &printError{err: err}
	}
	return nil
}

// Windows error numbers (winerror.h).
const (
	errorPathNotFound   = syscall.Errno(3)
	errorWriteProtect   = syscall.Errno(19)
	errorNotReady       = syscall.Errno(21)
	errorGenFailure     = syscall.Errno(31)
	errorHandleDiskFull = syscall.Errno(39)
	errorDevNotExist    = syscall.Errno(55)
	errorDiskFull       = syscall.Errno(112)
)

func isDiskFull(err error) bool {
	return errors.Is(err, errorDiskFull) || errors.Is(err, errorHandleDiskFull)
}

func isReadOnly(err error) bool { return errors.Is(err, errorWriteProtect) }

// isDeviceGone: what writing to a USB stick that was pulled out gives.
func isDeviceGone(err error) bool {
	return errors.Is(err, errorNotReady) || errors.Is(err, errorDevNotExist) ||
		errors.Is(err, errorGenFailure) || errors.Is(err, errorPathNotFound)
}

// syncDir does nothing: Windows makes a rename durable with the file.
func syncDir(string) {}

// removableRoot is "": the folder dialog lists the drives, USB sticks among them.
func removableRoot() string { return "" }
