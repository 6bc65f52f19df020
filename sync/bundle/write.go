package bundle

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"aead.dev/minisign"
)

// Fixed header values of every entry. A reader requires exactly these, so
// no byte of the container is left unchecked.
const (
	entryDate          = 1<<5 | 1 // MS-DOS date 1980-01-01
	entryTime          = 0        // MS-DOS time 00:00:00
	entryMode          = 0o644
	flagDataDescriptor = 0x8
	// flagUTF8 is set by archive/zip for some names (with a backslash); such
	// names are then refused by checkPath, not as a layout error.
	flagUTF8 = 0x800
)

// entryHeader returns the one header this format uses for an entry.
func entryHeader(name string) *zip.FileHeader {
	h := &zip.FileHeader{Name: name, Method: zip.Deflate, ModifiedDate: entryDate, ModifiedTime: entryTime}
	h.SetMode(entryMode)
	return h
}

// Write writes a signed bundle to w. m gives the cell, sequence number,
// previous hash, schema version and creation time; Write sets the format
// version and computes Files from files (path → content) itself. When
// m.Recipient names an age X25519 recipient, every file is encrypted to it
// first (see AgeSuffix); the output is then no longer deterministic. The output
// depends only on its inputs: entries are sorted and carry fixed times, and
// Ed25519 signatures are deterministic.
func Write(w io.Writer, m Manifest, files map[string][]byte, priv minisign.PrivateKey) error {
	m.FormatVersion = FormatVersion
	m.Created = m.Created.UTC().Truncate(time.Second)
	if m.Recipient != "" {
		enc, err := encryptFiles(files, m.Recipient)
		if err != nil {
			return fmt.Errorf("bundle: write: %w", err)
		}
		files = enc
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	m.Files = make([]File, 0, len(paths))
	for _, p := range paths {
		m.Files = append(m.Files, File{Path: p, Size: int64(len(files[p])), SHA256: hashHex(files[p])})
	}
	if err := checkManifest(m); err != nil {
		return fmt.Errorf("bundle: write: %w", &Error{Err: ErrManifest, Detail: err.Error()})
	}
	mb, err := encodeManifest(m)
	if err != nil {
		return fmt.Errorf("bundle: write: encode manifest: %w", err)
	}
	sig, err := sign(mb, m, priv)
	if err != nil {
		return fmt.Errorf("bundle: write: %w", err)
	}

	zw := zip.NewWriter(w)
	put := func(name string, b []byte) error {
		ew, err := zw.CreateHeader(entryHeader(name))
		if err != nil {
			return err
		}
		_, err = ew.Write(b)
		return err
	}
	if err := put(ManifestName, mb); err != nil {
		return fmt.Errorf("bundle: write %s: %w", ManifestName, err)
	}
	if err := put(SignatureName, sig); err != nil {
		return fmt.Errorf("bundle: write %s: %w", SignatureName, err)
	}
	for _, p := range paths {
		if err := put(p, files[p]); err != nil {
			return fmt.Errorf("bundle: write %s: %w", p, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("bundle: write: %w", err)
	}
	return nil
}

// sign returns the minisign signature of the manifest bytes in the prehashed
// "ED" form (the Reader API hashes with BLAKE2b-512 before signing).
func sign(mb []byte, m Manifest, priv minisign.PrivateKey) ([]byte, error) {
	r := minisign.NewReader(bytes.NewReader(mb))
	if _, err := io.Copy(io.Discard, r); err != nil {
		return nil, fmt.Errorf("hash manifest: %w", err)
	}
	untrusted := "chibo bundle " + m.Cell + " " + strconv.FormatUint(m.Seq, 10) +
		", key " + strings.ToUpper(strconv.FormatUint(priv.ID(), 16))
	return r.SignWithComments(priv, trustedComment(m, hashHex(mb)), untrusted), nil
}
