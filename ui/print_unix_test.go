//go:build !windows

package ui

import "syscall"

// errFull is what writing to a full disk gives here.
var errFull error = syscall.ENOSPC
