// Package payload defines what a bundle carries and what the office answers: the records file
// inside a bundle (members, events and approved meetings, each with id, version and content
// hash; the chain entries the office has not acknowledged and the chain head; the index of the
// printed PDFs; a key change) and the signed receipt. Both the cell side (export, reading a
// receipt) and the office side (import, writing a receipt) use these types, so the format is
// written down once. docs/bundle-format.md describes the same thing for a reader of the files.
package payload

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
)

// RecordsPath is the logical name of the records file in a bundle's payload.
const RecordsPath = "records.json"

// PDFDir is the folder of the printed documents in a bundle's payload.
const PDFDir = "pdf/"

// Record kinds, as named in Conflict.Kind and in the office's tables.
const (
	KindMember  = "member"
	KindEvent   = "event"
	KindMeeting = "meeting"
)

// Records is the content of records.json.
type Records struct {
	Cell Cell `json:"cell"`
	// Full is true when the bundle carries every record, not only those changed since the
	// office's last receipt.
	Full bool `json:"full"`
	// AckedSeq is the bundle sequence number of the last receipt the cell had read when it
	// made this bundle (0 for none); the records are those changed since.
	AckedSeq uint64 `json:"acked_seq"`
	// Members, Events and Meetings are the records; Data is the store's JSON of the record
	// (store.Member, store.Event, store.Meeting). Only approved meetings travel.
	Members  []Record `json:"members"`
	Events   []Record `json:"events"`
	Meetings []Record `json:"meetings"`
	// Chain holds the cell's chain entries after the head the office last acknowledged, in
	// order; Head is the cell's chain head after them (Seq 0 and Hash "" for an empty chain).
	Chain []ChainEntry `json:"chain"`
	Head  ChainHead    `json:"head"`
	// Documents lists the PDFs under PDFDir.
	Documents []Document `json:"documents"`
	// KeyChange announces the cell's next signing key; this bundle is signed by the old one.
	KeyChange *KeyChange `json:"key_change,omitempty"`
	// Notes are events of the exchange itself the office should keep (a re-enrolment).
	Notes []Note `json:"notes"`
}

// Cell is the cell's profile as the office files it.
type Cell struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	OfficeName  string `json:"office_name"`
	OfficeLevel string `json:"office_level"`
	Place       string `json:"place"`
	Secretary   string `json:"secretary"`
}

// Record is one record with its id, version and content hash. Hash is the hex SHA-256 of
// Data's bytes exactly as they appear in the file (compact JSON). A deleted record (a
// tombstone) still carries its last data.
type Record struct {
	ID      string          `json:"id"`
	Version int             `json:"version"`
	Hash    string          `json:"hash"`
	Deleted bool            `json:"deleted"`
	Data    json.RawMessage `json:"data"`
}

// ChainEntry is one entry of a cell's chain of approved records (store.ChainEntry).
type ChainEntry struct {
	Seq        int    `json:"seq"`
	RecordType string `json:"record_type"`
	RecordID   string `json:"record_id"`
	RecordHash string `json:"record_hash"`
	PrevHash   string `json:"prev_hash"`
	EntryHash  string `json:"entry_hash"`
	At         string `json:"at"`
}

// ChainHead names the last entry of a chain.
type ChainHead struct {
	Seq  int    `json:"seq"`
	Hash string `json:"hash"`
}

// Document is one printed PDF in the bundle.
type Document struct {
	Path      string `json:"path"`       // under PDFDir
	MeetingID string `json:"meeting_id"` // "" for documents not tied to a meeting (the roster book)
	Kind      string `json:"kind"`       // "minutes", "resolution", "attendance", "roster"
	Title     string `json:"title"`      // as printed, e.g. "Biên bản sinh hoạt chi bộ tháng 11/2026"
}

// KeyChange announces a new cell signing key.
type KeyChange struct {
	NewKey string `json:"new_key"` // minisign public key, the base64 line
	At     string `json:"at"`      // RFC 3339
	Reason string `json:"reason"`
}

// Note is a dated remark about the exchange.
type Note struct {
	At   string `json:"at"`
	Text string `json:"text"`
}

// Marshal returns compact JSON without HTML escaping, the form every hashed byte string in the
// payload takes.
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Hash returns the lowercase hex SHA-256 of b.
func Hash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// NewRecord makes a record of v (marshalled with Marshal) with its hash.
func NewRecord(id string, version int, deleted bool, v any) (Record, error) {
	data, err := Marshal(v)
	if err != nil {
		return Record{}, fmt.Errorf("payload: record %s: %w", id, err)
	}
	return Record{ID: id, Version: version, Hash: Hash(data), Deleted: deleted, Data: data}, nil
}

// Encode returns the bytes of records.json: Marshal plus a newline.
func (r *Records) Encode() ([]byte, error) {
	b, err := Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("payload: encode records: %w", err)
	}
	return append(b, '\n'), nil
}

var (
	hexRE  = regexp.MustCompile(`^[0-9a-f]{64}$`)
	idRE   = regexp.MustCompile(`^[0-9A-Za-z_-]{1,64}$`)
	pathRE = regexp.MustCompile(`^pdf/[A-Za-z0-9._-]{1,120}\.pdf$`)
)

// Decode parses records.json strictly (unknown fields refused) and checks it with Check.
func Decode(b []byte) (*Records, error) {
	var r Records
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("records.json is not valid: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("records.json has data after its end")
	}
	if err := r.Check(); err != nil {
		return nil, err
	}
	return &r, nil
}

// Check verifies what can be verified inside the file alone: every record's hash matches its
// data, ids are well formed and unique per kind, versions are positive, each meeting's data
// has the record hash its canonical bytes give, the chain entries follow each other with
// correct hashes and end at Head, and every chain entry of a meeting carried here names that
// meeting's record hash. It does not know what the office holds; the office checks that the
// chain extends its head.
func (r *Records) Check() error {
	_, err := r.check(true)
	return err
}
