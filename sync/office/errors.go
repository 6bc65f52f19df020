package office

import (
	"errors"
	"fmt"

	"chibo/sync/bundle"
)

// Reason names why a bundle was refused. Each has its own sentence in both languages under
// "office.refused.<reason>"; RefusedError.MessageKey gives the key and its arguments.
type Reason string

// The reasons, in the order the checks run.
const (
	ReasonUnreadable   Reason = "unreadable"    // the file cannot be read (Args: File)
	ReasonTooLarge     Reason = "too_large"     // too large, or a zip bomb
	ReasonDamaged      Reason = "damaged"       // the zip container is damaged or truncated
	ReasonBadPath      Reason = "bad_path"      // an entry named with "..", an absolute path … (Path)
	ReasonManifest     Reason = "manifest"      // the manifest is missing or invalid
	ReasonVersion      Reason = "version"       // a format version this program cannot read
	ReasonSchema       Reason = "schema"        // records of a newer schema than this program's (Version)
	ReasonUnknownCell  Reason = "unknown_cell"  // the cell named in the manifest is not enrolled (Cell)
	ReasonWrongKey     Reason = "wrong_key"     // signed by a key not enrolled for the cell (Cell, KeyID)
	ReasonSignature    Reason = "signature"     // the signature does not verify
	ReasonFileMissing  Reason = "file_missing"  // a listed file is missing (Path)
	ReasonFileExtra    Reason = "file_extra"    // a file not listed was added (Path)
	ReasonFileHash     Reason = "file_hash"     // a file differs from its hash (Path)
	ReasonFileName     Reason = "file_name"     // renamed: the file name names another cell or number (File, Want)
	ReasonDecrypt      Reason = "decrypt"       // encrypted to another office, or damaged
	ReasonRecords      Reason = "records"       // records.json is invalid (Detail)
	ReasonCellMismatch Reason = "cell_mismatch" // records.json is of another cell than the manifest (Cell, Other)
	ReasonDocuments    Reason = "documents"     // the PDFs do not match their list (Path)
	ReasonKeyChange    Reason = "key_change"    // the announced next key is not a key
	ReasonReplay       Reason = "replay"        // an older bundle (Seq, Last)
	ReasonFork         Reason = "fork"          // another bundle with a number already accepted (Seq)
	ReasonGap          Reason = "gap"           // numbers are missing before this one (Seq, Missing)
	ReasonPrevious     Reason = "previous"      // it names a previous bundle the office does not hold (Seq, Last)
	ReasonRewritten    Reason = "rewritten"     // approved records changed after approval (Entry)
)

// RefusedError says why a bundle was refused. Nothing of the bundle was stored.
type RefusedError struct {
	Reason Reason
	File   string         // the bundle file
	Args   map[string]any // fills the sentence's placeholders
	Err    error          // the underlying error, if any (a *bundle.Error, say)
}

func (e *RefusedError) Error() string {
	s := fmt.Sprintf("office: bundle %s refused: %s", e.File, e.Reason)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	if d, ok := e.Args["Detail"]; ok && e.Err == nil {
		s += fmt.Sprintf(": %v", d)
	}
	return s
}

// Unwrap returns the underlying error, so errors.Is(err, bundle.ErrFileHash) works.
func (e *RefusedError) Unwrap() error { return e.Err }

// MessageKey implements store.Message: "office.refused.<reason>", with the file's base name
// as File among the arguments.
func (e *RefusedError) MessageKey() (string, map[string]any) {
	args := map[string]any{"File": baseName(e.File)}
	for k, v := range e.Args {
		args[k] = v
	}
	return "office.refused." + string(e.Reason), args
}

// ReasonOf returns the reason of a refusal, or "" when err is not one.
func ReasonOf(err error) Reason {
	var r *RefusedError
	if errors.As(err, &r) {
		return r.Reason
	}
	return ""
}

func refuse(file string, reason Reason, args map[string]any, err error) *RefusedError {
	return &RefusedError{Reason: reason, File: file, Args: args, Err: err}
}

// fromBundle turns an error of package bundle into a refusal with its own reason.
func fromBundle(file string, err error) *RefusedError {
	var be *bundle.Error
	path := ""
	if errors.As(err, &be) {
		path = be.Path
	}
	args := map[string]any{"Path": path}
	for _, m := range []struct {
		sentinel error
		reason   Reason
	}{
		{bundle.ErrCorrupt, ReasonDamaged},
		{bundle.ErrBadPath, ReasonBadPath},
		{bundle.ErrTooLarge, ReasonTooLarge},
		{bundle.ErrManifest, ReasonManifest},
		{bundle.ErrVersion, ReasonVersion},
		{bundle.ErrWrongKey, ReasonWrongKey},
		{bundle.ErrSignature, ReasonSignature},
		{bundle.ErrFileMissing, ReasonFileMissing},
		{bundle.ErrFileExtra, ReasonFileExtra},
		{bundle.ErrFileHash, ReasonFileHash},
		{bundle.ErrDecrypt, ReasonDecrypt},
	} {
		if errors.Is(err, m.sentinel) {
			return refuse(file, m.reason, args, err)
		}
	}
	return refuse(file, ReasonDamaged, args, err)
}

// ReceiptError says that a bundle was imported (or had been) but its receipt could not be
// written beside it: the stick is read-only, full or gone. The import stands; importing the
// same bundle again writes the receipt (status already_imported).
type ReceiptError struct {
	Path string // where the receipt should have gone
	Err  error
}

func (e *ReceiptError) Error() string {
	return fmt.Sprintf("office: write receipt %s: %v", e.Path, e.Err)
}

// Unwrap returns the cause.
func (e *ReceiptError) Unwrap() error { return e.Err }

// MessageKey implements store.Message.
func (e *ReceiptError) MessageKey() (string, map[string]any) {
	key := "office.receipt_failed"
	if isNoSpace(e.Err) {
		key = "office.receipt_full"
	}
	return key, map[string]any{"Path": e.Path, "File": baseName(e.Path)}
}

// EnrollError refuses an enrolment.
type EnrollError struct {
	Key  string // "office.enroll.<why>"
	Args map[string]any
}

func (e *EnrollError) Error() string {
	return fmt.Sprintf("office: enrol refused: %s %v", e.Key, e.Args)
}

// MessageKey implements store.Message.
func (e *EnrollError) MessageKey() (string, map[string]any) { return e.Key, e.Args }
