package bundle

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"filippo.io/age"
)

// AgeSuffix ends the name of every payload file of an encrypted bundle.
const AgeSuffix = ".age"

// encryptFiles returns files with every content encrypted to recipient with
// age and every name given AgeSuffix. Encryption never replaces the
// signature: the manifest lists the encrypted bytes, and the signature covers
// the manifest.
func encryptFiles(files map[string][]byte, recipient string) (map[string][]byte, error) {
	r, err := age.ParseX25519Recipient(recipient)
	if err != nil {
		return nil, fmt.Errorf("recipient: %w", err)
	}
	out := make(map[string][]byte, len(files))
	for name, content := range files {
		var buf bytes.Buffer
		w, err := age.Encrypt(&buf, r)
		if err != nil {
			return nil, fmt.Errorf("encrypt %s: %w", name, err)
		}
		if _, err := w.Write(content); err != nil {
			return nil, fmt.Errorf("encrypt %s: %w", name, err)
		}
		if err := w.Close(); err != nil {
			return nil, fmt.Errorf("encrypt %s: %w", name, err)
		}
		out[name+AgeSuffix] = buf.Bytes()
	}
	return out, nil
}

// Encrypted reports whether the payload files are encrypted with age.
func (b *Bundle) Encrypted() bool { return b.Manifest.Recipient != "" }

// Paths returns the logical names of the payload files (without AgeSuffix),
// sorted.
func (b *Bundle) Paths() []string {
	out := make([]string, 0, len(b.Manifest.Files))
	for _, f := range b.Manifest.Files {
		out = append(out, strings.TrimSuffix(f.Path, AgeSuffix))
	}
	sort.Strings(out)
	return out
}

// Open returns the plaintext of the payload file with logical name path,
// decrypting it with id when the bundle is encrypted (id may be nil
// otherwise). Like File it requires a successful Verify first. A file that
// does not decrypt with id gives ErrDecrypt.
func (b *Bundle) Open(path string, id age.Identity) ([]byte, error) {
	if !b.Encrypted() {
		return b.File(path)
	}
	ct, err := b.File(path + AgeSuffix)
	if err != nil {
		return nil, err
	}
	if id == nil {
		return nil, newErr(ErrDecrypt, path, "bundle is encrypted and no office key was given")
	}
	r, err := age.Decrypt(bytes.NewReader(ct), id)
	if err != nil {
		return nil, newErr(ErrDecrypt, path, "%v", err)
	}
	pt, err := io.ReadAll(r)
	if err != nil {
		return nil, newErr(ErrDecrypt, path, "%v", err)
	}
	return pt, nil
}
