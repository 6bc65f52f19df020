package store

import (
	"errors"
	"fmt"
	"time"
)

// Errors callers test for with errors.Is. Each has a sentence in both languages in
// assets/translation, under the key that MessageKey returns.
var (
	ErrNotFound           = errors.New("store: not found")
	ErrWrongPassphrase    = errors.New("store: wrong passphrase")
	ErrNoSuchCell         = errors.New("store: no such cell")
	ErrCellExists         = errors.New("store: cell already exists")
	ErrDiskFull           = errors.New("store: disk full")
	ErrDiskIO             = errors.New("store: disk input/output error")
	ErrPassphraseTooShort = errors.New("store: passphrase too short")
)

// Message is an error or a notice that has a sentence in the translation files: Key names the
// sentence and Args fills its {{.Name}} placeholders.
type Message interface {
	MessageKey() (key string, args map[string]any)
}

// messageKeys maps the sentinel errors to their sentences.
var messageKeys = map[error]string{
	ErrNotFound:           "err.not_found",
	ErrWrongPassphrase:    "err.wrong_passphrase",
	ErrNoSuchCell:         "err.no_such_cell",
	ErrCellExists:         "err.cell_exists",
	ErrDiskFull:           "err.disk_full",
	ErrDiskIO:             "err.disk_io",
	ErrPassphraseTooShort: "err.passphrase_short",
}

// MessageOf returns the translation key and arguments for err, and false when err is not one
// the store knows how to explain (the caller logs it and shows a general sentence).
func MessageOf(err error) (string, map[string]any, bool) {
	var m Message
	if errors.As(err, &m) {
		k, a := m.MessageKey()
		return k, a, true
	}
	for e, k := range messageKeys {
		if errors.Is(err, e) {
			return k, nil, true
		}
	}
	return "", nil, false
}

// DamagedError says that a cell's file failed SQLite's integrity check or is not a database at
// all. NewestBackup names the newest backup copy, or is empty when there is none.
type DamagedError struct {
	Path         string
	Detail       string
	NewestBackup string
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("store: %s is damaged: %s", e.Path, e.Detail)
}

// MessageKey implements Message.
func (e *DamagedError) MessageKey() (string, map[string]any) {
	if e.NewestBackup == "" {
		return "err.damaged_no_backup", map[string]any{"Path": e.Path}
	}
	return "err.damaged", map[string]any{"Path": e.Path, "Backup": e.NewestBackup}
}

// TooNewError says the file was written by a newer version of the program.
type TooNewError struct {
	FileVersion, ProgramVersion int
}

func (e *TooNewError) Error() string {
	return fmt.Sprintf("store: file schema %d is newer than this program's %d", e.FileVersion, e.ProgramVersion)
}

// MessageKey implements Message.
func (e *TooNewError) MessageKey() (string, map[string]any) {
	return "err.too_new", nil
}

// WaitError refuses an unlock attempt after repeated wrong passphrases until Wait has passed.
type WaitError struct {
	Wait time.Duration
}

func (e *WaitError) Error() string {
	return fmt.Sprintf("store: too many wrong passphrases, wait %s", e.Wait)
}

// MessageKey implements Message.
func (e *WaitError) MessageKey() (string, map[string]any) {
	secs := int(e.Wait.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	return "err.wait", map[string]any{"Seconds": secs}
}

// FieldError is one refused field: Field is the JSON key of the field (or of the event) and
// Key names the sentence that says what is wrong and what to do.
type FieldError struct {
	Field string
	Key   string
	Args  map[string]any
}

func (e FieldError) Error() string {
	return fmt.Sprintf("%s: %s %v", e.Field, e.Key, e.Args)
}

// MessageKey implements Message.
func (e FieldError) MessageKey() (string, map[string]any) {
	return e.Key, e.Args
}

// ValidationError lists every refused field of one record. Nothing of the record was saved.
type ValidationError struct {
	// Record names the record when several are written together ("3: Giàng A Páo").
	Record string
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	s := "store: invalid record"
	if e.Record != "" {
		s += " " + e.Record
	}
	for _, f := range e.Fields {
		s += "; " + f.Error()
	}
	return s
}

// MessageKey implements Message with the first refused field; callers that show all of them
// range over Fields.
func (e *ValidationError) MessageKey() (string, map[string]any) {
	if len(e.Fields) == 0 {
		return "err.invalid", nil
	}
	return e.Fields[0].MessageKey()
}

// Has reports whether field was refused.
func (e *ValidationError) Has(field string) bool {
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
