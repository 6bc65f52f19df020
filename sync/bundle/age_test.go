package bundle

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

func encryptedBundle(t *testing.T) (*age.X25519Identity, []byte) {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	m := testManifest()
	m.Recipient = id.Recipient().String()
	return id, writeBundle(t, m, testFiles(), testKey(t, 1))
}

// TestEncryptedRoundTrip: the office's identity opens every file; another
// office's cannot; the names in the zip carry .age and nothing of the records.
func TestEncryptedRoundTrip(t *testing.T) {
	id, data := encryptedBundle(t)
	b, err := check(data, testKey(t, 1).Public)
	if err != nil {
		t.Fatalf("encrypted bundle refused: %v", err)
	}
	if !b.Encrypted() {
		t.Fatal("Encrypted() = false")
	}
	for name, want := range testFiles() {
		got, err := b.Open(name, id)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("Open(%s) = %q, %v", name, got, err)
		}
	}
	if bytes.Contains(data, []byte("Nguyễn")) {
		t.Error("a member's name is readable in the encrypted bundle")
	}
	other, _ := age.GenerateX25519Identity()
	if _, err := b.Open("records/member-0001.json", other); !errors.Is(err, ErrDecrypt) {
		t.Errorf("other office's key: %v, want ErrDecrypt", err)
	}
	if got := strings.Join(b.Paths(), ","); got != "pdf/minutes-2026-11.pdf,records/event-0002.json,records/member-0001.json" {
		t.Errorf("Paths() = %s", got)
	}
}

// TestMixedEncryptionRefused: a manifest that names a recipient but lists a
// clear file (or the reverse) is refused before any signature check.
func TestMixedEncryptionRefused(t *testing.T) {
	m := testManifest()
	m.Files = []File{{Path: "records.json", Size: 1, SHA256: strings.Repeat("0", 64)}}
	id, _ := age.GenerateX25519Identity()
	m.Recipient = id.Recipient().String()
	if err := checkManifest(m); err == nil {
		t.Error("recipient with a clear file accepted")
	}
	m.Recipient = ""
	m.Files[0].Path = "records.json.age"
	if err := checkManifest(m); err == nil {
		t.Error(".age file without recipient accepted")
	}
}

// TestStockAge checks that the Debian age binary decrypts a payload file with
// the office's identity file.
func TestStockAge(t *testing.T) {
	bin, err := exec.LookPath("age")
	if err != nil {
		t.Skip("age binary not installed")
	}
	id, data := encryptedBundle(t)
	names, contents := entries(t, data)
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "office.key")
	if err := os.WriteFile(keyFile, []byte(id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	i := index(names, "records/member-0001.json.age")
	if i < 0 {
		t.Fatalf("no encrypted member file in %v", names)
	}
	in := filepath.Join(dir, "m.age")
	if err := os.WriteFile(in, contents[i], 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-d", "-i", keyFile, in).Output()
	if err != nil {
		t.Fatalf("age -d: %v", err)
	}
	if want := testFiles()["records/member-0001.json"]; !bytes.Equal(out, want) {
		t.Errorf("age -d gave %q, want %q", out, want)
	}
}
