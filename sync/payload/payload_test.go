package payload

import (
	"bytes"
	"crypto/rand"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"aead.dev/minisign"
)

func testReceipt(pub minisign.PublicKey) Receipt {
	return Receipt{Office: "XMK", OfficeName: "Đảng ủy xã Mường Khương", SigningKey: pub.String(),
		Cell: "LUNGVAI", Seq: 3, ManifestHash: Hash([]byte("m")), Status: ReceiptImported,
		ChainHead: ChainHead{Seq: 2, Hash: Hash([]byte("h"))}, Counts: Counts{Members: 2},
		Issued: time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)}
}

func TestReceiptRoundTrip(t *testing.T) {
	pub, priv, _ := minisign.GenerateKey(rand.Reader)
	b, err := EncodeReceipt(testReceipt(pub), priv)
	if err != nil {
		t.Fatal(err)
	}
	r, err := VerifyReceipt(b, pub)
	if err != nil || r.Cell != "LUNGVAI" || r.Seq != 3 || r.OfficeName != "Đảng ủy xã Mường Khương" {
		t.Fatalf("VerifyReceipt = %+v, %v", r, err)
	}
	other, _, _ := minisign.GenerateKey(rand.Reader)
	if _, err := VerifyReceipt(b, other); !errors.Is(err, ErrReceiptSignature) {
		t.Errorf("other key: %v", err)
	}
	// Any changed byte of the receipt line is refused.
	for i := 0; i < bytes.IndexByte(b, '\n'); i++ {
		c := bytes.Clone(b)
		c[i] ^= 1
		if _, err := VerifyReceipt(c, pub); err == nil {
			t.Fatalf("flipped byte %d accepted", i)
		}
	}
	// A receipt signed by a forger who puts his own key inside is refused against the pinned key.
	fpub, fpriv, _ := minisign.GenerateKey(rand.Reader)
	forged, _ := EncodeReceipt(testReceipt(fpub), fpriv)
	if _, err := VerifyReceipt(forged, pub); !errors.Is(err, ErrReceiptSignature) {
		t.Errorf("forged receipt: %v", err)
	}
}

func TestParseSigningKey(t *testing.T) {
	pub, _, _ := minisign.GenerateKey(rand.Reader)
	text, _ := pub.MarshalText()
	for _, s := range []string{pub.String(), string(text), string(text) + "\n"} {
		got, err := ParseSigningKey(s)
		if err != nil || !got.Equal(pub) {
			t.Errorf("ParseSigningKey(%q) = %v, %v", s, got, err)
		}
	}
}

// TestReceiptStockMinisign: the receipt's first line and the rest verify with stock minisign.
func TestReceiptStockMinisign(t *testing.T) {
	bin, err := exec.LookPath("minisign")
	if err != nil {
		t.Skip("minisign not installed")
	}
	pub, priv, _ := minisign.GenerateKey(rand.Reader)
	b, _ := EncodeReceipt(testReceipt(pub), priv)
	i := bytes.IndexByte(b, '\n')
	dir := t.TempDir()
	text, _ := pub.MarshalText()
	os.WriteFile(filepath.Join(dir, "r.json"), b[:i+1], 0o644)
	os.WriteFile(filepath.Join(dir, "r.json.minisig"), b[i+1:], 0o644)
	os.WriteFile(filepath.Join(dir, "office.pub"), append(text, '\n'), 0o644)
	if out, err := exec.Command(bin, "-Vm", filepath.Join(dir, "r.json"), "-p", filepath.Join(dir, "office.pub")).CombinedOutput(); err != nil {
		t.Fatalf("minisign -V: %v\n%s", err, out)
	}
}
