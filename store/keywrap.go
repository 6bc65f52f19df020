package store

import (
	"crypto/rand"
	"errors"
	"time"
)

// This file lends the cell's key scheme to other profiles that keep their own file and
// passphrase (the receiving office, sync/office): a random data key wrapped under an argon2id
// key derived from the passphrase, AES-256-GCM for anything sealed with the data key, and the
// same throttling of wrong passphrases. They are thin wrappers so that there is one scheme.

// ErrSealed is returned by OpenSealed when sealed bytes do not open with the data key (another
// key, or damaged bytes).
var ErrSealed = errors.New("store: sealed value does not open with this key")

// KDFFrom returns the key-derivation settings the options choose: DefaultKDF unless WithKDF
// was given.
func KDFFrom(opts ...Option) KDFParams {
	o := options{kdf: DefaultKDF}
	for _, f := range opts {
		f(&o)
	}
	return o.kdf
}

// WrapNewKey makes a random 32-byte data key and wraps it under a key derived from passphrase
// with p (a fresh salt is drawn). It returns the settings and the wrapped key to store beside
// the data, and the data key itself. A passphrase shorter than MinPassphraseRunes gives
// ErrPassphraseTooShort.
func WrapNewKey(passphrase string, p KDFParams) (kdfJSON, wrapped string, dataKey []byte, err error) {
	return newKeys(passphrase, p)
}

// UnwrapKey returns the data key that WrapNewKey wrapped, or ErrWrongPassphrase.
func UnwrapKey(passphrase, kdfJSON, wrapped string) ([]byte, error) {
	return unwrapKey(passphrase, kdfJSON, wrapped)
}

// Seal encrypts plaintext with the data key (AES-256-GCM, random nonce first), binding it to
// aad: the same aad must be given to OpenSealed.
func Seal(dataKey, plaintext, aad []byte) ([]byte, error) {
	a, err := aeadFor(dataKey)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, a.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return a.Seal(nonce, nonce, plaintext, aad), nil
}

// OpenSealed decrypts what Seal returned, or returns ErrSealed.
func OpenSealed(dataKey, sealed, aad []byte) ([]byte, error) {
	a, err := aeadFor(dataKey)
	if err != nil {
		return nil, err
	}
	if len(sealed) < a.NonceSize() {
		return nil, ErrSealed
	}
	pt, err := a.Open(nil, sealed[:a.NonceSize()], sealed[a.NonceSize():], aad)
	if err != nil {
		return nil, ErrSealed
	}
	return pt, nil
}

// UnlockDelay is how long an unlock attempt must wait after failures wrong passphrases in a
// row: none for the first three, then 5 s doubling to at most 5 minutes (as for cells).
func UnlockDelay(failures int) time.Duration {
	return unlockDelay(failures)
}
