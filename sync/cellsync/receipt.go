package cellsync

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"aead.dev/minisign"
	"filippo.io/age"

	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/payload"
)

// ReceiptResult is what reading a receipt did.
type ReceiptResult struct {
	// Receipt is the verified receipt: what the office acknowledged (status, counts, the
	// records it kept aside).
	Receipt payload.Receipt
	// AlreadyRead: the same receipt (or another for the same bundle) was read before; nothing
	// changed.
	AlreadyRead bool
	// PinnedNow: no office was pinned, and this receipt's office now is. The secretary should
	// compare OfficeFingerprint with the one on the office's paper.
	PinnedNow bool
	// OfficeFingerprint is the fingerprint of the key that signed the receipt.
	OfficeFingerprint string
}

// maxSmallFile bounds the receipt and card files read (a receipt is a few kilobytes).
const maxSmallFile = 1 << 20

func readSmall(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, refuse(ErrReadFile, "sync.err.read_file", map[string]any{"Path": path}, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSmallFile+1))
	if err != nil {
		return nil, refuse(ErrReadFile, "sync.err.read_file", map[string]any{"Path": path}, err)
	}
	return b, nil
}

// ReadReceipt reads the office's receipt at path and, when it is genuine and new, records
// what it acknowledged.
//
// With an office pinned, the receipt must be signed by that office's key. With none pinned,
// it is accepted only when it is validly signed by the key it names and names this cell and a
// bundle this cell exported (number and manifest hash); that office is then pinned
// (PinnedNow) and its fingerprint returned, to compare with the office's paper. Refusals,
// each its own *Error: a damaged file (ErrReceiptDamaged), a bad signature
// (ErrReceiptForged), another office's key (ErrReceiptOtherOffice), another cell
// (ErrReceiptOtherCell), a bundle this cell never exported (ErrReceiptUnknownBundle), a
// receipt older than one already read (ErrReceiptOld), a chain head this cell does not have
// (ErrReceiptHead). A receipt for the bundle of the last receipt read is AlreadyRead and
// changes nothing.
//
// On success, in one transaction (store.Cell.ApplyReceipt): everything the bundles up to the
// receipt's carried becomes acknowledged, except the records the office kept aside (they
// travel again), the acknowledged chain head becomes the receipt's, the receipt is stored,
// the office's recipient is pinned, and a pending key rotation completes when an
// acknowledged bundle announced it.
func ReadReceipt(ctx context.Context, c *store.Cell, path string) (ReceiptResult, error) {
	var res ReceiptResult
	raw, err := readSmall(path)
	if err != nil {
		return res, err
	}
	name := filepath.Base(path)
	damaged := func(cause error) error {
		return refuse(ErrReceiptDamaged, "sync.err.receipt_damaged", map[string]any{"Name": name}, cause)
	}
	r, _, sigText, err := payload.ParseReceipt(raw)
	if err != nil {
		return res, damaged(err)
	}
	// A signature that does not even parse is damage (a truncated copy), not forgery.
	var sig minisign.Signature
	if err := sig.UnmarshalText(sigText); err != nil || sig.Algorithm != minisign.HashEdDSA {
		return res, damaged(err)
	}
	office, err := c.Office(ctx)
	pinned := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return res, wrapf(err, "office")
	}
	var pub minisign.PublicKey
	if pinned {
		if pub, err = payload.ParseSigningKey(office.SigningKey); err != nil {
			return res, wrapf(err, "pinned office key")
		}
		if strings.TrimSpace(r.SigningKey) != pub.String() || (office.Code != "" && r.Office != office.Code) {
			return res, refuse(ErrReceiptOtherOffice, "sync.err.receipt_other_office",
				map[string]any{"Office": office.Name, "Name": name}, nil)
		}
	} else if pub, err = payload.ParseSigningKey(r.SigningKey); err != nil {
		return res, damaged(err)
	}
	r, err = payload.VerifyReceipt(raw, pub)
	switch {
	case errors.Is(err, payload.ErrReceiptSignature):
		return res, refuse(ErrReceiptForged, "sync.err.receipt_forged", map[string]any{"Name": name}, err)
	case err != nil:
		return res, damaged(err)
	}
	res.Receipt, res.OfficeFingerprint = r, bundle.Fingerprint(pub)
	if r.Recipient != "" {
		if _, err := age.ParseX25519Recipient(r.Recipient); err != nil {
			return res, damaged(err)
		}
	}
	if r.Status != payload.ReceiptImported && r.Status != payload.ReceiptAlreadyImported {
		return res, damaged(errors.New("unknown status " + r.Status))
	}
	own := c.Profile().Code
	if r.Cell != own {
		return res, refuse(ErrReceiptOtherCell, "sync.err.receipt_other_cell", map[string]any{"Cell": r.Cell, "Own": own}, nil)
	}
	unknown := refuse(ErrReceiptUnknownBundle, "sync.err.receipt_unknown_bundle", map[string]any{"Seq": r.Seq}, nil)
	exp, err := c.SyncExportBySeq(ctx, r.Seq)
	if errors.Is(err, store.ErrNotFound) || (err == nil && exp.ManifestHash != r.ManifestHash) {
		return res, unknown
	}
	if err != nil {
		return res, wrapf(err, "bundle %d", r.Seq)
	}
	st, err := c.SyncState(ctx)
	if err != nil {
		return res, wrapf(err, "sync state")
	}
	switch {
	case r.Seq == st.AckedSeq:
		res.AlreadyRead = true
		return res, nil
	case r.Seq < st.AckedSeq:
		return res, refuse(ErrReceiptOld, "sync.err.receipt_old", map[string]any{"Seq": r.Seq, "Last": st.AckedSeq}, nil)
	}
	if h := r.ChainHead; h.Seq < 0 || (h.Seq == 0) != (h.Hash == "") {
		return res, damaged(errors.New("chain head is not valid"))
	} else if h.Seq > 0 {
		chain, err := c.Chain(ctx)
		if err != nil {
			return res, wrapf(err, "chain")
		}
		if h.Seq > len(chain) || chain[h.Seq-1].EntryHash != h.Hash {
			return res, refuse(ErrReceiptHead, "sync.err.receipt_head", map[string]any{"Seq": h.Seq}, nil)
		}
	}

	counts, err := json.Marshal(r.Counts)
	if err != nil {
		return res, wrapf(err, "counts")
	}
	conflicts, err := json.Marshal(r.Conflicts)
	if err != nil {
		return res, wrapf(err, "conflicts")
	}
	sr := store.SyncReceipt{Seq: r.Seq, Office: r.Office, ManifestHash: r.ManifestHash, Status: r.Status,
		HeadSeq: r.ChainHead.Seq, HeadHash: r.ChainHead.Hash, Counts: counts, Conflicts: conflicts, Bytes: raw}
	for _, k := range r.Conflicts {
		sr.Kept = append(sr.Kept, store.SyncItem{Kind: k.Kind, ID: k.ID, Version: k.Version})
	}
	var pin *store.Office
	switch {
	case !pinned:
		pin = &store.Office{Code: r.Office, Name: r.OfficeName, SigningKey: pub.String(), Recipient: r.Recipient,
			How: store.PinnedByReceipt}
		res.PinnedNow = true
	case (r.Recipient != "" && r.Recipient != office.Recipient) || (r.OfficeName != "" && r.OfficeName != office.Name):
		o := office
		if r.Recipient != "" {
			o.Recipient = r.Recipient
		}
		if r.OfficeName != "" {
			o.Name = r.OfficeName
		}
		pin = &o
	}
	switch err := c.ApplyReceipt(ctx, sr, pin); {
	case errors.Is(err, store.ErrUnknownBundle):
		return ReceiptResult{}, unknown
	case errors.Is(err, store.ErrStaleReceipt):
		return ReceiptResult{}, refuse(ErrReceiptOld, "sync.err.receipt_old", map[string]any{"Seq": r.Seq, "Last": st.AckedSeq}, err)
	case err != nil:
		return ReceiptResult{}, wrapf(err, "apply receipt")
	}
	return res, nil
}

