// Package cellsync is the cell's side of the exchange with the office above it: it decides
// what a bundle carries (the records changed since the office's last receipt, the new chain
// entries, the printed PDFs, a key change, notes), writes the bundle safely onto a folder or
// USB stick, reads the office's receipts back, and pins the office's keys. It speaks to the
// database only through package store, and to the file format only through sync/bundle and
// sync/payload. It has no network code: bundles travel on sticks.
//
// Every refusal is an *Error whose sentence, in the user's language, i18n.Error gives; its
// reason is one of the Err… values below, for errors.Is.
package cellsync

import (
	"errors"
	"fmt"
)

// Reasons for a refusal. An *Error wraps exactly one of them.
var (
	// ErrTampered: the cell's approved records or chain were changed behind the program.
	ErrTampered = errors.New("approved records were changed after approval")
	// ErrDirMissing: the folder to write into does not exist (a stick not plugged in).
	ErrDirMissing = errors.New("folder does not exist")
	// ErrNotWritable: the folder is read-only or not ours to write.
	ErrNotWritable = errors.New("folder is not writable")
	// ErrDiskFull: the stick or disk is full.
	ErrDiskFull = errors.New("no space left")
	// ErrWriteFailed: writing failed midway (stick pulled out, failing stick).
	ErrWriteFailed = errors.New("writing the bundle failed")
	// ErrReadBack: the bundle read back from the stick differs from what was written.
	ErrReadBack = errors.New("the bundle read back does not match")
	// ErrExists: a file with the bundle's final name is already there.
	ErrExists = errors.New("a bundle with that name exists")
	// ErrBehind: the file with the bundle's final name is a bundle this cell wrote with that
	// number: the cell's data forgot it (a restored backup) and its numbering is behind.
	// Reading the office's receipt for that bundle or a later one fixes it (BehindReceipt).
	ErrBehind = errors.New("the cell's bundle numbering is behind the bundles it wrote")

	// ErrReadFile: the receipt or card file cannot be read at all.
	ErrReadFile = errors.New("file cannot be read")
	// ErrReceiptDamaged: not a receipt, or damaged.
	ErrReceiptDamaged = errors.New("receipt is damaged")
	// ErrReceiptForged: the signature does not verify.
	ErrReceiptForged = errors.New("receipt signature does not verify")
	// ErrReceiptOtherOffice: signed by a key other than the pinned office's.
	ErrReceiptOtherOffice = errors.New("receipt is signed by another office")
	// ErrReceiptOtherCell: the receipt is for another cell.
	ErrReceiptOtherCell = errors.New("receipt is for another cell")
	// ErrReceiptUnknownBundle: it names a bundle this cell never exported (in its current
	// numbering).
	ErrReceiptUnknownBundle = errors.New("receipt names a bundle this cell did not export")
	// ErrReceiptOld: older than a receipt already read.
	ErrReceiptOld = errors.New("receipt is older than one already read")
	// ErrReceiptHead: the chain head it acknowledges is not in this cell's chain.
	ErrReceiptHead = errors.New("receipt names a chain head this cell does not have")

	// ErrCardDamaged: the office card is not valid.
	ErrCardDamaged = errors.New("office card is damaged")
	// ErrOtherOffice: another office is pinned already.
	ErrOtherOffice = errors.New("another office is pinned")
)

// Error is a refusal with its sentence: Key names it in assets/translation/sync.*.json and
// Args fills it. It implements store.Message, so i18n.Error(lang, err) returns the sentence.
type Error struct {
	Reason error // one of the Err… values
	Key    string
	Args   map[string]any
	Err    error // the underlying cause, if any, for logs
}

func (e *Error) Error() string {
	s := "cellsync: " + e.Reason.Error()
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap gives the reason and the cause, so errors.Is works with both.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Reason}
	}
	return []error{e.Reason, e.Err}
}

// MessageKey implements store.Message.
func (e *Error) MessageKey() (string, map[string]any) { return e.Key, e.Args }

func refuse(reason error, key string, args map[string]any, cause error) *Error {
	return &Error{Reason: reason, Key: key, Args: args, Err: cause}
}

// wrapf is for failures that are not refusals (the database, a bug): they keep their cause,
// which i18n.Error explains when it is one the store knows.
func wrapf(err error, format string, args ...any) error {
	return fmt.Errorf("cellsync: "+format+": %w", append(args, err)...)
}
