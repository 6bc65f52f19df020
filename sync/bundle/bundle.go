// Package bundle defines the signed USB bundle file format that carries a
// cell's records to the receiving office: how a bundle is written, read and
// verified. It knows nothing of the database; deciding what goes into a
// bundle and applying an import belong elsewhere.
//
// A bundle is one zip file named by [FileName]. It holds manifest.json (the
// canonical JSON [Manifest] listing every payload file with its size and
// SHA-256), manifest.json.minisig (a minisign signature of the manifest bytes
// in the prehashed "ED" form, so the stock `minisign -V` verifies it) and the
// payload files. The zip container itself is strict: fixed entry headers, no
// extra fields, comments or gaps, so that any changed byte is refused.
package bundle

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// FormatVersion is the bundle format version this package writes. Readers
// accept every version listed in supportedFormats.
const FormatVersion = 1

// Extension is the file name extension of a bundle, without the dot.
const Extension = "chibo-bundle"

// Names of the two entries every bundle holds besides its payload.
const (
	ManifestName  = "manifest.json"
	SignatureName = "manifest.json.minisig"
)

// Reasons a bundle is refused. Every error returned by Read, Verify and Write
// wraps exactly one of these, so callers can choose a precise sentence with
// errors.Is; errors.As with *Error yields the entry path where there is one.
var (
	// ErrCorrupt: the zip container is truncated, malformed or not in the
	// strict layout this format requires, or an entry fails its CRC.
	ErrCorrupt = errors.New("bundle is damaged or not a bundle")
	// ErrBadPath: an entry name is absolute, contains "..", a backslash or
	// other characters outside the allowed set, or appears twice.
	ErrBadPath = errors.New("bundle has an unsafe or duplicate file name")
	// ErrTooLarge: the bundle, an entry, the total or the compression ratio
	// exceeds the reader's Limits (for example a zip bomb).
	ErrTooLarge = errors.New("bundle is too large")
	// ErrManifest: manifest.json is missing, not canonical JSON, or invalid.
	ErrManifest = errors.New("bundle manifest is missing or invalid")
	// ErrVersion: the manifest names a format version this program cannot read.
	ErrVersion = errors.New("bundle format version is not supported")
	// ErrSignature: the signature is missing, malformed, not in the prehashed
	// form, does not verify, or its trusted comment does not match the manifest.
	ErrSignature = errors.New("bundle signature is missing or invalid")
	// ErrWrongKey: the signature names a key other than the trusted one.
	ErrWrongKey = errors.New("bundle is signed by another key")
	// ErrFileMissing: a file listed in the manifest is not in the bundle.
	ErrFileMissing = errors.New("bundle file listed in the manifest is missing")
	// ErrFileExtra: the bundle holds a file the manifest does not list.
	ErrFileExtra = errors.New("bundle holds a file not listed in the manifest")
	// ErrFileHash: a file's size or SHA-256 differs from the manifest.
	ErrFileHash = errors.New("bundle file does not match its hash")
	// ErrDecrypt: an encrypted payload file does not decrypt with the
	// office's key (encrypted to another office, or damaged).
	ErrDecrypt = errors.New("bundle payload does not decrypt with this office's key")
	// ErrNotVerified: payload was requested before Verify succeeded.
	ErrNotVerified = errors.New("bundle is not verified")
)

// Error is the error type returned by this package. Err is one of the
// sentinel errors above; Path names the entry concerned, if any.
type Error struct {
	Err    error
	Path   string
	Detail string
}

// Error formats the reason, the entry and the detail in one line.
func (e *Error) Error() string {
	s := "bundle: " + e.Err.Error()
	if e.Path != "" {
		s += fmt.Sprintf(" (%q)", e.Path)
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the sentinel reason so errors.Is works.
func (e *Error) Unwrap() error { return e.Err }

func newErr(reason error, path, format string, args ...any) error {
	return &Error{Err: reason, Path: path, Detail: fmt.Sprintf(format, args...)}
}

// FileName returns the bundle file name for a cell and sequence number,
// e.g. "HN01-000042.chibo-bundle".
func FileName(cell string, seq uint64) string {
	return fmt.Sprintf("%s-%06d.%s", cell, seq, Extension)
}

var (
	cellRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)
	pathRE = regexp.MustCompile(`^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$`)
	hexRE  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// maxPathLen bounds entry names; our own names are far shorter.
const maxPathLen = 255

// checkPath reports why name is not a safe entry name, or "" if it is. Only
// ASCII letters, digits, '.', '_', '-' and '/' as separator are allowed, so no
// absolute path, backslash, drive letter, control or look-alike character can
// pass; "." and ".." components are refused separately.
func checkPath(name string) string {
	switch {
	case name == "":
		return "empty name"
	case len(name) > maxPathLen:
		return "name too long"
	case strings.HasPrefix(name, "/"):
		return "absolute path"
	case strings.Contains(name, `\`):
		return "backslash in name"
	case strings.HasSuffix(name, "/"):
		return "directory entry"
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return `".." in path`
		}
		if part == "." || part == "" {
			return "empty or \".\" path component"
		}
	}
	if !pathRE.MatchString(name) {
		return "character outside A-Z a-z 0-9 . _ - /"
	}
	return ""
}
