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

	// CaughtUp: the receipt is for a bundle later than any the cell's data remembers (it was
	// restored from an older backup, or copied from another computer). The cell's numbering
	// moved on to that bundle (the next is Receipt.Seq+1) and the next bundle carries every
	// record again. LastKnown is the last bundle the data remembered before.
	CaughtUp  bool
	LastKnown uint64
	// ChainBehind (only with CaughtUp): the office holds approved minutes up to entry
	// OfficeHead of the cell's chain, which the cell's data does not have (its chain ends at
	// CellHead, or differs): approved minutes were lost with the restore. The office will
	// refuse the next bundle until it enrols the cell again.
	ChainBehind bool
	OfficeHead  int
	CellHead    int
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
// One receipt for a bundle the cell's data does not remember is taken: from the pinned
// office, for a bundle numbered above the last one the data knows in its current numbering.
// That is the cell after restoring a backup older than its last exports; the receipt is a
// catch-up (CaughtUp, see store.Cell.CatchUp), not a refusal. Its chain head need not be in
// the cell's chain: if it is not, ChainBehind says approved minutes were lost. With no office
// pinned such a receipt is refused (ErrReceiptUnknownBundle, with a sentence saying to load
// the office's card first), since any key could have signed it.
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
	if h := r.ChainHead; h.Seq < 0 || (h.Seq == 0) != (h.Hash == "") {
		return res, damaged(errors.New("chain head is not valid"))
	}
	unknown := refuse(ErrReceiptUnknownBundle, "sync.err.receipt_unknown_bundle", map[string]any{"Seq": r.Seq}, nil)
	st, err := c.SyncState(ctx)
	if err != nil {
		return res, wrapf(err, "sync state")
	}
	exp, err := c.SyncExportBySeq(ctx, r.Seq)
	if errors.Is(err, store.ErrNotFound) && r.Seq > st.LastSeq {
		// A bundle later than any the data remembers: the data was restored from an older
		// backup. Only the office the cell already trusts can move its numbering on.
		if !pinned {
			return res, refuse(ErrReceiptUnknownBundle, "sync.err.receipt_ahead_unpinned",
				map[string]any{"Seq": r.Seq, "Last": st.LastSeq}, nil)
		}
		return catchUp(ctx, c, res, r, raw, office, st)
	}
	if errors.Is(err, store.ErrNotFound) && r.Seq <= st.AckedSeq {
		// A bundle written from data since lost, before the one a catch-up read.
		return res, refuse(ErrReceiptOld, "sync.err.receipt_old", map[string]any{"Seq": r.Seq, "Last": st.AckedSeq}, nil)
	}
	if errors.Is(err, store.ErrNotFound) || (err == nil && exp.ManifestHash != r.ManifestHash) {
		return res, unknown
	}
	if err != nil {
		return res, wrapf(err, "bundle %d", r.Seq)
	}
	switch {
	case r.Seq == st.AckedSeq:
		res.AlreadyRead = true
		return res, nil
	case r.Seq < st.AckedSeq:
		return res, refuse(ErrReceiptOld, "sync.err.receipt_old", map[string]any{"Seq": r.Seq, "Last": st.AckedSeq}, nil)
	}
	if h := r.ChainHead; h.Seq > 0 {
		chain, err := c.Chain(ctx)
		if err != nil {
			return res, wrapf(err, "chain")
		}
		if h.Seq > len(chain) || chain[h.Seq-1].EntryHash != h.Hash {
			return res, refuse(ErrReceiptHead, "sync.err.receipt_head", map[string]any{"Seq": h.Seq}, nil)
		}
	}

	sr, err := storeReceipt(r, raw)
	if err != nil {
		return res, err
	}
	var pin *store.Office
	if !pinned {
		pin = &store.Office{Code: r.Office, Name: r.OfficeName, SigningKey: pub.String(), Recipient: r.Recipient,
			How: store.PinnedByReceipt}
		res.PinnedNow = true
	} else {
		pin = refreshOffice(office, r)
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

// storeReceipt is a verified receipt in the store's terms.
func storeReceipt(r payload.Receipt, raw []byte) (store.SyncReceipt, error) {
	counts, err := json.Marshal(r.Counts)
	if err != nil {
		return store.SyncReceipt{}, wrapf(err, "counts")
	}
	conflicts, err := json.Marshal(r.Conflicts)
	if err != nil {
		return store.SyncReceipt{}, wrapf(err, "conflicts")
	}
	sr := store.SyncReceipt{Seq: r.Seq, Office: r.Office, ManifestHash: r.ManifestHash, Status: r.Status,
		HeadSeq: r.ChainHead.Seq, HeadHash: r.ChainHead.Hash, Counts: counts, Conflicts: conflicts, Bytes: raw}
	for _, k := range r.Conflicts {
		sr.Kept = append(sr.Kept, store.SyncItem{Kind: k.Kind, ID: k.ID, Version: k.Version})
	}
	return sr, nil
}

// refreshOffice returns the pinned office with the name and recipient a receipt of it gives,
// or nil when they are the same.
func refreshOffice(office store.Office, r payload.Receipt) *store.Office {
	if (r.Recipient == "" || r.Recipient == office.Recipient) && (r.OfficeName == "" || r.OfficeName == office.Name) {
		return nil
	}
	o := office
	if r.Recipient != "" {
		o.Recipient = r.Recipient
	}
	if r.OfficeName != "" {
		o.Name = r.OfficeName
	}
	return &o
}

// catchUp takes a receipt of the pinned office for a bundle later than the last this cell's
// data remembers (st.LastSeq): the secretary restored an older backup, and the bundles she
// wrote after it are at the office. Refusing the receipt would leave the cell numbering its
// next bundle as one the office holds with other content, refused as a fork, for ever. So the
// numbering moves on to the receipt's bundle, what was acknowledged is forgotten (the next
// bundle carries everything; the office's import is idempotent), and the acknowledged chain
// head becomes the office's if the cell's chain has that very entry. If it does not, approved
// minutes were lost with the restore: ChainBehind says so, and the office will refuse the
// next bundle until it enrols the cell again.
func catchUp(ctx context.Context, c *store.Cell, res ReceiptResult, r payload.Receipt, raw []byte, office store.Office, st store.SyncState) (ReceiptResult, error) {
	sr, err := storeReceipt(r, raw)
	if err != nil {
		return res, err
	}
	b := store.SyncExport{Seq: r.Seq, ManifestHash: r.ManifestHash, FileName: bundle.FileName(r.Cell, r.Seq),
		Created: r.Issued, HeadSeq: r.ChainHead.Seq, HeadHash: r.ChainHead.Hash}
	reached, err := c.CatchUp(ctx, b, sr, refreshOffice(office, r))
	if err != nil {
		return ReceiptResult{}, wrapf(err, "catch up with receipt %d", r.Seq)
	}
	res.CaughtUp, res.LastKnown = true, st.LastSeq
	if !reached {
		chain, err := c.Chain(ctx)
		if err != nil {
			return res, wrapf(err, "chain")
		}
		res.ChainBehind, res.OfficeHead, res.CellHead = true, r.ChainHead.Seq, len(chain)
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