// LoadOfficeCard pins the office from the card file it gives its cells at enrolment (a
// payload.OfficeCard in JSON), so that even the first bundle is encrypted to it and its
// receipts are checked against its key. A card of the office already pinned refreshes its
// name and recipient. A card of another office (another code or signing key) is refused with
// ErrOtherOffice unless replace is set.
func LoadOfficeCard(ctx context.Context, c *store.Cell, path string, replace bool) (payload.OfficeCard, error) {
	raw, err := readSmall(path)
	if err != nil {
		return payload.OfficeCard{}, err
	}
	card, err := ParseOfficeCard(raw)
	if err != nil {
		return payload.OfficeCard{}, refuse(ErrCardDamaged, "sync.err.card_damaged", map[string]any{"Name": filepath.Base(path)}, err)
	}
	pub, _ := payload.ParseSigningKey(card.SigningKey)
	old, err := c.Office(ctx)
	switch {
	case err == nil:
		if (old.SigningKey != pub.String() || old.Code != card.Office) && !replace {
			return card, refuse(ErrOtherOffice, "sync.err.other_office",
				map[string]any{"Pinned": old.Name, "Office": card.OfficeName}, nil)
		}
	case !errors.Is(err, store.ErrNotFound):
		return card, wrapf(err, "office")
	}
	err = c.PinOffice(ctx, store.Office{Code: card.Office, Name: card.OfficeName, SigningKey: pub.String(),
		Recipient: card.Recipient, How: store.PinnedByCard})
	if err != nil {
		return card, wrapf(err, "pin office")
	}
	return card, nil
}

// ParseOfficeCard reads an office card strictly: known fields only, a code, a name, a
// minisign signing key, and an age X25519 recipient when one is given.
func ParseOfficeCard(raw []byte) (payload.OfficeCard, error) {
	var card payload.OfficeCard
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&card); err != nil {
		return card, err
	}
	if dec.More() {
		return card, errors.New("data after the card")
	}
	card.Office = strings.TrimSpace(card.Office)
	card.OfficeName = strings.TrimSpace(card.OfficeName)
	if card.Office == "" || card.OfficeName == "" {
		return card, errors.New("the card names no office")
	}
	if _, err := payload.ParseSigningKey(card.SigningKey); err != nil {
		return card, err
	}
	if card.Recipient != "" {
		if _, err := age.ParseX25519Recipient(card.Recipient); err != nil {
			return card, err
		}
	}
	return card, nil
}
