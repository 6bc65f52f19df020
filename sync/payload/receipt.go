package payload

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"aead.dev/minisign"
)

// ReceiptExtension is the file name extension of a receipt, without the dot.
const ReceiptExtension = "chibo-receipt"

// OfficeCardExtension is the extension of the file an office gives its cells at enrolment:
// its code, name and public keys (see OfficeCard).
const OfficeCardExtension = "chibo-office"

// ReceiptFormatVersion is the receipt format this program writes.
const ReceiptFormatVersion = 1

// ReceiptName returns the receipt's file name: the bundle's stem with ReceiptExtension.
func ReceiptName(cell string, seq uint64) string {
	return fmt.Sprintf("%s-%06d.%s", cell, seq, ReceiptExtension)
}

// Receipt statuses.
const (
	ReceiptImported        = "imported"         // the bundle was imported now
	ReceiptAlreadyImported = "already_imported" // the same bundle had been imported before
)

// Receipt is what the office signs after importing a bundle.
type Receipt struct {
	FormatVersion int    `json:"format_version"`
	Office        string `json:"office"`      // office code
	OfficeName    string `json:"office_name"` // "Đảng ủy xã Mường Khương"
	// SigningKey is the office's minisign public key (base64 line) that signs this receipt;
	// Recipient its age X25519 recipient, so a cell learns where to encrypt the next bundle.
	SigningKey   string    `json:"signing_key"`
	Recipient    string    `json:"recipient"`
	Cell         string    `json:"cell"`
	Seq          uint64    `json:"seq"`
	ManifestHash string    `json:"manifest_hash"`
	Status       string    `json:"status"`
	ChainHead    ChainHead `json:"chain_head"` // the cell's chain head the office now holds
	Counts       Counts    `json:"counts"`
	// Conflicts are records kept aside for a person: same id and version as one the office
	// holds, other content.
	Conflicts []Conflict `json:"conflicts"`
	Issued    time.Time  `json:"issued"` // UTC, whole seconds
}

// Counts says how many records of a bundle were stored, were already there, or kept aside.
type Counts struct {
	Members   int `json:"members"`
	Events    int `json:"events"`
	Meetings  int `json:"meetings"`
	Documents int `json:"documents"`
	Unchanged int `json:"unchanged"`
	Conflicts int `json:"conflicts"`
}

// Conflict is one record kept aside.
type Conflict struct {
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Version int    `json:"version"`
	Reason  string `json:"reason"`
}

// OfficeCard is the office's public identity as given to its cells.
type OfficeCard struct {
	Office     string `json:"office"`
	OfficeName string `json:"office_name"`
	SigningKey string `json:"signing_key"`
	Recipient  string `json:"recipient"`
}

// receiptComment binds a receipt signature to the office, the cell, the bundle and the
// receipt's own bytes.
func receiptComment(r *Receipt, body []byte) string {
	return fmt.Sprintf("chibo receipt office=%s cell=%s seq=%d receipt=%s", r.Office, r.Cell, r.Seq, Hash(body))
}

// EncodeReceipt returns the receipt file: the receipt as one line of compact JSON, then a
// minisign signature of that line (its bytes including the newline) in the prehashed form.
// Splitting the file after its first line gives a file and a .minisig that the stock
// `minisign -V` verifies.
func EncodeReceipt(r Receipt, priv minisign.PrivateKey) ([]byte, error) {
	r.FormatVersion = ReceiptFormatVersion
	r.Issued = r.Issued.UTC().Truncate(time.Second)
	if r.Conflicts == nil {
		r.Conflicts = []Conflict{}
	}
	line, err := Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("payload: encode receipt: %w", err)
	}
	line = append(line, '\n')
	mr := minisign.NewReader(bytes.NewReader(line))
	if _, err := io.Copy(io.Discard, mr); err != nil {
		return nil, err
	}
	sig := mr.SignWithComments(priv, receiptComment(&r, line), "chibo receipt "+r.Cell+" "+fmt.Sprint(r.Seq))
	return append(line, sig...), nil
}

// Reasons a receipt is refused.
var (
	ErrReceiptMalformed = errors.New("receipt is damaged or not a receipt")
	ErrReceiptSignature = errors.New("receipt signature does not verify")
)

// ParseReceipt splits and parses a receipt file without checking its signature: the result
// names the key to check it with. Use VerifyReceipt before trusting anything in it.
func ParseReceipt(b []byte) (Receipt, []byte, []byte, error) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 || len(b) > 1<<20 {
		return Receipt{}, nil, nil, ErrReceiptMalformed
	}
	line, sig := b[:i+1], b[i+1:]
	var r Receipt
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return Receipt{}, nil, nil, fmt.Errorf("%w: %v", ErrReceiptMalformed, err)
	}
	again, err := Marshal(r)
	if err != nil || !bytes.Equal(append(again, '\n'), line) || r.FormatVersion != ReceiptFormatVersion {
		return Receipt{}, nil, nil, fmt.Errorf("%w: not in canonical form", ErrReceiptMalformed)
	}
	return r, line, sig, nil
}

// VerifyReceipt parses a receipt file and checks its signature against pub, which the caller
// has pinned for the office (or, the first time, takes from r.SigningKey and shows its
// fingerprint). The key in the receipt must be pub.
func VerifyReceipt(b []byte, pub minisign.PublicKey) (Receipt, error) {
	r, line, sig, err := ParseReceipt(b)
	if err != nil {
		return Receipt{}, err
	}
	if strings.TrimSpace(r.SigningKey) != pub.String() {
		return Receipt{}, fmt.Errorf("%w: signed by another office key", ErrReceiptSignature)
	}
	var s minisign.Signature
	if err := s.UnmarshalText(sig); err != nil || s.Algorithm != minisign.HashEdDSA {
		return Receipt{}, fmt.Errorf("%w: malformed signature", ErrReceiptSignature)
	}
	mr := minisign.NewReader(bytes.NewReader(line))
	if _, err := io.Copy(io.Discard, mr); err != nil {
		return Receipt{}, err
	}
	if !mr.Verify(pub, sig) || s.TrustedComment != receiptComment(&r, line) {
		return Receipt{}, ErrReceiptSignature
	}
	return r, nil
}

// ParseSigningKey reads a minisign public key from its base64 line or its two-line file form.
func ParseSigningKey(s string) (minisign.PublicKey, error) {
	var pub minisign.PublicKey
	s = strings.TrimSpace(s)
	if lines := strings.Split(s, "\n"); len(lines) == 2 {
		s = strings.TrimSpace(lines[1])
	}
	if err := pub.UnmarshalText([]byte(s)); err != nil {
		return minisign.PublicKey{}, err
	}
	return pub, nil
}
