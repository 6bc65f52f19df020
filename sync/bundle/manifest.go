package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"filippo.io/age"
)

// Manifest is the signed table of contents of a bundle. Its canonical bytes
// are the output of encodeManifest; a reader refuses any other spelling.
type Manifest struct {
	// FormatVersion is the bundle format version; Write sets FormatVersion.
	FormatVersion int `json:"format_version"`
	// SchemaVersion is the cell database schema version the records follow.
	SchemaVersion int `json:"schema_version"`
	// Cell is the cell code: 1 to 32 ASCII letters, digits, '_' or '-'.
	Cell string `json:"cell"`
	// Seq numbers a cell's bundles 1, 2, 3 …
	Seq uint64 `json:"seq"`
	// PrevHash is the hex SHA-256 of the previous bundle's manifest bytes,
	// "" for the first bundle.
	PrevHash string `json:"prev_hash"`
	// Created is when the bundle was made, in UTC with whole seconds.
	Created time.Time `json:"created"`
	// Recipient is the office's age X25519 recipient ("age1…") the payload
	// files are encrypted to, or "" when they travel in the clear. When set,
	// every payload file is an age file named "<logical name>.age"; the
	// sizes and hashes below are those of the encrypted bytes.
	Recipient string `json:"recipient"`
	// Files lists every payload file, sorted by path. Write fills it.
	Files []File `json:"files"`
}

// File describes one payload file of a bundle.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`   // bytes
	SHA256 string `json:"sha256"` // lowercase hex
}

// encodeManifest returns the canonical bytes: encoding/json of the struct in
// field order, no indentation, one trailing newline.
func encodeManifest(m Manifest) ([]byte, error) {
	if m.Files == nil {
		m.Files = []File{}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// hashHex returns the lowercase hex SHA-256 of b.
func hashHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// decodeManifest parses b and checks that it is canonical and valid.
func decodeManifest(b []byte) (Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Manifest{}, newErr(ErrManifest, ManifestName, "not valid JSON: %v", err)
	}
	if m.FormatVersion != FormatVersion {
		return Manifest{}, newErr(ErrVersion, ManifestName, "format version %d, this program reads %d", m.FormatVersion, FormatVersion)
	}
	again, err := encodeManifest(m)
	if err != nil || !bytes.Equal(again, b) {
		return Manifest{}, newErr(ErrManifest, ManifestName, "not in canonical form")
	}
	if err := checkManifest(m); err != nil {
		return Manifest{}, newErr(ErrManifest, ManifestName, "%v", err)
	}
	return m, nil
}

// checkManifest validates every field except FormatVersion.
func checkManifest(m Manifest) error {
	switch {
	case !cellRE.MatchString(m.Cell):
		return fmt.Errorf("cell code %q is not 1-32 letters, digits, _ or -", m.Cell)
	case m.Seq == 0:
		return fmt.Errorf("sequence number is 0")
	case m.Seq == 1 && m.PrevHash != "":
		return fmt.Errorf("first bundle names a previous hash")
	case m.Seq > 1 && !hexRE.MatchString(m.PrevHash):
		return fmt.Errorf("previous hash %q is not 64 lowercase hex digits", m.PrevHash)
	case m.SchemaVersion < 0:
		return fmt.Errorf("negative schema version")
	case m.Created.IsZero() || m.Created.Location() != time.UTC || m.Created.Nanosecond() != 0:
		return fmt.Errorf("created time %v is not UTC whole seconds", m.Created)
	}
	if m.Recipient != "" {
		if _, err := age.ParseX25519Recipient(m.Recipient); err != nil {
			return fmt.Errorf("recipient %q is not an age X25519 public key", m.Recipient)
		}
	}
	for i, f := range m.Files {
		if (m.Recipient != "") != strings.HasSuffix(f.Path, AgeSuffix) {
			return fmt.Errorf("file %q: encrypted files, and only they, end in %s", f.Path, AgeSuffix)
		}
		if why := checkPath(f.Path); why != "" {
			return fmt.Errorf("file %q: %s", f.Path, why)
		}
		if f.Path == ManifestName || f.Path == SignatureName {
			return fmt.Errorf("file %q: reserved name", f.Path)
		}
		if i > 0 && m.Files[i-1].Path >= f.Path {
			return fmt.Errorf("files not sorted or duplicate at %q", f.Path)
		}
		if f.Size < 0 || !hexRE.MatchString(f.SHA256) {
			return fmt.Errorf("file %q: bad size or sha256", f.Path)
		}
	}
	return nil
}

// trustedComment is the minisign trusted comment binding the signature to
// the manifest's cell, sequence number and hash.
func trustedComment(m Manifest, manifestHash string) string {
	return fmt.Sprintf("chibo cell=%s seq=%d manifest=%s", m.Cell, m.Seq, manifestHash)
}
