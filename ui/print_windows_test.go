package ui

// errFull is what writing to a full disk gives here.
var errFull error = errorDiskFull
