package store

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// KDFParams are the argon2id settings that turn a passphrase into the key that unwraps a cell's
// data key. They are stored with the cell, so they can be raised later without breaking
// existing cells.
type KDFParams struct {
	Time      uint32 `json:"t"`
	MemoryKiB uint32 `json:"m"`
	Threads   uint8  `json:"p"`
	Salt      []byte `json:"salt"`
}

// DefaultKDF is used for every real cell: 64 MiB and three passes, about half a second on a
// cheap laptop, which also slows down anyone guessing passphrases from a copy of the file.
var DefaultKDF = KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 2}

// FastKDF is for tests only: it makes a cell in milliseconds and protects nothing.
var FastKDF = KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

// MinPassphraseRunes is the shortest passphrase a cell accepts.
const MinPassphraseRunes = 6

const keyAAD = "chibo cell data key v1"

func deriveKEK(pass string, p KDFParams) []byte {
	return argon2.IDKey([]byte(pass), p.Salt, p.Time, p.MemoryKiB, p.Threads, 32)
}

func aeadFor(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// newKeys makes a random data key and wraps it under a key derived from pass. The data key
// never changes; changing the passphrase only re-wraps it.
func newKeys(pass string, p KDFParams) (kdfJSON, wrapped string, dek []byte, err error) {
	if utf8.RuneCountInString(pass) < MinPassphraseRunes {
		return "", "", nil, ErrPassphraseTooShort
	}
	p.Salt = make([]byte, 16)
	dek = make([]byte, 32)
	if _, err := rand.Read(p.Salt); err != nil {
		return "", "", nil, err
	}
	if _, err := rand.Read(dek); err != nil {
		return "", "", nil, err
	}
	a, err := aeadFor(deriveKEK(pass, p))
	if err != nil {
		return "", "", nil, err
	}
	nonce := make([]byte, a.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", "", nil, err
	}
	sealed := a.Seal(nonce, nonce, dek, []byte(keyAAD))
	kj, err := json.Marshal(p)
	if err != nil {
		return "", "", nil, err
	}
	return string(kj), base64.StdEncoding.EncodeToString(sealed), dek, nil
}

// unwrapKey returns the data key, or ErrWrongPassphrase.
func unwrapKey(pass, kdfJSON, wrapped string) ([]byte, error) {
	var p KDFParams
	if err := json.Unmarshal([]byte(kdfJSON), &p); err != nil {
		return nil, fmt.Errorf("store: kdf settings: %w", err)
	}
	sealed, err := base64.StdEncoding.DecodeString(wrapped)
	if err != nil {
		return nil, fmt.Errorf("store: wrapped key: %w", err)
	}
	a, err := aeadFor(deriveKEK(pass, p))
	if err != nil {
		return nil, err
	}
	if len(sealed) < a.NonceSize() {
		return nil, errors.New("store: wrapped key too short")
	}
	dek, err := a.Open(nil, sealed[:a.NonceSize()], sealed[a.NonceSize():], []byte(keyAAD))
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return dek, nil
}

// blindIndex is a keyed hash of a personal value, so uniqueness can be enforced and exact
// look-ups made without the value itself being needed in the clear.
func blindIndex(dek []byte, purpose, value string) []byte {
	m := hmac.New(sha256.New, dek)
	m.Write([]byte(purpose))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return m.Sum(nil)
}

// unlockDelay is how long the next attempt must wait after failures wrong passphrases in a row:
// none for the first three, then 5 s doubling to at most 5 minutes.
func unlockDelay(failures int) time.Duration {
	if failures < 3 {
		return 0
	}
	d := 5 * time.Second
	for i := 3; i < failures && d < 5*time.Minute; i++ {
		d *= 2
	}
	if d > 5*time.Minute {
		d = 5 * time.Minute
	}
	return d
}

func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
