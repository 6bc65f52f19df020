package bundle

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"aead.dev/minisign"
)

// Key is a cell's (or office's) Ed25519 signing key pair in minisign's form.
type Key struct {
	Public  minisign.PublicKey
	Private minisign.PrivateKey
}

// GenerateKey makes a new random key pair.
func GenerateKey() (Key, error) {
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		return Key{}, fmt.Errorf("bundle: generate key: %w", err)
	}
	return Key{Public: pub, Private: priv}, nil
}

// PublicKeyText returns the public key in minisign's two-line text format
// with a trailing newline, as the stock `minisign -V -p key.pub` reads it.
func PublicKeyText(pub minisign.PublicKey) []byte {
	b, _ := pub.MarshalText() // never fails, per its documentation
	return append(b, '\n')
}

// ParsePublicKey reads a public key in minisign's text format.
func ParsePublicKey(text []byte) (minisign.PublicKey, error) {
	var pub minisign.PublicKey
	if err := pub.UnmarshalText([]byte(strings.TrimSpace(string(text)))); err != nil {
		return minisign.PublicKey{}, fmt.Errorf("bundle: parse public key: %w", err)
	}
	return pub, nil
}

// PrivateKeyBytes returns the private key in minisign's unencrypted text
// format. Whoever stores it must protect the file as a secret.
func (k Key) PrivateKeyBytes() ([]byte, error) {
	b, err := k.Private.MarshalText()
	if err != nil {
		return nil, fmt.Errorf("bundle: encode private key: %w", err)
	}
	return b, nil
}

// ParsePrivateKey reads a key pair from the bytes PrivateKeyBytes returned.
func ParsePrivateKey(b []byte) (Key, error) {
	var priv minisign.PrivateKey
	if err := priv.UnmarshalText(b); err != nil {
		return Key{}, fmt.Errorf("bundle: parse private key: %w", err)
	}
	pub, ok := priv.Public().(minisign.PublicKey)
	if !ok {
		return Key{}, fmt.Errorf("bundle: parse private key: unexpected public key type %T", priv.Public())
	}
	return Key{Public: pub, Private: priv}, nil
}

// Fingerprint returns a short text that identifies pub, to be printed on paper
// or read over the phone when the office enrolls a cell's key: the first 80
// bits of SHA-256 over the key's binary form (algorithm, key id and the full
// Ed25519 key), as five groups of four lowercase hex digits, e.g.
// "3f2a-9c01-be77-0d4e-51aa". Unlike the minisign key id, it covers the
// whole key.
func Fingerprint(pub minisign.PublicKey) string {
	raw, err := base64.StdEncoding.DecodeString(pub.String())
	if err != nil { // cannot happen: String is base64 by construction
		raw = []byte(pub.String())
	}
	sum := sha256.Sum256(raw)
	h := hex.EncodeToString(sum[:10])
	return h[0:4] + "-" + h[4:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20]
}
